"""Målopfyldelse: is a success criterion on track? One rule, with its reasons in Danish.

The rule, in the words a bestyrelse would use:

1. No measurement yet → *ikke målt* (and say when the baseline is due, if it is not known).
2. Qualitative: the latest measurement says achieved → *på sporet*; not achieved → *i risiko*
   while there is time left, *ikke på sporet* after the target year.
3. Quantitative: the target is turned into a level (absolute; baseline ± points; baseline
   ± percent). Without a baseline a relative target has no level: the first measurement then
   stands in for the baseline (a baseline measured late), and a single measurement cannot show
   progress → *ikke målt*.
4. The latest measurement has reached the level → *på sporet* (target met).
5. After the target year without reaching it → *ikke på sporet*.
6. Otherwise compare progress (share of the way from baseline to target covered) with time
   (share of the time from baseline to the end of the target year that has passed, at the
   latest measurement): at least time − 15 points → *på sporet*; some progress in the right
   direction → *i risiko*; none, or the wrong way → *ikke på sporet*.
7. With no baseline and an absolute target, progress cannot be judged: not yet reached
   → *i risiko*.
8. A range (e.g. 5-10) is reached when the latest measurement is at or inside the range on
   the criterion's side: up → at least the lower end; down → at most the upper end; reach a
   level → between the two ends, both included. Progress is measured towards the end that
   is reached first (the lower end going up, the upper end going down). A range needs no
   baseline, like an absolute target.
9. A target in words is judged like a qualitative criterion: its measurements say achieved
   or not achieved (rule 2).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from plans.numbers import format_number

ON_TRACK = "paa_sporet"
AT_RISK = "i_risiko"
OFF_TRACK = "ikke_paa_sporet"
NOT_MEASURED = "ikke_maalt"

# Progress may lag time by this share and still count as on track.
TOLERANCE = Decimal("0.15")


@dataclass(frozen=True)
class CriterionStatus:
    code: str
    reason: str

    @property
    def label(self) -> str:
        return status_label(self.code)


_LABELS = {
    ON_TRACK: gettext_lazy("on track"),
    AT_RISK: gettext_lazy("at risk"),
    OFF_TRACK: gettext_lazy("off track"),
    NOT_MEASURED: gettext_lazy("not measured"),
}


def status_label(code: str) -> str:
    return str(_LABELS[code])


def _silent(message: str) -> str:
    """Stands in for gettext when only the status is wanted: '' % {...} is ''."""
    return ""


@dataclass(frozen=True)
class Point:
    value: Decimal | None
    achieved: bool | None
    on: datetime.date


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _baseline_date(period: str, fallback: datetime.date) -> datetime.date:
    """'2018' or '2018/19' → 31.12.2018; anything else → the fallback."""
    digits = period.strip()[:4]
    # ASCII digits only ("²".isdigit() is true and int() refuses it), and no year 0.
    if re.fullmatch(r"[0-9]{4}", digits) and int(digits) >= 1:
        return _year_end(int(digits))
    return fallback


def target_level(kind: str, direction: str, baseline: Decimal | None, value: Decimal | None):
    if value is None:
        return None
    if kind == "absolut":
        return value
    if baseline is None:
        return None
    sign = -1 if direction == "ned" else 1
    if kind == "point":
        return baseline + sign * value
    return baseline * (1 + sign * value / 100)


def _range_level(direction: str, baseline: Decimal | None, low, high):
    """The end of a range that is met first from the baseline, in the criterion's direction."""
    if low is None or high is None:
        return None
    if direction == "ned" or (direction == "naa" and baseline is not None and baseline > high):
        return high
    return low


def _in_range(direction: str, low: Decimal, high: Decimal, latest: Decimal) -> bool:
    if direction == "op":
        return latest >= low
    if direction == "ned":
        return latest <= high
    return low <= latest <= high


def _target_text(criterion, unit: str) -> str:
    value = criterion.target_value
    if criterion.target_kind == "interval":
        return _("target %(value)s") % {"value": criterion.target_display}
    if criterion.target_kind == "absolut":
        return _("target %(value)s") % {"value": format_number(value, unit)}
    sign = "−" if criterion.direction == "ned" else "+"
    if criterion.target_kind == "point":
        return _("target %(sign)s%(value)s points") % {"sign": sign, "value": format_number(value)}
    return _("target %(sign)s%(value)s %%") % {"sign": sign, "value": format_number(value)}


