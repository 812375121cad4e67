"""Checks an uploaded Word file before any XML in it is parsed (as for workbooks, see
reporting/exchange/safety.py, whose zip checks this follows).

A .docx is a zip archive of XML parts. In this order, before the reader parses anything:
1. the name ends in .docx (a .docm carries macros, a .doc is the old format) and the file is
   neither empty nor larger than 10 MB;
2. the first bytes are a zip archive's (an encrypted or old Word file is an OLE compound file);
3. at most 500 parts that unpack to at most 50 MB in all, counted while unpacking;
4. a Word document without macros, and no XML part declares a DTD or an entity.
The reader then parses the XML it needs with defusedxml, which refuses DTDs and entities too.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..exchange.safety import (
    ZipRules,
    zip_open,
    zip_unpack,
)

MAX_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 500
MAX_UNCOMPRESSED = 50 * 1024 * 1024

DOCUMENT_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
)
MACRO_TYPES = (b"application/vnd.ms-word.document.macroEnabled.main+xml", b"vbaProject")
_XML_PART = re.compile(r"\.(xml|rels)$", re.IGNORECASE)


class WordRejected(ValidationError):
    """The whole file is refused before anything in it is read; the message says why."""


def _macro_error() -> WordRejected:
    return WordRejected(
        _("Word files with macros (.docm) cannot be imported. Save the file as a Word "
          "document (.docx) and upload it again.")
    )


def damaged_error() -> WordRejected:
    return WordRejected(
        _("The file is damaged or not a Word document. Save it again in Word as .docx.")
    )


def _too_large() -> WordRejected:
    return WordRejected(
        _("The Word file unpacks to more than %(max)s MB, which no sub-agreement needs; it is "
          "refused.") % {"max": MAX_UNCOMPRESSED // (1024 * 1024)}
    )


def forbidden_xml_error() -> WordRejected:
    return WordRejected(
        _("The Word file contains XML declarations (a DTD or entities) that Word never "
          "writes; it is refused.")
    )


def name_check(name: str) -> None:
    lower = (name or "").lower()
    if lower.endswith((".docm", ".dotm")):
        raise _macro_error()
    if lower.endswith(".doc"):
        raise WordRejected(
            _("Old Word files (.doc) cannot be imported. Open the file in Word and save it "
              "as a Word document (.docx).")
        )
    if not lower.endswith(".docx"):
        raise WordRejected(_("Only Word documents (.docx) can be imported."))


def content_check(*, name: str, content: bytes) -> None:
    """Raise WordRejected unless `content` is a plain, reasonably sized .docx document."""
    name_check(name)
    _archive_check(content)


def _too_big() -> WordRejected:
    return WordRejected(
        _("The file is larger than %(max)s MB. Remove pictures or what is not needed.")
        % {"max": MAX_BYTES // (1024 * 1024)}
    )


def _old_format() -> WordRejected:
    return WordRejected(
        _("The file is an old Word file (.doc) although its name ends in .docx. Open it "
          "in Word and save it as a Word document (.docx).")
    )


def _text_file() -> WordRejected:
    return WordRejected(_("The file is a text file with the name .docx; it is not a "
                          "Word document."))


def _other_file() -> WordRejected:
    return WordRejected(_("The file is not a Word document (.docx)."))


def _encrypted() -> WordRejected:
    return WordRejected(
        _("The Word file is protected with a password. Remove the password in Word, "
          "save the file and upload it again.")
    )


def _too_many_parts() -> WordRejected:
    return WordRejected(
        _("The Word file has more than %(max)s parts; it is refused.") % {"max": MAX_ENTRIES}
    )


DOCUMENT = ZipRules(
    rejected=WordRejected,
    max_bytes=MAX_BYTES,
    max_entries=MAX_ENTRIES,
    max_uncompressed=MAX_UNCOMPRESSED,
    is_xml=lambda name: bool(_XML_PART.search(name)),
    too_big=_too_big,
    old_format=_old_format,
    text_file=_text_file,
    other_file=_other_file,
    damaged=damaged_error,
    too_large=_too_large,
    forbidden_xml=forbidden_xml_error,
    too_many_parts=_too_many_parts,
    encrypted=_encrypted,
)


def _archive_check(content: bytes) -> None:
    archive = zip_open(content, DOCUMENT)
    names = {info.filename for info in archive.infolist()}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise WordRejected(_("The file is a zip archive but not a Word document (.docx)."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macro_error()
    zip_unpack(archive, DOCUMENT)
    content_types = archive.read("[Content_Types].xml")
    if any(kind in content_types for kind in MACRO_TYPES):
        raise _macro_error()
    if not any(kind in content_types for kind in DOCUMENT_TYPES):
        raise WordRejected(_("The file is a zip archive but not a Word document (.docx)."))
