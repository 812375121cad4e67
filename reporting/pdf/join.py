"""Joining the parts' PDFs into one document: the table of contents, the outline, the stamp on
every page and one structure tree over all parts (a tagged PDF, issue 19)."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .render import Part, render_parts
from .stamp import Stamp, stamp_pages


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    starts: list[int]


def _reader(data) -> PdfReader:
    return data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))


def join(parts: list[Part], rendered: list, stamp: Stamp) -> Rendered:
    """Join the parts' PDFs (bytes or PdfReaders) in order, stamp every page, add the outline
    and the structure tree."""
    readers = [_reader(data) for data in rendered]
    writer = PdfWriter()
    starts = []
    for reader in readers:
        starts.append(len(writer.pages) + 1)
        for page in reader.pages:
            writer.add_page(page)
    stamp_pages(writer, stamp)
    for part, reader, start in zip(parts, readers, starts, strict=True):
        for title, _level, offset in entries(part, reader):
            writer.add_outline_item(title=title, page_number=start - 1 + offset)
    writer.add_metadata({"/Title": f"{stamp.document} · {stamp.plan}", "/Creator": "Helhedsplan"})
    _tag(writer, readers, starts)
    output = io.BytesIO()
    writer.write(output)
    return Rendered(pdf=output.getvalue(), pages=len(writer.pages), starts=starts)


def build(parts: list[Part], stamp: Stamp, toc: "TocBuilder | None" = None,
          progress=None) -> Rendered:
    """Render, join and stamp. With a `toc`, the table of contents is made once the page
    numbers of the other parts are known, and placed where the builder says."""
    readers = [_reader(data) for data in render_parts(parts, progress)]
    if toc is None:
        return join(parts, readers, stamp)
    toc_part = toc(parts, readers)
    toc_reader = _reader(render_parts([toc_part])[0])
    if len(toc_reader.pages) != toc.toc_pages:
        # Another length than assumed (a plan with very many activities): number the entries
        # again for the real length.
        toc_part = toc(parts, readers, toc_pages=len(toc_reader.pages))
        toc_reader = _reader(render_parts([toc_part])[0])
    position = min(toc.position, len(readers))
    return join(parts[:position] + [toc_part] + parts[position:],
                readers[:position] + [toc_reader] + readers[position:], stamp)


def entries(part: Part, reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, page offset in the part) of the part's table-of-contents entries."""
    found = [(part.title, part.level, 0)] if part.in_toc else []
    if part.in_toc and part.toc_headings:
        found += [(title, part.level + 1, page) for title, page in _headings(reader)]
    if part.entries:
        destinations = reader.named_destinations
        for anchor, title, level in part.entries:
            destination = destinations.get(anchor)
            page = reader.get_destination_page_number(destination) if destination else 0
            found.append((title, level, max(page, 0)))
    return found


def _headings(reader: PdfReader) -> list[tuple[str, int]]:
    """The second-level headings of a part as WeasyPrint wrote them into its outline (h2
    under the part's h1), each with its page within the part (0-based)."""
    found = []
    for item in reader.outline:
        if isinstance(item, list):
            found += [
                (child.title, reader.get_destination_page_number(child))
                for child in item
                if not isinstance(child, list)
            ]
    return found


class TocBuilder:
    """Makes the table-of-contents part from the other parts' page counts.

    It assumes the table of contents fits on `toc_pages` page(s), which holds for plans with
    up to about 40 entries; when it does not, `build` numbers it again for its real length.
    """

    position = 1  # after the cover
    toc_pages = 1

    def __init__(self, template: str, context: dict):
        self.template, self.context = template, context

    def __call__(self, parts: list[Part], readers: list[PdfReader],
                 toc_pages: int | None = None) -> Part:
        lines, page = [], 1
        for index, (part, reader) in enumerate(zip(parts, readers, strict=True)):
            if index == self.position:
                page += toc_pages or self.toc_pages
            lines += [{"title": title, "page": page + offset, "level": level}
                      for title, level, offset in entries(part, reader)]
            page += len(reader.pages)
        html = render_to_string(self.template, {**self.context, "entries": lines})
        return Part(key="toc", title=self.context.get("title", ""), html=html, in_toc=False)


