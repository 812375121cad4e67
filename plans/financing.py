"""The co-financing rule and the financing totals that every page and document prints.

The rule (LBF: "mindst 25 % lokal medfinansiering"): the local share is the money from every
source other than Landsbyggefonden, divided by all the money, over the whole period.

Rounding, written down once: the check compares the exact share (kroner are integers, the
division is done in Decimal with no rounding) with the minimum, so 24,99 % fails and 25,00 %
passes. The share is *shown* with one decimal, rounded half up (26,986 % → 27,0 %); when the
rounded figure would hide a failure (24,996 % shows as 25,0 %) the message shows two decimals.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from .numbers import format_kr, format_number


@dataclass(frozen=True)
class Rule:
    """One money rule with its verdict and a Danish explanation."""

    ok: bool
    message: str


@dataclass
class Split:
    lbf: int = 0
    local: int = 0

    @property
    def total(self) -> int:
        return self.lbf + self.local

    def add(self, is_lbf: bool, amount: int) -> None:
        if is_lbf:
            self.lbf += amount
        else:
            self.local += amount


def local_share(split: Split) -> Decimal | None:
    """The exact local share in percent, or None when there is no money at all."""
    if split.total == 0:
        return None
    return Decimal(split.local) * 100 / Decimal(split.total)


def share_text(share: Decimal) -> str:
    """'27,0 %' – one decimal, always shown, half up."""
    return format_number(share, "%", places=1)


def missing_local(split: Split, minimum: Decimal) -> int:
    """The local kroner missing to reach the minimum share of the same total (0 when it is
    reached), rounded up to whole kroner."""
    share = local_share(split)
    if share is None or share >= minimum:
        return 0
    missing = Decimal(minimum) * split.total / 100 - split.local
    return int(missing.to_integral_value(rounding=ROUND_CEILING))


def co_financing_rule(split: Split, minimum: Decimal, year: int | None = None) -> Rule:
    """The rule over the whole period, or (`year`) for one year's money."""
    share = local_share(split)
    if share is None:
        return Rule(
            False, _("No financing has been entered yet, so the local share cannot be calculated.")
        )
    shown = share_text(share)
    minimum_text = share_text(Decimal(minimum))
    prefix = f"{year}: " if year is not None else ""
    if share >= minimum:
        return Rule(
            True,
            prefix
            + _("The local co-financing is %(share)s of %(total)s (at least %(minimum)s required)")
            % {"share": shown, "minimum": minimum_text, "total": format_kr(split.total)},
        )
    if shown == minimum_text:
        shown = format_number(share, "%", places=2)
    return Rule(
        False,
        prefix
        + _(
            "The local co-financing is only %(share)s; at least %(minimum)s is "
            "required, so %(missing)s more local money is needed"
        )
        % {
            "share": shown,
            "minimum": minimum_text,
            "missing": format_kr(missing_local(split, minimum)),
        },
    )


@dataclass
class FinancingSummary:
    """Financing of one plan: per year, per focus area (None = tværgående) and in total."""

    years: list[int]
    minimum: Decimal
    total: Split = field(default_factory=Split)
    by_year: dict = field(default_factory=lambda: defaultdict(Split))
    by_area: dict = field(default_factory=lambda: defaultdict(Split))

    @property
    def share(self) -> Decimal | None:
        return local_share(self.total)

    @property
    def share_display(self) -> str:
        share = self.share
        return share_text(share) if share is not None else "–"

    @property
    def rule(self) -> Rule:
        return co_financing_rule(self.total, self.minimum)

    def year_rule(self, year: int) -> Rule | None:
        """The co-financing rule for one year's money (None: no money that year)."""
        split = self.by_year[year]
        if not split.total:
            return None
        return co_financing_rule(split, self.minimum, year=year)

    def year_rules(self) -> list[Rule]:
        return [rule for year in self.years if (rule := self.year_rule(year)) is not None]

    def year_missing(self, year: int) -> int:
        return missing_local(self.by_year[year], self.minimum)

    def year_share_display(self, year: int) -> str:
        share = local_share(self.by_year[year])
        return share_text(share) if share is not None else "–"

    def year_rows(self):
        return [(year, self.by_year[year], self.year_share_display(year)) for year in self.years]


def summarise(*, years: list[int], minimum: Decimal, amounts) -> FinancingSummary:
    """`amounts`: (is_lbf, focus_area_id or None, year, amount) for every financing amount."""
    summary = FinancingSummary(years=years, minimum=minimum)
    for is_lbf, area_id, year, amount in amounts:
        summary.total.add(is_lbf, amount)
        summary.by_year[year].add(is_lbf, amount)
        summary.by_area[area_id].add(is_lbf, amount)
    return summary
