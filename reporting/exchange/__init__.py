"""The exchange: a plan's data out to files and back in, always through a preview.

Two ways in and out, sharing the upload checks and the stored uploads:

- the whole plan in one file (see format.md beside this module), imported as a new plan:
  `kinds` (what the file holds, declared per kind), `schema` (the JSON Schema generated from
  the declarations, `schema.json`), `export` (a plan as an exchange document), `workbook` (the
  same as an Excel workbook), `reader` (an uploaded JSON or .xlsx file read safely into a
  document), `imports` (a document checked and written as a new plan, all or nothing; the
  public entry points are `imports.plan_import`, `reader.upload_read`, `export.plan_document`,
  `export.document_json` and `workbook.document_workbook`);
- one sheet at a time into an existing plan (`sheets`): measurements, milestones, budget,
  activities and indicators, each row matched to what the plan holds;
- shared: `safety` (an uploaded zip file checked before any XML in it is parsed) and
  `uploads` (an upload kept on the server between the preview and the confirm).
"""