# --- One structure tree ---------------------------------------------------------------------

# What is not copied when a part's structure objects are copied to hold the joined document's.
_TREE_ONLY = ("/K", "/P", "/Pg", "/ParentTree", "/ParentTreeNextKey", "/IDTree", "/RoleMap",
              "/ClassMap", "/Nums", "/Kids", "/Limits")


def _tag(writer: PdfWriter, readers: list, starts: list[int]) -> None:
    """Make the joined PDF a tagged one (PDF/UA's structure, language and title): the parts'
    structure trees (WeasyPrint's `pdf_tags`) become parts of one Document element, their
    parent-tree keys moved past the previous part's, and the viewer shows the title.

    The joined document's tree root, Document element and parent tree are copies of the first
    part's (pypdf's `clone`, without their contents), so that they are objects of the writer."""
    trees = [reader.trailer["/Root"].get("/StructTreeRoot") for reader in readers]
    first = next((tree.get_object() for tree in trees if tree is not None), None)
    lang = next((reader.trailer["/Root"].get("/Lang") for reader in readers
                 if reader.trailer["/Root"].get("/Lang")), None)
    if first is not None:
        _join_trees(writer, readers, starts, trees, first)
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(str(lang or settings.LANGUAGE_CODE))
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )


def _join_trees(writer: PdfWriter, readers: list, starts: list[int], trees: list,
                first) -> None:
    kids, nums, offset = [], ArrayObject(), 0
    for reader, start, part_tree in zip(readers, starts, trees, strict=True):
        if part_tree is None:
            continue
        part_tree = part_tree.get_object()
        _move_keys(writer, reader, start, offset)
        top = part_tree["/K"]
        for element in top if isinstance(top, list) else [top]:
            # The pages were copied into the writer first, so cloning the structure maps
            # every /Pg to the copied page rather than copying the page again.
            cloned = element.clone(writer).get_object()
            if cloned.get("/S") == "/Document":
                cloned[NameObject("/S")] = NameObject("/Part")
            kids.append(cloned)
        highest = -1
        for key, value in _number_tree(part_tree["/ParentTree"].get_object()):
            nums += [NumberObject(key + offset), value.clone(writer)]
            highest = max(highest, key)
        offset += highest + 1
    # Copied after the parts' elements (a copy takes the place of its original for the
    # copies made after it).
    tree = first.clone(writer, force_duplicate=True, ignore_fields=_TREE_ONLY)
    top = first["/K"]
    document = (top[0] if isinstance(top, list) else top).get_object().clone(
        writer, force_duplicate=True, ignore_fields=_TREE_ONLY)
    parent_tree = first["/ParentTree"].get_object().clone(
        writer, force_duplicate=True, ignore_fields=_TREE_ONLY)
    for kid in kids:
        kid[NameObject("/P")] = document.indirect_reference
    document[NameObject("/S")] = NameObject("/Document")
    document[NameObject("/P")] = tree.indirect_reference
    document[NameObject("/K")] = ArrayObject(kid.indirect_reference for kid in kids)
    parent_tree[NameObject("/Nums")] = nums
    tree[NameObject("/K")] = document.indirect_reference
    tree[NameObject("/ParentTree")] = parent_tree.indirect_reference
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    root = writer.root_object
    root[NameObject("/StructTreeRoot")] = tree.indirect_reference
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})


def _move_keys(writer: PdfWriter, reader: PdfReader, start: int, offset: int) -> None:
    """The part's pages' (and their links') parent-tree keys, moved past the previous parts'."""
    for index, page in enumerate(reader.pages):
        copied = writer.pages[start - 1 + index]
        if "/StructParents" in page:
            copied[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
        for annot in copied.get("/Annots", []):
            annot = annot.get_object()
            if "/StructParent" in annot:
                annot[NameObject("/StructParent")] = NumberObject(
                    annot["/StructParent"] + offset
                )


def _number_tree(node) -> list:
    """The (key, value) pairs of a PDF number tree."""
    found = []
    nums = node.get("/Nums", [])
    found += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        found += _number_tree(kid.get_object())
    return found
