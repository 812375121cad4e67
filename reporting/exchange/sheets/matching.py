"""How a sheet row finds what it means in the plan: the one key-matching helper of the imports.

Two questions, asked by every importer:

- *Which existing row does this sheet row update?* (`KeyMatcher`): the row the ID column names
  when the sheet gives one, or else the row with the same natural key (milestone: title + year
  + quarter; budget line: text + focus area; activity: name + focus area; measurement:
  criterion + date; indicator value: indicator + housing estate + date). A sheet row that
  claims what an earlier sheet row claimed is refused, so that importing the same file twice
  changes nothing and no row is written twice.
- *Which focus area, activity, budget group, housing estate does this cell name?*
  (`NameLookup`): names are matched with spaces folded and case ignored; a name several rows
  share is resolved by the importer's preferences (the row's current activity, then one of
  the row's focus area) or refused as ambiguous.

Every lookup is built from rows read once per import (`selectors`), never once per row.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.utils.functional import Promise

from .cells import fold
from .outcomes import Problem

T = TypeVar("T")

# The identity a sheet row claims: ("id", pk) for an existing row, ("new", natural key) else.
Identity = tuple[str, Hashable]


class KeyMatcher(Generic[T]):
    """The plan's existing rows of one kind, by id and by natural key, and which sheet row has
    claimed each identity so far. When two existing rows share a natural key, the first of
    `items` wins (the selectors read them oldest first). Without items it only keeps the
    claims (a budget line's years)."""

    def __init__(
        self, items: Iterable[T] = (), natural_key: Callable[[T], Hashable] | None = None
    ) -> None:
        self.by_id: dict[Any, T] = {}
        self.by_key: dict[Hashable, T] = {}
        for item in items:
            self.by_id[item.pk] = item  # type: ignore[attr-defined]
            if natural_key is not None:
                self.by_key.setdefault(natural_key(item), item)
        self.claimed: dict[Hashable, int] = {}

    def given(
        self, row_id: int | None, *, column: str, missing: str | Promise, problems: list[Problem]
    ) -> T | None:
        """The existing row the sheet's ID column names, or None; an ID that names no row of
        the plan is a problem on `column` (`missing` takes `%(id)s`)."""
        if row_id is None:
            return None
        found = self.by_id.get(row_id)
        if found is None:
            problems.append(Problem(column, str(missing) % {"id": row_id}))
        return found

    def match(self, existing: T | None, key: Hashable) -> tuple[T | None, Identity]:
        """The existing row (the one given by ID, or else the one with the natural `key`) and
        the identity the sheet row claims."""
        if existing is None:
            existing = self.by_key.get(key)
        if existing is not None:
            return existing, ("id", existing.pk)  # type: ignore[attr-defined]
        return None, ("new", key)

    def find(self, key: Hashable) -> T | None:
        return self.by_key.get(key)

    def claim(
        self,
        identity: Hashable,
        number: int,
        *,
        column: str,
        message: str | Promise,
        problems: list[Problem],
    ) -> bool:
        """Record that sheet row `number` claims `identity`; False, with a problem on `column`
        naming the first row (`message` takes `%(row)s`), when an earlier row claimed it."""
        first = self.claimed.get(identity)
        if first is not None:
            problems.append(Problem(column, str(message) % {"row": first}))
            return False
        self.claimed[identity] = number
        return True


class NameLookup(Generic[T]):
    """Rows by their folded name, for the cells that name a row (`Focus area`, `Activity`)."""

    def __init__(self, items: Iterable[T], name_of: Callable[[T], str]) -> None:
        self.found: defaultdict[str, list[T]] = defaultdict(list)
        for item in items:
            self.found[fold(name_of(item))].append(item)

    def first(self, name: str) -> T | None:
        matches = self.found.get(fold(name))
        return matches[0] if matches else None

    def resolve(
        self,
        name: str,
        *,
        column: str,
        missing: str | Promise,
        ambiguous: str | Promise,
        problems: list[Problem],
        prefer: Sequence[Callable[[T], bool]] = (),
    ) -> T | None:
        """The one row named `name`, or None with a problem on `column`. When several rows
        share the name, each test in `prefer` is tried in turn to pick one."""
        matches = self.found.get(fold(name), [])
        for test in prefer:
            if len(matches) <= 1:
                break
            preferred = [item for item in matches if test(item)]
            if len(preferred) == 1:
                matches = preferred
        if len(matches) == 1:
            return matches[0]
        message = missing if not matches else ambiguous
        problems.append(Problem(column, str(message) % {"name": name}))
        return None
