"""What an edited delaftale .docx changes against the plan, field by field.

The file's headings are matched with the delaftale's `layout` (by their text; an activity by
its number), the paragraphs under a heading with the prose, list or table the layout puts
there. Every difference in a field Word may edit is a `Change` (before -> after); everything
else that differs, or that the reader cannot place, is a `Note`, so nothing is dropped
silently. Nothing is written here.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from activities import selectors as activity_selectors

from .export import prose_blocks
from .layout import (
    Bullets,
    Field,
    Items,
    Prose,
    Section,
    Table,
    activity_key,
    delaftale_layout,
    delaftale_title,
    heading_key,
)
from .reader import Paragraph, WordTable, read_blocks
from .safety import WordRejected, content_check

LANGUAGES = ("da", "en")  # a file exported in either language is read back


@dataclass
class Change:
    field: Field
    before: str
    after: str
    error: str = ""

    @property
    def id(self) -> str:
        text = f"{self.field.key}\n{self.before}\n{self.after}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    @property
    def label(self) -> str:
        return self.field.label


@dataclass
class Note:
    where: str
    text: str
    reason: str


@dataclass
class WordImport:
    name: str
    title: str
    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    recognised: int = 0

    @property
    def valid_changes(self) -> list[Change]:
        return [change for change in self.changes if not change.error]


# --- Normalising text -----------------------------------------------------------------------


def _clean(text: str) -> str:
    """Spaces and tabs as one space, each line trimmed."""
    return "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip()
                     for line in (text or "").split("\n")).strip()


def _cell(text: str) -> str:
    return _clean((text or "").replace("**", ""))


def _prose_text(blocks: list[tuple[str, str]]) -> str:
    """Paragraphs and bullets back into a prose field: a blank line between paragraphs."""
    out = []
    for index, (kind, text) in enumerate(blocks):
        if index:
            out.append("\n" if kind == "bullet" and blocks[index - 1][0] == "bullet" else "\n\n")
        out.append(f"- {text}" if kind == "bullet" else text)
    return "".join(out)


def _canonical(blocks) -> list[tuple[str, str]]:
    return [(kind, _clean(text)) for kind, text in blocks if _clean(text)]


# --- Grouping the file's blocks under its headings ------------------------------------------


@dataclass
class _Found:
    heading: str
    blocks: list = field(default_factory=list)


def _group(blocks) -> tuple[str, dict[tuple, _Found], list[Note]]:
    """(the H1's text, path -> blocks, notes). A path is the heading keys below the H1."""
    title, found, notes = "", {(): _Found("")}, []
    stack: list[tuple[int, str]] = []
    current = found[()]
    for block in blocks:
        if isinstance(block, Paragraph) and block.kind == "heading":
            if block.level == 1:
                if not title:
                    title, stack, current = block.text, [], found[()]
                    continue
            stack = [(lvl, key) for lvl, key in stack if lvl < block.level]
            stack.append((block.level, activity_key(block.text) or heading_key(block.text)))
            path = tuple(key for _lvl, key in stack)
            if path in found:
                notes.append(Note(block.text, block.text,
                                  _("The heading appears twice; only the first is read.")))
                current = _Found(block.text)  # read into nowhere, listed below
                found[("duplicate", len(notes), *path)] = current
                continue
            current = found[path] = _Found(block.text)
        else:
            current.blocks.append(block)
    return title, found, notes


def _paths(section: Section, prefix=()) -> list[tuple[tuple, Section]]:
    result = [(prefix, section)]
    for child in section.children:
        result += _paths(child, (*prefix, child.match_key()))
    return result


# --- Comparing one section ------------------------------------------------------------------


def _validated(change: Change) -> Change:
    model_field = change.field.obj._meta.get_field(change.field.name)
    limit = model_field.max_length
    if limit and len(change.after) > limit:
        change.error = _("At most %(n)s characters.") % {"n": limit}
        return change
    try:
        model_field.clean(change.after, change.field.obj)
    except ValidationError as error:
        change.error = " ".join(error.messages)
    return change


def _compare_prose(part: Prose, blocks, result: WordImport) -> None:
    before = part.field.value
    if _canonical(prose_blocks(before)) != _canonical(blocks):
        after = _prose_text(_canonical(blocks))
        result.changes.append(_validated(Change(part.field, before, after)))


def _compare_items(part: Items, texts: list[str], where: str, result: WordImport) -> None:
    for index, item in enumerate(part.fields):
        if index >= len(texts):
            result.notes.append(Note(where, item.value, _(
                "Missing in the file; remove it in the product if it should go.")))
        elif _clean(texts[index]) != _clean(item.value):
            result.changes.append(_validated(Change(item, item.value, _clean(texts[index]))))
    for text in texts[len(part.fields):]:
        result.notes.append(Note(where, text, _("A new item; add it in the product.")))


def _compare_table(table: Table, rows: list[list[str]], where: str, result: WordImport) -> None:
    if table.header:
        rows = rows[1:]
    rows = [row for row in rows if any(_cell(cell) not in ("", "–") for cell in row)]
    for index, row in enumerate(table.rows):
        if index >= len(rows):
            result.notes.append(Note(where, " | ".join(table.cells(row)), _(
                "Missing in the file; remove it in the product if it should go.")))
            continue
        cells = rows[index]
        for column, shown, cell in zip(table.columns, table.cells(row), cells, strict=False):
            if _cell(cell) == _cell(shown):
                continue
            label = f"{table.label}, " + _("row %(n)s") % {"n": index + 1} + f": {column.heading}"
            target = table.field_at(row, column, label)
            if target is None:
                result.notes.append(Note(where, f"{column.heading}: {cell}", _(
                    "Shown only in Word; change it in the product.")))
            else:
                result.changes.append(_validated(Change(target, target.value, _cell(cell))))
    for row in rows[len(table.rows):]:
        result.notes.append(Note(where, " | ".join(row), _("A new row; add it in the product.")))


def _compare(section: Section, found: _Found, result: WordImport) -> None:
    where = found.heading or section.heading
    prose = next((p for p in section.parts if isinstance(p, Prose)), None)
    items = next((p for p in section.parts if isinstance(p, Items)), None)
    bullets = next((p for p in section.parts if isinstance(p, Bullets)), None)
    tables = [p for p in section.parts if isinstance(p, Table)]
    prose_blocks_found, item_texts, bullet_texts, word_tables = [], [], [], []
    numbered = 0
    for block in found.blocks:
        if isinstance(block, WordTable):
            word_tables.append(block)
        elif block.kind == "number" and items is not None:
            item_texts.append(block.text)
        elif block.kind in ("bullet", "number") and bullets is not None and prose is None:
            bullet_texts.append(block.text)
        elif prose is not None:
            # A numbered list typed into prose stays numbered lines ("1. …"), as prose has them.
            numbered = numbered + 1 if block.kind == "number" else 0
            if block.kind == "number":
                prose_blocks_found.append(("p", f"{numbered}. {block.text}"))
            else:
                prose_blocks_found.append(("bullet" if block.kind == "bullet" else "p",
                                           block.text))
        else:
            result.notes.append(Note(where, block.text, _(
                "Text the product has no place for under this heading.")))
    if prose is not None:
        _compare_prose(prose, prose_blocks_found, result)
    if items is not None:
        _compare_items(items, item_texts, where, result)
    if bullets is not None and [_cell(t) for t in bullet_texts] != [
            _cell(t) for t in bullets.lines]:
        result.notes.append(Note(where, "\n".join(bullet_texts), _(
            "Shown only in Word; change it in the product.")))
    for index, table in enumerate(tables):
        if index < len(word_tables):
            _compare_table(table, word_tables[index].rows, where, result)
        else:
            result.notes.append(Note(where, table.label, _("The table is missing in the file.")))
    for extra in word_tables[len(tables):]:
        text = "\n".join(" | ".join(row) for row in extra.rows)
        result.notes.append(Note(where, text, _(
            "A table the product has no place for under this heading.")))


# --- The whole file -------------------------------------------------------------------------


def _layout(plan, area_slug: str) -> Section:
    delaftale = activity_selectors.delaftale_get(plan=plan, area_slug=area_slug)
    money = activity_selectors.money_overview_get(plan=plan)
    return delaftale_layout(plan=plan, delaftale=delaftale,
                            financing=money.financing.by_area[delaftale.focus_area.pk])


def _read(name, title, found, notes, layout: Section) -> WordImport:
    result = WordImport(name=name, title=layout.heading, notes=list(notes))
    expected = dict(_paths(layout))
    for path, section in expected.items():
        if path in found:
            result.recognised += bool(path)
            _compare(section, found[path], result)
    for path, section in expected.items():
        if path not in found and any(isinstance(p, Prose | Items) or
                                     (isinstance(p, Table) and p.rows) for p in section.parts):
            result.notes.append(Note(section.heading, "", _(
                "The heading is not in the file; nothing there is changed.")))
    for path, extra in found.items():
        if path not in expected:
            text = "\n".join(b.text if isinstance(b, Paragraph) else
                             "\n".join(" | ".join(r) for r in b.rows) for b in extra.blocks)
            result.notes.append(Note(extra.heading, text, _(
                "A heading the product does not know; its text is not read.")))
    return result


def word_import_read(*, plan, area_slug: str, name: str, content: bytes) -> WordImport:
    """Check and read an uploaded .docx of the delaftale of `area_slug`; raises WordRejected
    (with a Danish message) for a file that is unsafe, damaged or not one of ours."""
    content_check(name=name, content=content)
    title, found, notes = _group(read_blocks(content))
    current = translation.get_language() or LANGUAGES[0]
    best = None
    # The reader's own language first; the other only when most headings were not found.
    for language in sorted(LANGUAGES, key=lambda code: not current.startswith(code)):
        with translation.override(language):
            layout = _layout(plan, area_slug)
            result = _read(name, title, found, notes, layout)
            if best is None or result.recognised > best.recognised:
                best = result
            prefix = heading_key(delaftale_title(_Named("")))
            if title and heading_key(title) != heading_key(result.title) and \
                    heading_key(title).startswith(prefix):
                raise WordRejected(
                    _("The file is '%(file)s', not '%(here)s'. Upload it on that "
                      "sub-agreement's page.") % {"file": title, "here": result.title})
            if result.recognised * 2 >= len(_paths(layout)) - 1:
                break
    if best.recognised == 0:
        raise WordRejected(
            _("The file does not look like a sub-agreement from Helhedsplan: none of its "
              "headings are recognised. Export the sub-agreement as Word, edit that file and "
              "upload it. Nothing was changed.")
        )
    return best


@dataclass
class _Named:
    name: str
