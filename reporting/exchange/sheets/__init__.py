"""Spreadsheets: the plan's data out to Excel and back in, through a preview.

- `cells`: how one cell is read and written (Danish numbers, dates, choices; formulas as text).
- `resources`: the sheets, as django-import-export resources with Danish column names.
- `export`: workbooks built from the resources, styled for people who live in Excel.
- `safety`: checks an uploaded file before any XML in it is parsed.
- `imports`: turns a checked workbook into a preview of every row's outcome.
- `services`: the one atomic write per import.
"""
