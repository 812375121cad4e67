"""An uploaded workbook, turned into a preview: every row's outcome, and the writes it needs.

`import_preview` reads the sheet of one kind (measurements, milestones, budget, activities,
indicators), matches each row to what the plan already holds by a stable key, and says for
every row whether it is new, changed, unchanged or has errors (with the row number, the column
and a Danish message). Nothing is written here: `services.spreadsheet_import` parses the same
file again and writes the preview's steps in one transaction, and only when no row has an
error.

- `reading`: the sheet's header and rows; `outcomes`: what a preview holds;
- `importer`: the shape every importer shares (and why it is not django-import-export's
  `Resource.import_data`); `matching`: the one key-matching helper (stable keys, names);
- `importers.*`: one importer per kind.
"""

from django.core.exceptions import PermissionDenied

from activities.indicators import measurements_sync
from plans.models import Membership, Plan
from plans.selectors import PlanAccess

from ..safety import content_check
from .importer import Importer
from .importers.activities import ActivityImporter
from .importers.budget import BudgetImporter
from .importers.indicators import IndicatorImporter
from .importers.measurements import MeasurementImporter
from .importers.milestones import MilestoneImporter
from .outcomes import CHANGED, ERROR, NEW, STATUS_LABELS, UNCHANGED, ImportPreview
from .reading import sheet_read

IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        MeasurementImporter,
        MilestoneImporter,
        BudgetImporter,
        ActivityImporter,
        IndicatorImporter,
    )
}


def may_import(access: PlanAccess, kind: str) -> bool:
    """The leder imports everything; a medarbejder measurements and milestones (for the
    activities they are responsible for, checked row by row)."""
    importer = IMPORTERS[kind]
    return access.can_edit or (not importer.leader_only and access.role == Membership.Role.STAFF)


def import_preview(*, access: PlanAccess, kind: str, name: str, content: bytes) -> ImportPreview:
    """Check the file, read its sheet and judge every row. Raises SpreadsheetRejected when the
    file as a whole is refused; row problems are in the preview."""
    importer_class = IMPORTERS[kind]
    if not may_import(access, kind):
        raise PermissionDenied
    content_check(name=name, content=content)
    importer = importer_class(access)
    sheet = sheet_read(content, importer.resource)
    return importer.run(sheet)


def after_import(*, kind: str, plan: Plan) -> None:
    """What follows from an import: indicator values become the tied criteria's measurements."""
    if kind == IndicatorImporter.kind:
        measurements_sync(plan=plan)


__all__ = [
    "CHANGED", "ERROR", "IMPORTERS", "NEW", "STATUS_LABELS", "UNCHANGED", "ImportPreview",
    "after_import", "import_preview", "may_import", "sheet_read",
]
