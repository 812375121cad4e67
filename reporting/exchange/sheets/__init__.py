"""Spreadsheets: the plan's data out to Excel and back in, one sheet at a time, via a preview.

- `cells`: how one cell is read and written (Danish numbers, dates, choices; formulas as text).
- `resources`: the sheets, as django-import-export resources with Danish column names.
- `export`: workbooks built from the resources, styled for people who live in Excel.
- `reading`: an uploaded workbook's sheet read by a resource's columns.
- `imports`: turns a checked workbook into a preview of every row's outcome (`outcomes`),
  with one importer per kind (`importers`) on a shared base (`importer`) and one key-matching
  helper (`matching`).
- `errors`: the preview's errors as a workbook to correct and upload again.
- `services`: the one atomic write per import.
"""
