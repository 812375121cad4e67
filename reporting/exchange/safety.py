"""Checks an uploaded workbook before any XML in it is parsed.

An .xlsx file is a zip archive of XML parts. A hostile one can be a zip bomb (a few kilobytes
that unpack to gigabytes), carry XML entity tricks (billion laughs, external entities), or be
something else wearing the .xlsx name. So, in this order and before openpyxl sees it:

1. the name ends in .xlsx and the file is neither empty nor larger than 5 MB;
2. the first bytes are a zip archive's (an encrypted workbook and an old .xls are OLE
   compound files, a renamed CSV is text: each gets its own Danish message);
3. the archive has at most 200 parts that unpack to at most 30 MB in all, counted while
   unpacking rather than trusted from the archive's directory;
4. it is a workbook without macros, no part declares a DTD or an entity, and no sheet has more
   than 10.000 rows.

openpyxl then parses the XML with defusedxml (checked by `assert_xml_parser_is_safe`), reads
formulas as their text (`data_only=False`) and never evaluates them.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from plans.numbers import format_number

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 200
MAX_UNCOMPRESSED = 30 * 1024 * 1024
MAX_ROWS = 10_000  # data rows in one sheet, the header not counted

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
CHUNK = 64 * 1024

WORKBOOK_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
MACRO_TYPES = (b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",)
FORBIDDEN_XML = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
ROW_START = re.compile(rb"<(?:\w+:)?row[\s>/]")


class SpreadsheetRejected(ValidationError):
    """The whole file is refused before any row is read; the message says why, in Danish."""


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return bool(text) and printable / len(text) > 0.95


@dataclass(frozen=True)
class ZipRules:
    """What an Office file (a zip archive of XML parts) is unpacked within, and the errors that
    refuse it: workbooks here, Word documents in `reporting.word.safety`."""

    rejected: type[ValidationError]
    max_bytes: int
    max_entries: int
    max_uncompressed: int
    is_xml: Callable[[str], bool]
    too_big: Callable[[], ValidationError]  # the file, before unpacking
    old_format: Callable[[], ValidationError]  # an OLE file (.xls, .doc) named as the new one
    text_file: Callable[[], ValidationError]
    other_file: Callable[[], ValidationError]
    damaged: Callable[[], ValidationError]
    too_large: Callable[[], ValidationError]  # what the archive unpacks to
    forbidden_xml: Callable[[], ValidationError]
    too_many_parts: Callable[[], ValidationError]
    encrypted: Callable[[], ValidationError]


# A check run on every window of one XML part: (window, length of the previous tail in it).
WindowCheck = Callable[[bytes, int], None]


def zip_open(content: bytes, rules: ZipRules) -> zipfile.ZipFile:
    """The archive, once the file and its directory are within the rules (size, a zip archive
    and not an old or encrypted OLE file or text, parts, encryption, declared size); the real
    size is counted while unpacking (`zip_unpack`)."""
    if not content:
        raise rules.rejected(_("The file is empty."))
    if len(content) > rules.max_bytes:
        raise rules.too_big()
    if content.startswith(OLE_MAGIC):
        raise rules.encrypted() if ENCRYPTED_STREAM in content else rules.old_format()
    if not content.startswith(ZIP_MAGIC):
        raise rules.text_file() if _looks_like_text(content[:4096]) else rules.other_file()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise rules.damaged() from None
    if len(entries) > rules.max_entries:
        raise rules.too_many_parts()
    if any(info.flag_bits & 0x1 for info in entries):
        raise rules.encrypted()
    if sum(info.file_size for info in entries) > rules.max_uncompressed:
        raise rules.too_large()
    return archive


def zip_unpack(
    archive: zipfile.ZipFile,
    rules: ZipRules,
    scan: Callable[[zipfile.ZipInfo], WindowCheck | None] | None = None,
) -> None:
    """Unpack every part in chunks, counting its real size and refusing XML that declares a
    DTD or an entity; `scan` may give a further check for the windows of a part."""
    unpacked = 0
    for info in archive.infolist():
        check = scan(info) if scan else None
        is_xml = rules.is_xml(info.filename)
        tail = b""
        try:
            with archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    unpacked += len(chunk)
                    if unpacked > rules.max_uncompressed:
                        raise rules.too_large()
                    if is_xml:
                        window = tail + chunk
                        if FORBIDDEN_XML.search(window):
                            raise rules.forbidden_xml()
                        if check is not None:
                            check(window, len(tail))
                        tail = window[-16:]
        except rules.rejected:
            raise
        except (
            zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError
        ):
            raise rules.damaged() from None


def name_check(name: str) -> None:
    lower = (name or "").lower()
    if lower.endswith(".xls"):
        raise SpreadsheetRejected(
            _(
                "Old Excel files (.xls) cannot be imported. Open the file in Excel and save it "
                "as an Excel workbook (.xlsx)."
            )
        )
    if lower.endswith((".csv", ".txt")):
        raise SpreadsheetRejected(
            _(
                "CSV and text files cannot be imported. Open the file in Excel and save it as "
                "an Excel workbook (.xlsx)."
            )
        )
    if not lower.endswith(".xlsx"):
        raise SpreadsheetRejected(_("Only Excel workbooks (.xlsx) can be imported."))


def content_check(*, name: str, content: bytes) -> None:
    """Raise SpreadsheetRejected unless `content` is a plain, reasonably sized .xlsx workbook."""
    name_check(name)
    _archive_check(content)


def _too_big() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _("The file is larger than %(max)s. Split it or remove what is not needed.")
        % {"max": _megabytes(MAX_BYTES)}
    )


def _old_format() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _(
            "The file is an old Excel file (.xls) although its name ends in .xlsx. Open it "
            "in Excel and save it as an Excel workbook (.xlsx)."
        )
    )


def _text_file() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _(
            "The file is a CSV or text file with the name .xlsx. Open it in Excel and "
            "save it as an Excel workbook (.xlsx)."
        )
    )


def _other_file() -> SpreadsheetRejected:
    return SpreadsheetRejected(_("The file is not an Excel workbook (.xlsx)."))


def damaged_error() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _("The file is damaged or not an Excel workbook. Save it again in Excel as .xlsx.")
    )


def forbidden_xml_error() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _(
            "The workbook contains XML declarations (a DTD or entities) that Excel never "
            "writes; it is refused."
        )
    )


def _too_large() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _("The workbook unpacks to more than %(max)s, which no plan needs; it is refused.")
        % {"max": _megabytes(MAX_UNCOMPRESSED)}
    )


def _encrypted() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _(
            "The workbook is protected with a password (encrypted). Remove the password "
            "in Excel, save the file and upload it again."
        )
    )


def _too_many_parts() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _("The workbook has more than %(max)s parts; it is refused.") % {"max": MAX_ENTRIES}
    )


WORKBOOK = ZipRules(
    rejected=SpreadsheetRejected,
    max_bytes=MAX_BYTES,
    max_entries=MAX_ENTRIES,
    max_uncompressed=MAX_UNCOMPRESSED,
    is_xml=lambda name: name.endswith((".xml", ".rels", ".vml")),
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
    archive = zip_open(content, WORKBOOK)
    names = {info.filename for info in archive.infolist()}
    if "[Content_Types].xml" not in names:
        raise SpreadsheetRejected(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
    zip_unpack(archive, WORKBOOK, _row_count)
    content_types = archive.read("[Content_Types].xml")
    if any(kind in content_types for kind in MACRO_TYPES):
        raise SpreadsheetRejected(
            _(
                "Workbooks with macros cannot be imported. Save the file as an Excel "
                "workbook (.xlsx)."
            )
        )
    if not any(kind in content_types for kind in WORKBOOK_TYPES):
        raise SpreadsheetRejected(_("The file is a zip archive but not an Excel workbook (.xlsx)."))


def too_many_rows_error() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        _(
            "A sheet has more than %(max)s rows. Import at most %(max)s rows at a time, and "
            "delete empty rows at the end."
        )
        % {"max": format_number(MAX_ROWS)}
    )


def _row_count(info: zipfile.ZipInfo) -> WindowCheck | None:
    """For a sheet's XML: refuses the sheet once it has more than MAX_ROWS rows."""
    if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
        return None
    rows = 0

    def count(window: bytes, tail_length: int) -> None:
        nonlocal rows
        # A row tag cut in two by the chunk boundary is counted once, here.
        rows += sum(1 for match in ROW_START.finditer(window) if match.end() > tail_length)
        if rows > MAX_ROWS + 1:
            raise too_many_rows_error()

    return count


def assert_xml_parser_is_safe() -> None:
    """openpyxl must parse with defusedxml (or lxml without entity expansion), never with the
    standard library's expat alone."""
    from openpyxl.xml import DEFUSEDXML, LXML, functions  # the flags functions was built with

    parse_module = getattr(functions.iterparse, "__module__", "") or ""
    if LXML:
        return
    if not parse_module.startswith("defusedxml") or not DEFUSEDXML:
        raise ImproperlyConfigured(
            "openpyxl is not using defusedxml: install defusedxml and do not set "
            "OPENPYXL_DEFUSEDXML=False."
        )
