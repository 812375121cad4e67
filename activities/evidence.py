"""Evidence files for measurements: checked by size and by what the bytes are, not the name.

A file is accepted when its content is a PDF, a PNG/JPEG/GIF image or an Office Open XML
document (.docx, .xlsx, .pptx) and its extension matches that content, so an executable renamed
.pdf is refused. Beyond the first bytes:

- an Office document must be a real one (its content-types part and its main part), with at
  most EVIDENCE_MAX_UNPACKED_BYTES unpacked and at most 2,000 parts, counted while unpacking,
  so a zip bomb named .docx is refused whatever its headers claim;
- no file may carry HTML or script markup anywhere (a PDF that is also a web page, an image
  with a script appended): a browser could be made to run it;
- the old binary Office formats (.doc, .xls, .ppt) are refused: they carry macros and cannot
  be checked; save them as .docx, .xlsx or .pptx.
"""

import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OFFICE_MAIN_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
MAX_PARTS = 2_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Markup a browser would render or run, anywhere in the file (case-insensitive).
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|meta|a\s+href)\b"
    rb"|javascript:",
    re.IGNORECASE,
)

KINDS = {
    "pdf": ({".pdf"}, lambda head: head.startswith(b"%PDF-")),
    "png": ({".png"}, lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": ({".jpg", ".jpeg"}, lambda head: head.startswith(b"\xff\xd8\xff")),
    "gif": ({".gif"}, lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    "office": (set(OFFICE_MAIN_PART), lambda head: head.startswith(b"PK\x03\x04")),
}


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def max_unpacked_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)


def _unpacked_size_ok(archive: zipfile.ZipFile) -> bool:
    """Unpack every part in chunks, counting, and stop as soon as the limit is passed."""
    limit, total = max_unpacked_bytes(), 0
    if sum(info.file_size for info in archive.infolist()) > limit:
        return False
    for info in archive.infolist():
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                total += len(chunk)
                if total > limit:
                    return False
    return True


def _check_office(upload, extension: str) -> None:
    not_office = ValidationError(_("The file is not a valid Office document."))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names or OFFICE_MAIN_PART[extension] not in names:
                raise not_office
            if len(names) > MAX_PARTS or not _unpacked_size_ok(archive):
                raise ValidationError(
                    _("The document unpacks to more than %(limit)s; it cannot be attached.")
                    % {"limit": filesizeformat(max_unpacked_bytes())}
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise not_office from None
    finally:
        upload.seek(0)


def _has_markup(upload) -> bool:
    upload.seek(0)
    try:
        overlap = b""
        while chunk := upload.read(1024 * 1024):
            if MARKUP.search(overlap + chunk):
                return True
            overlap = chunk[-64:]
        return False
    finally:
        upload.seek(0)


def validate_evidence(upload) -> None:
    if getattr(upload, "_committed", False):
        return  # a file stored earlier, checked when it came: editing the row keeps it
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s is allowed.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    extension = Path(upload.name).suffix.lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(OLE_MAGIC) or extension in (".doc", ".xls", ".ppt"):
        raise ValidationError(
            _(
                "Old Office files (.doc, .xls, .ppt) cannot be attached. Save the file as .docx, "
                ".xlsx or .pptx and attach that."
            )
        )
    for kind, (extensions, matches) in KINDS.items():
        if not matches(head):
            continue
        if extension not in extensions:
            raise ValidationError(
                _("The file's content does not match its name (%(ext)s).") % {"ext": extension}
            )
        if kind == "office":
            _check_office(upload, extension)
        elif _has_markup(upload):
            raise ValidationError(
                _("The file contains web page or script code and cannot be attached.")
            )
        return
    raise ValidationError(
        _("Only PDF files, images (PNG, JPEG, GIF) and Office documents can be attached.")
    )
