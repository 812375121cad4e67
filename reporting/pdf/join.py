"""Joining the parts' PDFs into one document: the table of contents, the outline, the stamp on
every page and one structure tree over all parts (a tagged PDF, issue 19).

With pikepdf (qpdf): the parts' objects are parsed lazily in C++ and copied between documents
without being turned into Python objects, which matters for tagged parts (thousands of
structure elements in object streams)."""

import io
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from pikepdf import Array, Dictionary, Name

from .render import Part, render_parts
from .share import Sharing
from .stamp import Stamp, page_size, stamp_pages, stamp_parts


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    starts: list[int]


def _open(data) -> pikepdf.Pdf:
    return data if isinstance(data, pikepdf.Pdf) else pikepdf.Pdf.open(io.BytesIO(data))


def join(parts: list[Part], rendered: list, stamp: Stamp) -> Rendered:
    """Join the parts' PDFs (bytes or pikepdf Pdfs) in order, stamp every page, add the outline
    and the structure tree."""
    sources = [_open(data) for data in rendered]
    joined = pikepdf.new()
    starts = []
    for source in sources:
        starts.append(len(joined.pages) + 1)
        for page in source.pages:  # the named destinations its links use: _link_destinations
            joined.pages.append(page)
    _link_destinations(joined, sources, starts)
    stamp_pages(joined, stamp)
    with joined.open_outline() as outline:
        for part, source, start in zip(parts, sources, starts, strict=True):
            for title, _level, offset in entries(part, source):
                outline.root.append(pikepdf.OutlineItem(title, start - 1 + offset))
    joined.docinfo[Name.Title] = f"{stamp.document} · {stamp.plan}"
    joined.docinfo[Name.Creator] = "Helhedsplan"
    _tag(joined, sources, starts)
    output = io.BytesIO()
    joined.save(output, min_version=max((source.pdf_version for source in sources),
                                        default="1.7"),
                object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return Rendered(pdf=output.getvalue(), pages=len(joined.pages), starts=starts)


def build(parts: list[Part], stamp: Stamp, toc: "TocBuilder | None" = None,
          progress=None, sharing: Sharing | None = None) -> Rendered:
    """Render, join and stamp. With a `toc`, the table of contents is made once the page
    numbers of the other parts are known, and placed where the builder says. With a
    `sharing` (see share.Sharing), the parts, and then the table of contents and the stamp,
    are rendered together with the workers that help."""
    sources = [_open(data) for data in render_parts(parts, progress, sharing)]
    if toc is None:
        if sharing is not None and sources:
            _render_stamp_parts(stamp, sources, 0, sharing)
        return join(parts, sources, stamp)
    toc_part = toc(parts, sources)
    if sharing is not None:
        toc_source = _open(_render_stamp_parts(stamp, sources, toc.toc_pages, sharing,
                                               toc_part)[0])
    else:
        toc_source = _open(render_parts([toc_part])[0])
    if len(toc_source.pages) != toc.toc_pages:
        # Another length than assumed (a plan with very many activities): number the entries
        # again for the real length.
        toc_part = toc(parts, sources, toc_pages=len(toc_source.pages))
        toc_source = _open(render_parts([toc_part])[0])
    position = min(toc.position, len(sources))
    return join(parts[:position] + [toc_part] + parts[position:],
                sources[:position] + [toc_source] + sources[position:], stamp)


def _render_stamp_parts(stamp: Stamp, sources: list, more_pages: int, sharing: Sharing,
                        *first: Part) -> list[bytes]:
    """Render `first` (the table of contents) and the stamp of the joined document (its
    pages: the sources' and `more_pages`) together, shared, into the cache; the stamp is
    then read from there by `join`."""
    total = sum(len(source.pages) for source in sources) + more_pages
    return render_parts([*first, *stamp_parts(stamp, total, *page_size(sources[0]))],
                        sharing=sharing)


def entries(part: Part, source: pikepdf.Pdf) -> list[tuple[str, int, int]]:
    """(title, level, page offset in the part) of the part's table-of-contents entries."""
    found = [(part.title, part.level, 0)] if part.in_toc else []
    if part.in_toc and part.toc_headings:
        found += [(title, part.level + 1, page) for title, page in _headings(source)]
    if part.entries:
        destinations = _destinations(source)
        for anchor, title, level in part.entries:
            destination = destinations.get(anchor)
            page = _page_number(source, destination) if destination is not None else 0
            found.append((title, level, max(page, 0)))
    return found


def _destinations(source: pikepdf.Pdf) -> dict:
    """The part's named destinations (WeasyPrint writes them as a name tree)."""
    names = source.Root.get("/Names")
    if names is not None and "/Dests" in names:
        return dict(pikepdf.NameTree(names.Dests).items())
    dests = source.Root.get("/Dests")  # the older form: a dictionary
    return {str(key)[1:]: value for key, value in dests.items()} if dests is not None else {}


def _page_number(source: pikepdf.Pdf, destination) -> int:
    """The page (0-based) a destination (an array, or a dictionary with /D) points at, or -1."""
    if isinstance(destination, Dictionary):
        destination = destination.get("/D")
    if not isinstance(destination, Array) or not len(destination):
        return -1
    page = destination[0]
    if isinstance(page, int):
        return page  # a page number, as in a remote destination
    try:
        return source.pages.index(pikepdf.Page(page))
    except (ValueError, TypeError):
        return -1


def _link_destinations(joined: pikepdf.Pdf, sources: list[pikepdf.Pdf],
                       starts: list[int]) -> None:
    """The named destinations that the links on the parts' pages go to (an internal link
    of WeasyPrint's names its target), as destinations of the joined document: copies of the
    parts' own, so on the copied pages. A name used in two parts goes to the first's."""
    found: dict[str, object] = {}
    for source, start in zip(sources, starts, strict=True):
        destinations = None
        for index in range(len(source.pages)):
            for annot in joined.pages[start - 1 + index].obj.get("/Annots", []):
                name = annot.get("/Dest")
                action = annot.get("/A")
                if name is None and action is not None and action.get("/S") == Name.GoTo:
                    name = action.get("/D")
                if not isinstance(name, (pikepdf.String, Name)):
                    continue  # none, or an explicit destination (copied with the page)
                key = str(name).removeprefix("/") if isinstance(name, Name) else str(name)
                if key in found:
                    continue
                if destinations is None:
                    destinations = _destinations(source)
                if key in destinations:
                    found[key] = _copy(joined, destinations[key])
    if found:
        tree = pikepdf.NameTree.new(joined)
        for key, value in sorted(found.items()):
            tree[key] = value
        joined.Root.Names = Dictionary(Dests=tree.obj)


def _outline_children(item) -> list:
    children, child = [], item.get("/First")
    while child is not None and len(children) < 10_000:
        children.append(child)
        child = child.get("/Next")
    return children


def _headings(source: pikepdf.Pdf) -> list[tuple[str, int]]:
    """The second-level headings of a part as WeasyPrint wrote them into its outline (h2
    under the part's h1), each with its page within the part (0-based)."""
    outlines = source.Root.get("/Outlines")
    if outlines is None:
        return []
    found = []
    for top in _outline_children(outlines):
        for child in _outline_children(top):
            destination = child.get("/Dest")
            if destination is None and "/A" in child:
                destination = child.A.get("/D")
            if isinstance(destination, (Name, pikepdf.String)):
                destination = _destinations(source).get(str(destination).lstrip("/"))
            page = _page_number(source, destination) if destination is not None else -1
            found.append((str(child.get("/Title", "")), page))
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

    def __call__(self, parts: list[Part], sources: list[pikepdf.Pdf],
                 toc_pages: int | None = None) -> Part:
        lines, page = [], 1
        for index, (part, source) in enumerate(zip(parts, sources, strict=True)):
            if index == self.position:
                page += toc_pages or self.toc_pages
            lines += [{"title": title, "page": page + offset, "level": level}
                      for title, level, offset in entries(part, source)]
            page += len(source.pages)
        html = render_to_string(self.template, {**self.context, "entries": lines})
        return Part(key="toc", title=self.context.get("title", ""), html=html, in_toc=False)


# --- One structure tree ---------------------------------------------------------------------

# What is not copied when a part's structure objects are copied to hold the joined document's.
_TREE_ONLY = ("/K", "/P", "/Pg", "/ParentTree", "/ParentTreeNextKey", "/IDTree", "/RoleMap",
              "/ClassMap", "/Nums", "/Kids", "/Limits")


def _tag(joined: pikepdf.Pdf, sources: list[pikepdf.Pdf], starts: list[int]) -> None:
    """Make the joined PDF a tagged one (PDF/UA's structure, language and title): the parts'
    structure trees (WeasyPrint's `pdf_tags`) become parts of one Document element, their
    parent-tree keys moved past the previous part's, and the viewer shows the title.

    The joined document's tree root, Document element and parent tree are copies of the first
    part's (without their contents)."""
    trees = [source.Root.get("/StructTreeRoot") for source in sources]
    lang = next((source.Root.Lang for source in sources if source.Root.get("/Lang")), None)
    if any(tree is not None for tree in trees):
        _join_trees(joined, sources, starts, trees)
    root = joined.Root
    root.Lang = pikepdf.String(str(lang or settings.LANGUAGE_CODE))
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _copy(joined: pikepdf.Pdf, value):
    """`value` of a part as an object of the joined document. The pages were copied into it
    first, so a reference to a page (an element's /Pg) becomes the copied page rather than
    a new copy: qpdf keeps one map of copied objects per source document."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(joined, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(joined, item) for key, item in value.items()})
    return value


def _without_tree(joined: pikepdf.Pdf, node) -> Dictionary:
    """A new object of the joined document with `node`'s keys but its tree's."""
    return joined.make_indirect(Dictionary({
        key: _copy(joined, value) for key, value in node.items() if key not in _TREE_ONLY
    }))


def _join_trees(joined: pikepdf.Pdf, sources: list[pikepdf.Pdf], starts: list[int],
                trees: list) -> None:
    kids: list = []
    nums: list = []
    offset = 0
    for source, start, part_tree in zip(sources, starts, trees, strict=True):
        if part_tree is None:
            continue
        _move_keys(joined, source, start, offset)
        top = part_tree.K
        for element in top if isinstance(top, Array) else [top]:
            # Without the element's /P (the part's tree root): the root and its parent tree,
            # id tree and role map are not copied along.
            parent = element.get("/P")
            if parent is not None:
                del element.P
            try:
                copied = _copy(joined, element)
            finally:
                if parent is not None:
                    element.P = parent
            if copied.get("/S") == Name.Document:
                copied.S = Name.Part
            kids.append(copied)
        highest = -1
        for key, value in _number_tree(part_tree.ParentTree):
            nums += [key + offset, _copy(joined, value)]
            highest = max(highest, key)
        offset += highest + 1
    first = next(tree for tree in trees if tree is not None)
    top = first.K
    tree = _without_tree(joined, first)
    document = _without_tree(joined, top[0] if isinstance(top, Array) else top)
    parent_tree = _without_tree(joined, first.ParentTree)
    for kid in kids:
        kid.P = document
    document.S = Name.Document
    document.P = tree
    document.K = Array(kids)
    parent_tree.Nums = Array(nums)
    tree.K = document
    tree.ParentTree = parent_tree
    tree.ParentTreeNextKey = offset
    joined.Root.StructTreeRoot = tree
    joined.Root.MarkInfo = Dictionary(Marked=True)


def _move_keys(joined: pikepdf.Pdf, source: pikepdf.Pdf, start: int, offset: int) -> None:
    """The part's pages' (and their links') parent-tree keys, moved past the previous parts'."""
    for index, page in enumerate(source.pages):
        copied = joined.pages[start - 1 + index].obj
        if "/StructParents" in page.obj:
            copied.StructParents = int(page.obj.StructParents) + offset
        for annot in copied.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset


def _number_tree(node) -> list:
    """The (key, value) pairs of a PDF number tree."""
    found = []
    nums = node.get("/Nums", [])
    found += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        found += _number_tree(kid)
    return found
