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
    if not content:
        raise SpreadsheetRejected(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise SpreadsheetRejected(
            _("The file is larger than %(max)s. Split it or remove what is not needed.")
            % {"max": _megabytes(MAX_BYTES)}
        )
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in content:
            raise SpreadsheetRejected(
                _(
                    "The workbook is protected with a password (encrypted). Remove the password "
                    "in Excel, save the file and upload it again."
                )
            )
        raise SpreadsheetRejected(
            _(
                "The file is an old Excel file (.xls) although its name ends in .xlsx. Open it "
                "in Excel and save it as an Excel workbook (.xlsx)."
            )
        )
    if not content.startswith(ZIP_MAGIC):
        if _looks_like_text(content[:4096]):
            raise SpreadsheetRejected(
                _(
                    "The file is a CSV or text file with the name .xlsx. Open it in Excel and "
                    "save it as an Excel workbook (.xlsx)."
                )
            )
        raise SpreadsheetRejected(_("The file is not an Excel workbook (.xlsx)."))
    _archive_check(content)


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


def _archive_check(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise damaged_error() from None
    if len(entries) > MAX_ENTRIES:
        raise SpreadsheetRejected(
            _("The workbook has more than %(max)s parts; it is refused.") % {"max": MAX_ENTRIES}
        )
    if any(info.flag_bits & 0x1 for info in entries):
        raise SpreadsheetRejected(
            _(
                "The workbook is protected with a password (encrypted). Remove the password "
                "in Excel, save the file and upload it again."
            )
        )
    if sum(info.file_size for info in entries) > MAX_UNCOMPRESSED:
        raise _too_large()
    names = {info.filename for info in entries}
    if "[Content_Types].xml" not in names:
        raise SpreadsheetRejected(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
    unpacked = 0
    for info in entries:
        unpacked = _entry_check(archive, info, unpacked)
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


def _entry_check(archive: zipfile.ZipFile, info: zipfile.ZipInfo, unpacked: int) -> int:
    """Unpack one part in chunks, counting its real size and scanning its XML. Returns the
    bytes unpacked so far."""
    is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
    is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    rows = 0
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                unpacked += len(chunk)
                if unpacked > MAX_UNCOMPRESSED:
                    raise _too_large()
                if is_xml:
                    window = tail + chunk
                    if FORBIDDEN_XML.search(window):
                        raise forbidden_xml_error()
                    if is_sheet:
                        # A row tag cut in two by the chunk boundary is counted once, here.
                        rows += sum(
                            1 for match in ROW_START.finditer(window) if match.end() > len(tail)
                        )
                        if rows > MAX_ROWS + 1:
                            raise too_many_rows_error()
                    tail = window[-16:]
    except SpreadsheetRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError):
        raise damaged_error() from None
    return unpacked


def assert_xml_parser_is_safe() -> None:
    """openpyxl must parse with defusedxml (or lxml without entity expansion), never with the
    standard library's expat alone."""
    from openpyxl.xml import functions

    parse_module = getattr(functions.iterparse, "__module__", "") or ""
    if functions.LXML:
        return
    if not parse_module.startswith("defusedxml") or not functions.DEFUSEDXML:
        raise ImproperlyConfigured(
            "openpyxl is not using defusedxml: install defusedxml and do not set "
            "OPENPYXL_DEFUSEDXML=False."
        )
