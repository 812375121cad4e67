"""What a spreadsheet import found: every row's outcome, and the writes it needs.

The statuses are stable keys (they appear in the preview page's CSS classes and tests); the
labels are what the user reads.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy

NEW, CHANGED, UNCHANGED, ERROR = "ny", "aendret", "uaendret", "fejl"
STATUS_LABELS = {
    NEW: gettext_lazy("New"),
    CHANGED: gettext_lazy("Changed"),
    UNCHANGED: gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("Error"),
}


@dataclass
class Problem:
    column: str
    message: str


@dataclass
class RowOutcome:
    row: int
    status: str
    label: str = ""
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What the row holds, as read: (column header, value shown) for a new row's preview.
    values: list[tuple[str, str]] = field(default_factory=list)
    # The cells as they were in the file (field name → value), for the errors workbook.
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Step:
    """One bulk write: create or update `objects` of `model` (updating `fields`)."""

    model: type[Model]
    objects: Sequence[Model]
    fields: tuple[str, ...] = ()

    @property
    def creates(self) -> bool:
        return not self.fields


@dataclass
class ImportPreview:
    kind: str
    sheet: str
    rows: list[RowOutcome]
    steps: list[Step]
    # The columns the sheet had, in the file's order: (field name, header).
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(row.status for row in self.rows)
        return {status: counter.get(status, 0) for status in STATUS_LABELS}

    @property
    def has_errors(self) -> bool:
        return any(row.status == ERROR for row in self.rows)

    @property
    def error_rows(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.status == ERROR]

    @property
    def change_count(self) -> int:
        return self.counts[NEW] + self.counts[CHANGED]

    @property
    def fingerprint(self) -> str:
        """Changes when any row's outcome changes, so a confirm can tell that the plan moved
        on since the preview."""
        data = [
            (r.row, r.status, r.changes, [(p.column, p.message) for p in r.problems])
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:32]

