"""Write a document's `layout` as a Word file with python-docx (the only module that does).

Real Word structure, so Word's navigation pane and table of contents work: Heading 1-3 styles,
tables with a repeated header row, numbered lists that start at 1 for each list, A4 pages, the
plan, document and approval status in the page header and "Side X af Y" as PAGE and NUMPAGES
fields in the footer.
"""

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from plans.models import Plan

from ..documents import DocumentSpec, document_filename, document_status
from .layout import Bullets, Items, Prose, Section, Table
from .plan_layout import document_layout

# python-docx's default template names these styles; Word and LibreOffice know them by name.
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
BULLET_STYLE = "List Bullet"
NUMBER_STYLE = "List Number"
TABLE_STYLE = "Table Grid"
# The identifier a file of ours carries (Word keeps it in the document's properties).
IDENTIFIER_PREFIX = "helhedsplan:"

_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_BOLD = re.compile(r"(\*\*.+?\*\*)")


def prose_blocks(text: str) -> list[tuple[str, str]]:
    """A prose field as Word paragraphs: ("p", text with line breaks) or ("bullet", text).

    The import turns paragraphs back into text the same way, so unchanged prose compares equal.
    """
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def close():
        if paragraph:
            blocks.append(("p", "\n".join(paragraph)))
            paragraph.clear()

    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            close()
            blocks.append(("bullet", bullet.group(1).strip()))
        elif not line.strip():
            close()
        else:
            paragraph.append(line.strip())
    close()
    return blocks


def _runs(paragraph, text: str) -> None:
    """Text with **bold** and line breaks as Word runs."""
    for piece in _BOLD.split(text):
        if not piece:
            continue
        bold = piece.startswith("**") and piece.endswith("**") and len(piece) > 4
        lines = (piece[2:-2] if bold else piece).split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = bold or None
            if index < len(lines) - 1:
                run.add_break()


def _restart_numbering(document, paragraph) -> None:
    """Make this List Number paragraph start a list of its own at 1 (Word otherwise numbers
    every list in the file as one)."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style = document.styles[NUMBER_STYLE]
    num_id = style.element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    numPr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numPr.get_or_add_ilvl().val = 0
    numPr.get_or_add_numId().val = num.numId


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trPr.append(element)


TEXT_WIDTH_MM = 166  # A4 less the margins


def _widths(table: Table) -> list[int]:
    """Column widths in %: as the table says, else a wide first column (a name or a label)."""
    count = len(table.columns)
    if table.widths:
        return list(table.widths)
    if count == 2:
        return [35, 65]
    if count > 3:
        return [28] + [72 // (count - 1)] * (count - 1)
    return [100 // count] * count


def _table(document, table: Table) -> None:
    rows = [table.cells(row) for row in table.rows]
    word = document.add_table(rows=0, cols=len(table.columns))
    word._tbl.tblStyle_val = document.__dict__.setdefault(
        "_table_style_id", document.styles[TABLE_STYLE].style_id)
    word.autofit = False
    if table.header:
        header = word.add_row()
        _repeat_header(header)
        for cell, column in zip(header.cells, table.columns, strict=True):
            cell.paragraphs[0].add_run(column.heading).bold = True
    for values in rows:
        row = word.add_row()
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            _runs(paragraph, value or "")
            if not table.header and index == 0:
                for run in paragraph.runs:
                    run.bold = True
    if not rows and table.header:
        empty = word.add_row().cells
        empty[0].paragraphs[0].add_run("–")
    for column, percent in zip(word.columns, _widths(table), strict=True):
        width = Mm(TEXT_WIDTH_MM * percent / 100)
        column.width = width
        for cell in column.cells:
            cell.width = width
    document.add_paragraph()


def _paragraph(document, style_name: str | None = None, text: str = ""):
    """A new paragraph with a style set by its id: python-docx looks a style up by name
    through every style of the template each time, which made a delaftale take seconds."""
    paragraph = document.add_paragraph(text)
    if style_name:
        ids = document.__dict__.setdefault("_style_ids", {})
        if style_name not in ids:
            ids[style_name] = document.styles[style_name].style_id
        paragraph._p.style = ids[style_name]
    return paragraph


def _section(document, section: Section) -> None:
    _paragraph(document, HEADING_STYLES[min(section.level, 3)], section.heading)
    for part in section.parts:
        if isinstance(part, Prose):
            for kind, text in prose_blocks(part.field.value):
                paragraph = _paragraph(document, BULLET_STYLE if kind == "bullet" else None)
                _runs(paragraph, text)
        elif isinstance(part, Items):
            for index, field in enumerate(part.fields):
                paragraph = _paragraph(document, NUMBER_STYLE)
                if index == 0:
                    _restart_numbering(document, paragraph)
                _runs(paragraph, field.value)
        elif isinstance(part, Bullets):
            for line in part.lines:
                _paragraph(document, BULLET_STYLE, line)
        elif isinstance(part, Table):
            _table(document, part)
    for child in section.children:
        _section(document, child)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(document, header_text: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    header = section.header.paragraphs[0]
    header.add_run(header_text).font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("of") + " ")
    _field(footer, "NUMPAGES")
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "da-DK")
    normal.element.get_or_add_rPr().append(language)


def docx_build(plan: Plan, spec: DocumentSpec) -> tuple[str, bytes]:
    """(file name, .docx bytes) of `plan`, `agreement` or `delaftale:<area>`."""
    sections = document_layout(plan, spec)
    status, _draft = document_status(plan, spec)
    title = sections[0].heading if len(sections) == 1 else _("Social housing plan")
    printed = timezone.localdate().strftime("%d.%m.%Y")
    document = Document()
    _page_setup(document, f"{plan.name} · {title} · {status} · "
                + _("Printed %(date)s") % {"date": printed})
    properties = document.core_properties
    properties.title = title
    properties.subject = plan.name
    properties.identifier = f"{IDENTIFIER_PREFIX}{plan.slug}:{spec}"
    properties.author = "Helhedsplan"
    properties.language = "da-DK"
    for section in sections:
        _section(document, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return document_filename(plan, spec, "docx"), buffer.getvalue()
