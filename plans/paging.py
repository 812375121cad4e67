"""Pages of a long list: `?side=N`, counted and sliced in the database.

A list a user may have hundreds of rows in (the plan list, the portfolio) shows one page at a
time, so the time and the memory of a page do not grow with the number of plans.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict


def page_number(query: QueryDict) -> int:
    """`?side=N`; anything that is not a positive whole number (ASCII digits) is page 1, and
    a page beyond the last is the last (see `Page.of`)."""
    raw = query.get("side", "1")
    # ASCII digits only: isdigit() also takes "²" and "３", which int() refuses or reads.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or int(raw) < 1:
        return 1
    return int(raw)


@dataclass(frozen=True)
class Page:
    """Where one page of a list starts and what the controls link to."""

    number: int
    pages: int
    total: int
    per_page: int
    # The other query parameters the links keep (the sort order).
    keep: tuple = ()

    @classmethod
    def of(cls, *, total: int, per_page: int, number: int, keep: dict | None = None) -> "Page":
        pages = max(1, -(-total // per_page))
        return cls(min(number, pages), pages, total, per_page, tuple((keep or {}).items()))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def end(self) -> int:
        return self.offset + self.per_page

    @property
    def first_row(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.end, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def _url(self, number: int) -> str:
        return "?" + urlencode([*self.keep, ("side", number)])

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1)

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1)

    @property
    def links(self) -> list[tuple[int, str]]:
        """(number, url) of the pages the controls list: the first, the last and two on
        either side of this one; 0 stands for a gap."""
        wanted = {1, self.pages, *range(self.number - 2, self.number + 3)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.pages)
        found, last = [], 0
        for number in numbers:
            if number - last > 1:
                found.append((0, ""))
            found.append((number, self._url(number)))
            last = number
        return found
