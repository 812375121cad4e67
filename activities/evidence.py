"""Evidence files for measurements: checked by size and by what the bytes are, not the name.

A file is accepted when its content is a PDF, a PNG/JPEG/GIF image or an Office document and
its extension matches that content, so an executable renamed .pdf is refused.
"""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

KINDS = {
    "pdf": ({".pdf"}, lambda head, _f: head.startswith(b"%PDF-")),
    "png": ({".png"}, lambda head, _f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": ({".jpg", ".jpeg"}, lambda head, _f: head.startswith(b"\xff\xd8\xff")),
    "gif": ({".gif"}, lambda head, _f: head[:6] in (b"GIF87a", b"GIF89a")),
    "office": ({".docx", ".xlsx", ".pptx"}, lambda head, f: _is_office_zip(head, f)),
    "legacy_office": (
        {".doc", ".xls", ".ppt"},
        lambda head, _f: head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ),
}


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def _is_office_zip(head: bytes, upload) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        upload.seek(0)
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    finally:
        upload.seek(0)


def validate_evidence(upload) -> None:
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
    for extensions, matches in KINDS.values():
        if matches(head, upload):
            if extension in extensions:
                return
            raise ValidationError(
                _("The file's content does not match its name (%(ext)s).") % {"ext": extension}
            )
    raise ValidationError(
        _("Only PDF files, images (PNG, JPEG, GIF) and Office documents can be attached.")
    )
