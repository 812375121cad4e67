"""Word files for the tests: a delaftale exported and edited as an editor would, and hostile
files built by hand."""

import io
import zipfile

from docx import Document

from plans.models import Plan
from reporting.documents import DocumentSpec
from reporting.word.export import docx_build


def exported(plan: Plan, area_slug: str) -> bytes:
    return docx_build(plan, DocumentSpec("delaftale", area_slug))[1]


def edited(content: bytes, edit) -> bytes:
    """Open the file with python-docx, let `edit(document)` change it, save it again."""
    document = Document(io.BytesIO(content))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraph_after(document, heading: str, offset: int = 1):
    """The paragraph `offset` places after the heading with this text."""
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs)
                 if p.style.name.startswith("Heading") and p.text == heading)
    return paragraphs[index + offset]


def rezipped(content: bytes, replace: dict[str, bytes] | None = None,
             add: dict[str, bytes] | None = None) -> bytes:
    """The same .docx with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def part(content: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read(name)