def _reached(direction: str, level: Decimal, latest: Decimal) -> bool:
    if direction == "ned":
        return latest <= level
    return latest >= level


def criterion_status(
    criterion,
    measurements,
    *,
    plan_start: datetime.date,
    today: datetime.date,
    explain: bool = True,
) -> CriterionStatus:
    """The status of one criterion from its measurements (any iterable, in any order).

    With `explain=False` the reason is left empty (the portfolio counts statuses only)."""
    _ = gettext if explain else _silent
    points = sorted(
        (Point(m.value, m.achieved, m.measured_on) for m in measurements), key=lambda p: p.on
    )
    unit = criterion.unit_label
    target_end = _year_end(criterion.target_year) if criterion.target_year else None

    def result(code, *parts):
        if not explain:
            return CriterionStatus(code, "")
        text = ", ".join(p for p in parts if p)
        reason = f"{text}: {status_label(code)}" if text else str(status_label(code))
        return CriterionStatus(code, reason[:1].upper() + reason[1:])

    if not points:
        if criterion.baseline_value is None and criterion.baseline_due:
            return result(
                NOT_MEASURED,
                _("baseline to be measured by %(date)s")
                % {"date": criterion.baseline_due.strftime("%d.%m.%Y")},
            )
        return result(NOT_MEASURED, _("no measurement yet"))

    latest = points[-1]
    latest_text = _("latest measurement %(value)s (%(year)s)") % {
        "value": (_("achieved") if latest.achieved else _("not achieved"))
        if criterion.is_qualitative
        else format_number(latest.value, unit),
        "year": latest.on.year,
    }

    if criterion.is_qualitative:
        if latest.achieved:
            return result(ON_TRACK, latest_text)
        if target_end and latest.on > target_end or (target_end and today > target_end):
            return result(OFF_TRACK, latest_text, _("the target year has passed"))
        return result(AT_RISK, latest_text)

    baseline = criterion.baseline_value
    baseline_on = _baseline_date(criterion.baseline_period, plan_start)
    baseline_text = ""
    absolute = criterion.target_kind in ("absolut", "interval")
    if baseline is None and not absolute:
        if len(points) < 2:
            return result(
                NOT_MEASURED,
                _("no baseline yet; first measurement %(value)s (%(year)s)")
                % {"value": format_number(latest.value, unit), "year": latest.on.year},
            )
        first = points[0]
        baseline, baseline_on = first.value, first.on
        baseline_text = _("baseline measured late %(value)s (%(year)s)") % {
            "value": format_number(baseline, unit),
            "year": first.on.year,
        }
    elif baseline is not None:
        baseline_text = _("baseline %(value)s") % {"value": format_number(baseline, unit)}

    if criterion.target_kind == "interval":
        low, high = criterion.target_value, criterion.target_value_max
        level = _range_level(criterion.direction, baseline, low, high)
        reached = level is not None and _in_range(criterion.direction, low, high, latest.value)
    else:
        level = target_level(
            criterion.target_kind, criterion.direction, baseline, criterion.target_value
        )
        reached = level is not None and _reached(criterion.direction, level, latest.value)
    target_text = _target_text(criterion, unit) if level is not None else ""
    if level is None:
        return result(NOT_MEASURED, baseline_text, latest_text, _("no target set"))

    if reached:
        return result(ON_TRACK, baseline_text, target_text, latest_text, _("target reached"))
    if target_end and max(today, latest.on) > target_end:
        return result(
            OFF_TRACK, baseline_text, target_text, latest_text, _("the target year has passed")
        )
    if baseline is None:
        return result(
            AT_RISK, target_text, latest_text, _("progress cannot be judged without a baseline")
        )

    distance = level - baseline
    progress = (latest.value - baseline) / distance if distance else Decimal(1)
    if target_end and target_end > baseline_on:
        elapsed = Decimal((latest.on - baseline_on).days) / Decimal((target_end - baseline_on).days)
        elapsed = min(max(elapsed, Decimal(0)), Decimal(1))
    else:
        elapsed = Decimal(0)
    if progress >= elapsed - TOLERANCE:
        code = ON_TRACK
    elif progress > 0:
        code = AT_RISK
    else:
        code = OFF_TRACK
    return result(code, baseline_text, target_text, latest_text)
