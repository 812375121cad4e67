"""The preview's errors as a workbook, to fix them in the spreadsheet program.

The first sheet is the uploaded sheet again (same title, same columns, every row as it was in
the file) with a column Errors at the end and the rows with errors marked, so the user corrects
the cells and uploads this workbook as it is: the import ignores columns it does not know.
The second sheet lists the errors one per line (row, column, message).
"""

import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .export import HEADER_FILL, HEADER_FONT, _save, _set_value, sheet_title
from .imports import ERROR, IMPORTERS, ImportPreview
from .outcomes import Problem

ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
WRAP = Alignment(wrap_text=True, vertical="top")


def errors_workbook_build(*, preview: ImportPreview, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook starts with one worksheet
    # The import's own sheet name, so that the workbook can be uploaded again as it is.
    sheet.title = sheet_title(IMPORTERS[preview.kind].resource_class())
    workbook.properties.creator = "Helhedsplan"
    workbook.properties.title = title
    headers = [header for _name, header in preview.headers]
    errors_header, row_header = _("Errors"), _("Row in the uploaded file")
    cell: Cell | MergedCell
    for index, header in enumerate([*headers, errors_header, row_header], 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.column_dimensions[get_column_letter(len(headers) + 1)].width = 60
    for row_index, outcome in enumerate(preview.rows, 2):
        for col_index, (name, _header) in enumerate(preview.headers, 1):
            value = outcome.raw.get(name)
            if value is not None and value != "":
                cell = sheet.cell(row=row_index, column=col_index)
                _set_value(cell, value)
                if isinstance(value, datetime.date):
                    cell.number_format = "DD.MM.YYYY"
        if outcome.status == ERROR:
            message = "\n".join(_line(problem) for problem in outcome.problems)
            cell = sheet.cell(row=row_index, column=len(headers) + 1)
            _set_value(cell, message)
            cell.alignment = WRAP
            cell.font = Font(color="842029")
            for col_index in range(1, len(headers) + 2):
                sheet.cell(row=row_index, column=col_index).fill = ERROR_FILL
        sheet.cell(row=row_index, column=len(headers) + 2, value=outcome.row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers) + 2)}{len(preview.rows) + 1}"

    listing = workbook.create_sheet(_("Error list")[:31])
    for index, header in enumerate([row_header, _("Column"), _("Error")], 1):
        cell = listing.cell(row=1, column=index, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    listing.column_dimensions["A"].width = 12
    listing.column_dimensions["B"].width = 24
    listing.column_dimensions["C"].width = 80
    line = 2
    for outcome in preview.error_rows:
        for problem in outcome.problems:
            listing.cell(row=line, column=1, value=outcome.row)
            _set_value(listing.cell(row=line, column=2), problem.column or "–")
            _set_value(listing.cell(row=line, column=3), problem.message)
            line += 1
    listing.freeze_panes = "A2"
    return _save(workbook)


def _line(problem: Problem) -> str:
    return f"{problem.column}: {problem.message}" if problem.column else problem.message
