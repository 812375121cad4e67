"""Read an uploaded .docx (already passed `safety.content_check`) into a flat list of blocks:
headings with their level, paragraphs (plain, bullet or numbered) and tables of cell texts.

The XML is parsed with defusedxml, which refuses DTDs and entities. Text is read as Word
shows it with tracked changes accepted (insertions count, deletions do not); direct bold
becomes **bold**, line breaks become new lines, so prose reads back as it was written.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from plans.numbers import format_number

from .safety import WordRejected, damaged_error, forbidden_xml_error

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME = re.compile(r"^(?:heading|overskrift)\s*([1-9])$")
MAX_BLOCKS = 20_000


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "p"  # "p", "heading", "bullet" or "number"
    level: int = 0  # a heading's level, 1-9


@dataclass(frozen=True)
class WordTable:
    rows: list[list[str]]


def _parse(archive: zipfile.ZipFile, name: str):
    try:
        return ElementTree.fromstring(archive.read(name), forbid_dtd=True)
    except KeyError:
        return None
    except DefusedXmlException:
        raise forbidden_xml_error() from None
    except ElementTree.ParseError:
        raise damaged_error() from None


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str
    outline: int | None


def _styles(root) -> dict[str, _Style]:
    styles = {}
    if root is None:
        return styles
    for style in root.iter(W + "style"):
        name = style.find(W + "name")
        based = style.find(W + "basedOn")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        styles[style.get(W + "styleId", "")] = _Style(
            name=(name.get(W + "val", "") if name is not None else "").casefold(),
            based_on=based.get(W + "val", "") if based is not None else "",
            outline=int(outline.get(W + "val", "9")) if outline is not None else None,
        )
    return styles


def _kind_of(style_id: str, styles: dict[str, _Style]) -> tuple[str, int]:
    """("heading", level), ("bullet", 0), ("number", 0) or ("p", 0) for a paragraph style,
    following the styles it is based on (a house style based on Heading 2 is a heading)."""
    for _depth in range(8):
        style = styles.get(style_id)
        if style is None:
            return "p", 0
        match = _HEADING_NAME.match(style.name)
        if match:
            return "heading", int(match.group(1))
        if style.name == "title":
            return "heading", 1
        if style.outline is not None and style.outline < 9:
            return "heading", style.outline + 1
        if style.name.startswith("list number"):
            return "number", 0
        if style.name.startswith("list bullet"):
            return "bullet", 0
        style_id = style.based_on
    return "p", 0


def _text(paragraph) -> str:
    """The paragraph's text with **bold** and line breaks."""
    pieces: list[tuple[str, bool]] = []
    for run in paragraph.iter(W + "r"):
        bold_tag = run.find(f"{W}rPr/{W}b")
        bold = bold_tag is not None and bold_tag.get(W + "val", "true") not in ("0", "false")
        text = []
        for child in run:
            if child.tag == W + "t":
                text.append(child.text or "")
            elif child.tag == W + "tab":
                text.append("\t")
            elif child.tag in (W + "br", W + "cr"):
                text.append("\n")
        if text:
            pieces.append(("".join(text), bold))
    out, open_bold = [], False
    for text, bold in pieces:
        bold = bold and bool(text.strip())
        if bold != open_bold:
            out.append("**")
            open_bold = bold
        out.append(text)
    if open_bold:
        out.append("**")
    return "".join(out).replace("****", "")


def _paragraph(element, styles) -> Paragraph:
    properties = element.find(W + "pPr")
    style_id, outline, numbered = "", None, False
    if properties is not None:
        style = properties.find(W + "pStyle")
        style_id = style.get(W + "val", "") if style is not None else ""
        level = properties.find(W + "outlineLvl")
        outline = int(level.get(W + "val", "9")) if level is not None else None
        numbered = properties.find(W + "numPr") is not None
    kind, level = _kind_of(style_id, styles)
    if kind == "p" and outline is not None and outline < 9:
        kind, level = "heading", outline + 1
    if kind == "p" and numbered:
        kind = "bullet"
    return Paragraph(_text(element).strip(), kind, level)


def _table(element) -> WordTable:
    rows = []
    for row in element.findall(W + "tr"):
        cells = []
        for cell in row.findall(W + "tc"):
            cells.append("\n".join(_text(p).strip() for p in cell.iter(W + "p")).strip())
        rows.append(cells)
    return WordTable(rows)


def _walk(container, styles, blocks: list) -> None:
    for element in container:
        if len(blocks) > MAX_BLOCKS:
            raise WordRejected(_too_many())
        if element.tag == W + "p":
            blocks.append(_paragraph(element, styles))
        elif element.tag == W + "tbl":
            blocks.append(_table(element))
        elif element.tag == W + "sdt":
            content = element.find(W + "sdtContent")
            if content is not None:
                _walk(content, styles, blocks)


def _too_many() -> str:
    return _("The Word file has more than %(max)s paragraphs; it is refused.") % {
        "max": format_number(MAX_BLOCKS)
    }


def read_blocks(content: bytes) -> list[Paragraph | WordTable]:
    """The body of a checked .docx as blocks in document order (empty paragraphs left out)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    styles = _styles(_parse(archive, "word/styles.xml"))
    document = _parse(archive, "word/document.xml")
    body = document.find(W + "body") if document is not None else None
    blocks: list = []
    if body is not None:
        _walk(body, styles, blocks)
    return [b for b in blocks if not (isinstance(b, Paragraph) and not b.text)]
