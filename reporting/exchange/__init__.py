"""A whole plan in one file and back: the exchange format (see format.md beside this module).

- `kinds`: what the file holds, declared per kind, the fields read from the models.
- `schema`: the JSON Schema generated from the declarations (`schema.json`).
- `export`: a plan as an exchange document; `workbook`: the same as an Excel workbook.
- `reader`: an uploaded file (JSON or .xlsx) read safely into a document.
- `imports`: a document checked and written as a new plan, all or nothing.
"""
