"""The documents are tagged PDFs (issue 19, PDF/UA): marked content, one structure tree over all
parts, the document's language and a title the viewer shows; the running header and footer
are artifacts."""

import io

import pytest
from pypdf import PdfReader

from devtools.sample import sample_plan
from reporting import pdf
from reporting.documents import DocumentSpec, build_document


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_JOBS_INLINE = True


def _render(plan, spec):
    document = build_document(plan, DocumentSpec.parse(spec))
    return pdf.build(document.parts, document.stamp, document.toc), document.stamp


def _elements(element, found):
    element = element.get_object()
    if isinstance(element, list):
        for kid in element:
            _elements(kid, found)
    elif isinstance(element, dict) and "/S" in element:
        found.append(element)
        if "/K" in element:
            _elements(element["/K"], found)
    return found


@pytest.mark.parametrize("spec", ["plan", "delaftale:tryghed-og-trivsel", "budget"])
def test_the_documents_are_tagged_with_structure_language_and_title(leader, spec):
    plan = sample_plan(user=leader, slug="tagget-plan")
    if spec.startswith("delaftale:"):
        spec = f"delaftale:{plan.focus_areas.first().slug}"
    rendered, stamp = _render(plan, spec)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    root = reader.trailer["/Root"]

    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "da"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == f"{stamp.document} · {stamp.plan}"

    tree = root["/StructTreeRoot"].get_object()
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document"
    elements = _elements(document, [])
    kinds = {str(element["/S"]) for element in elements}
    assert {"/H1", "/Table", "/TH", "/TD"} <= kinds
    # Every page is in the structure: each has its own key in the parent tree, and every
    # element's page is a page of this document (not one left behind in a part).
    pages = {page.indirect_reference.idnum for page in reader.pages}
    keys = [page["/StructParents"] for page in reader.pages]
    assert len(set(keys)) == len(keys) == rendered.pages
    nums = tree["/ParentTree"].get_object()["/Nums"]
    assert set(keys) <= set(nums[0::2])
    assert {e.raw_get("/Pg").idnum for e in elements if "/Pg" in e} <= pages
    # The header and footer are stamped as pagination artifacts.
    content = reader.pages[-1].get_contents().get_data()
    assert b"/Artifact <</Type /Pagination>> BDC" in content


def test_headings_come_in_order_in_an_activity_schema(leader):
    """h1, then h2 (never a skipped level): the activity's own headings are second-level."""
    plan = sample_plan(user=leader, slug="tagget-plan")
    rendered, _stamp = _render(plan, f"delaftale:{plan.focus_areas.first().slug}")
    reader = PdfReader(io.BytesIO(rendered.pdf))
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    levels = [
        int(str(element["/S"])[2:])
        for element in _elements(tree["/K"], [])
        if str(element["/S"]) in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
    ]

    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
