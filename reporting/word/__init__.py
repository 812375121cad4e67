"""Word both ways: a plan's documents as .docx, and a delaftale edited in Word read back.

`layout` is the one map between a document's parts, its Word headings and tables, and the
model fields behind them; `export` writes it with python-docx, `reader` reads an uploaded file
(after `safety` has checked it) and `changes` compares what it read with the plan.
"""
