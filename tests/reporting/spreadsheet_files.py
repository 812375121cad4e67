"""Workbooks made by the tests themselves: good ones through openpyxl, hostile ones by hand."""

import io
import zipfile

import openpyxl

from plans.selectors import plan_access_get

MEASUREMENT_HEADERS = ["Kriterie-ID", "Dato", "Værdi", "Opnået", "Kommentar", "Kilde"]


def access_for(user, plan):
    return plan_access_get(user=user, slug=plan.slug)


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per entry; rows as given (strings starting with '=' become
    formulas, as when a user types them in Excel)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measurements_file(rows: list[list], headers=None) -> bytes:
    return workbook_bytes({"Målinger": [headers or MEASUREMENT_HEADERS, *rows]})


def read_workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def save_workbook(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parts_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_parts(content: bytes, replacements: dict[str, bytes]) -> bytes:
    """The workbook with some of its parts replaced; each must exist already."""
    parts = parts_of(content)
    assert set(replacements) <= set(parts), sorted(parts)
    parts.update(replacements)
    return zip_bytes(parts)


SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def with_shared_strings(content: bytes, shared_strings: bytes) -> bytes:
    """The workbook with a sharedStrings part (openpyxl writes its strings inline)."""
    parts = parts_of(content)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", SHARED_STRINGS_TYPE + b"</Types>"
    )
    parts["xl/sharedStrings.xml"] = shared_strings
    return zip_bytes(parts)


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def billion_laughs_shared_strings() -> bytes:
    return (
        LAUGHS
        + (
            f'<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
        ).encode()
    )


def billion_laughs_sheet() -> bytes:
    return (
        LAUGHS
        + (
            f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            f"<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
        ).encode()
    )


def sheet_xml(rows: str) -> bytes:
    return f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()  # noqa: E501


def header_row_xml() -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(MEASUREMENT_HEADERS)
    )
    return f'<row r="1">{cells}</row>'


def many_rows_sheet(count: int) -> bytes:
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, count + 2))
    return sheet_xml(header_row_xml() + body)


def fake_ole(*stream_names: str) -> bytes:
    """Enough of an OLE compound file (what old .xls and encrypted .xlsx files are) to be
    recognised: the magic number and the directory's stream names in UTF-16."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    names = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in stream_names
    )
    return header + names + b"\x00" * 1024
