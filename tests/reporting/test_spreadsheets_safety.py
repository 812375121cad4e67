"""Hostile and broken files: a corpus built here, each refused with a Danish message or with
every bad row named by its row number, never a crash and never a partial import."""

import datetime
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from activities.models import Measurement
from reporting.exchange import safety
from reporting.exchange.safety import SpreadsheetRejected, content_check
from reporting.exchange.sheets.imports import ERROR, import_preview, sheet_read
from reporting.exchange.sheets.resources import MeasurementResource
from reporting.exchange.sheets.services import spreadsheet_import
from tests.factories import ActivityCriterionFactory, FocusAreaFactory, PlanFactory

from .spreadsheet_files import (
    MEASUREMENT_HEADERS,
    access_for,
    billion_laughs_shared_strings,
    billion_laughs_sheet,
    fake_ole,
    header_row_xml,
    many_rows_sheet,
    measurements_file,
    parts_of,
    sheet_xml,
    with_parts,
    with_shared_strings,
    workbook_bytes,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@dataclass
class Ids:
    count: int  # a count criterion of the plan, with a measurement on 01.12.2021
    percent: int  # an area-level percentage criterion of the plan
    foreign: int  # a criterion of another plan


@pytest.fixture
def ids(filled_plan):
    from activities.models import SuccessCriterion

    count = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=filled_plan)
    percent = SuccessCriterion.objects.get(focus_area__plan=filled_plan)
    other_plan = PlanFactory()
    foreign = ActivityCriterionFactory(
        activity__delaftale__focus_area=FocusAreaFactory(plan=other_plan)
    )
    return Ids(count=count.pk, percent=percent.pk, foreign=foreign.pk)


def _good(ids):
    return measurements_file([[ids.count, datetime.date(2022, 6, 1), 5, None, "Ny", "Logbog"]])


def _zip_bomb(_ids):
    """One highly compressible part that unpacks to 40 MB (a few tens of kB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(40):
                part.write(block)
    return buffer.getvalue()


def _many_parts(ids):
    parts = parts_of(_good(ids))
    parts.update({f"xl/media/image{n}.xml": b"<x/>" for n in range(250)})
    return zip_bytes(parts)


def _xxe(ids):
    external = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&x;'
        b"</workbook>"
    )
    return with_parts(_good(ids), {"xl/workbook.xml": external})


def _not_a_workbook_zip(_ids):
    return zip_bytes(
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxml'
            b'formats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": b"<document/>",
        }
    )


def _macro_workbook(ids):
    parts = parts_of(_good(ids))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return zip_bytes(parts)


def _row_gap(ids):
    """Row 2 holds data and row 600.000 one cell: openpyxl would pad the 600.000 rows between."""
    rows = header_row_xml() + '<row r="2"><c r="A2"><v>1</v></c></row>'
    rows += '<row r="600000"><c r="A600000"><v>1</v></c></row>'
    return with_parts(_good(ids), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})


def _blank_padding(ids):
    """Good rows, blank rows between them and 500 blank (but formatted) rows at the end."""
    date = datetime.date(2022, 6, 1)
    rows = [
        [ids.count, date, 5, None, "", ""],
        [None] * 6,
        ["", " ", None, None, None, None],
        [ids.count, date.replace(day=2), "mange", None, "", ""],  # row 5: bad value
        [None] * 6,
        [ids.count, date.replace(day=3), 7, None, "", ""],
        [ids.count, "i går", 7, None, "", ""],  # row 8: bad date
    ]
    content = measurements_file(rows)
    padding = "".join(f'<row r="{n}" spans="1:6" customFormat="1" s="0"/>' for n in range(9, 509))
    sheet = parts_of(content)["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b"</sheetData>", padding.encode() + b"</sheetData>")
    return with_parts(content, {"xl/worksheets/sheet1.xml": sheet})


def _formulas(ids):
    return measurements_file(
        [
            [ids.count, datetime.date(2022, 6, 1), "=1+1", None, "", ""],
            [ids.count, "=TODAY()", 3, None, "", ""],
            [ids.count, datetime.date(2022, 6, 3), 4, None, '=HYPERLINK("http://x","y")', ""],
            ["=A2", datetime.date(2022, 6, 4), 4, None, "", ""],
        ]
    )


def _wrong_types(ids):
    return measurements_file(
        [
            [ids.count, datetime.date(2022, 6, 1), "fire", None, "", ""],  # 2: text as value
            [ids.count, 44000, 3, None, "", ""],  # 3: a number as date
            ["tre", datetime.date(2022, 6, 2), 3, None, "", ""],  # 4: text as id
            [ids.count, datetime.date(2022, 6, 3), 3.14159, None, "", ""],  # 5: decimals
            [ids.percent, datetime.date(2022, 6, 4), 140, None, "", ""],  # 6: 140 %
            [ids.count, datetime.date(2022, 6, 5), -2, None, "", ""],  # 7: negative count
            [ids.count, datetime.date(2022, 6, 6), 3, "måske", "", ""],  # 8: not yes/no
            [ids.count, datetime.date(2022, 6, 7), True, None, "", ""],  # 9: a boolean
            [ids.count, datetime.date(2022, 6, 8), 3, None, "x" * 2001, ""],  # 10: too long
            [ids.count, datetime.date(2022, 6, 9), 3, None, "", ""],  # 11: fine
        ]
    )


def _duplicate_keys(ids):
    date = datetime.date(2022, 6, 1)
    return measurements_file(
        [
            [ids.count, date, 5, None, "", ""],
            [ids.percent, date, 5, None, "", ""],
            [ids.count, date, 6, None, "", ""],  # row 4: same as row 2
            [ids.count, "01.06.2022", 6, None, "", ""],  # row 5: same, typed as text
        ]
    )


def _foreign_ids(ids):
    return measurements_file(
        [
            [ids.count, datetime.date(2022, 6, 1), 5, None, "", ""],
            [ids.foreign, datetime.date(2022, 6, 1), 5, None, "", ""],  # row 3
            [999_999, datetime.date(2022, 6, 1), 5, None, "", ""],  # row 4
        ]
    )


def _dates_outside_the_plan(ids):
    future = datetime.date.today() + datetime.timedelta(days=30)
    return measurements_file(
        [
            [ids.count, datetime.date(2019, 1, 1), 5, None, "", ""],  # before the plan
            [ids.count, future, 5, None, "", ""],  # in the future
            [ids.count, None, 5, None, "", ""],  # no date
        ]
    )


def _one_bad_row_among_good(ids):
    rows = [
        [ids.count, datetime.date(2022, 1, 1) + datetime.timedelta(days=n), n, None, "", ""]
        for n in range(30)
    ]
    rows[17][2] = "ukendt"  # row 19
    return measurements_file(rows)


@dataclass
class Bad:
    name: str
    build: object
    filename: str = "data.xlsx"
    refused: str = ""  # a word of the Danish message when the whole file is refused
    rows: tuple = ()  # else: the row numbers that must be reported as errors


CORPUS = [
    Bad("empty file", lambda ids: b"", refused="tom"),
    Bad(
        "larger than 5 MB",
        lambda ids: b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024),
        refused="større end 5 MB",
    ),
    Bad("old .xls", lambda ids: fake_ole("Workbook"), filename="data.xls", refused=".xls"),
    Bad("old .xls renamed .xlsx", lambda ids: fake_ole("Workbook"), refused="gammel Excel-fil"),
    Bad(
        "encrypted workbook",
        lambda ids: fake_ole("EncryptionInfo", "EncryptedPackage"),
        refused="adgangskode",
    ),
    Bad(
        "CSV renamed .xlsx",
        lambda ids: "Kriterie-ID;Dato;Værdi\n1;01.12.2021;4\n".encode(),
        refused="CSV",
    ),
    Bad("CSV with its own name", lambda ids: b"a,b\n1,2\n", filename="data.csv", refused="CSV"),
    Bad("not a spreadsheet at all", lambda ids: bytes(range(256)) * 4, refused="ikke en Excel"),
    Bad("OpenDocument sheet", lambda ids: _good(ids), filename="data.ods", refused="Kun Excel"),
    Bad("truncated workbook", lambda ids: _good(ids)[:900], refused="beskadiget"),
    Bad("zip that is a Word document", _not_a_workbook_zip, refused="ikke en Excel"),
    Bad("zip bomb", _zip_bomb, refused="udpakket"),
    Bad("too many parts", _many_parts, refused="dele"),
    Bad(
        "billion laughs in sharedStrings",
        lambda ids: with_shared_strings(_good(ids), billion_laughs_shared_strings()),
        refused="DTD",
    ),
    Bad(
        "billion laughs in a sheet",
        lambda ids: with_parts(_good(ids), {"xl/worksheets/sheet1.xml": billion_laughs_sheet()}),
        refused="DTD",
    ),
    Bad("external entity (XXE)", _xxe, refused="DTD"),
    Bad("macro workbook renamed .xlsx", _macro_workbook, refused="makroer"),
    Bad(
        "100.000 rows",
        lambda ids: with_parts(_good(ids), {"xl/worksheets/sheet1.xml": many_rows_sheet(100_000)}),
        refused="10.000 rækker",
    ),
    Bad("rows padded by a far row number", _row_gap, refused="10.000 rækker"),
    Bad(
        "wrong headers",
        lambda ids: workbook_bytes({"Målinger": [["Navn", "Adresse"], ["Anna", "Vej 1"]]}),
        refused="mangler kolonnerne",
    ),
    Bad(
        "empty header row",
        lambda ids: workbook_bytes({"Målinger": [[None], [ids.count, "01.06.2022", 4]]}),
        refused="overskrifter",
    ),
    Bad("headers only", lambda ids: measurements_file([]), refused="ingen rækker"),
    Bad(
        "a column twice",
        lambda ids: measurements_file(
            [[1, 2, 3, 4, 5, 6, 7]], headers=[*MEASUREMENT_HEADERS, "Værdi"]
        ),
        refused="to gange",
    ),
    Bad(
        "several sheets, none named Målinger",
        lambda ids: workbook_bytes({"Ark1": [["a"]], "Ark2": [["b"]]}),
        refused="intet ark",
    ),
    Bad("formulas", _formulas, rows=(2, 3, 5)),
    Bad("wrong types", _wrong_types, rows=(2, 3, 4, 5, 6, 7, 8, 9, 10)),
    Bad("duplicate keys", _duplicate_keys, rows=(4, 5)),
    Bad("foreign plan ids", _foreign_ids, rows=(3, 4)),
    Bad("dates outside the plan", _dates_outside_the_plan, rows=(2, 3, 4)),
    Bad("blank-row padding", _blank_padding, rows=(5, 8)),
    Bad("one bad row among thirty good", _one_bad_row_among_good, rows=(19,)),
]


def test_the_corpus_has_at_least_twenty_bad_files():
    assert len(CORPUS) >= 20


def _snapshot():
    return sorted(
        Measurement.objects.values_list("criterion_id", "measured_on", "value", "comment")
    )


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.name for bad in CORPUS])
def test_bad_file_is_refused_or_its_bad_rows_named_and_nothing_is_written(
    bad, filled_plan, leader, ids
):
    access = access_for(leader, filled_plan)
    content = bad.build(ids)
    before = _snapshot()

    if bad.refused:
        with pytest.raises(SpreadsheetRejected) as refused:
            import_preview(access=access, kind="maalinger", name=bad.filename, content=content)
        assert bad.refused in " ".join(refused.value.messages)
    else:
        preview = import_preview(
            access=access, kind="maalinger", name=bad.filename, content=content
        )
        assert tuple(row.row for row in preview.rows if row.status == ERROR) == bad.rows
        for row in preview.error_rows:
            assert all(problem.message for problem in row.problems)
            assert any(problem.column for problem in row.problems)
    with pytest.raises(ValidationError):
        spreadsheet_import(
            access=access, kind="maalinger", name=bad.filename, content=content, user_id=leader.pk
        )

    assert _snapshot() == before


def test_formula_errors_name_the_formula_and_say_it_is_not_calculated(filled_plan, leader, ids):
    preview = import_preview(
        access=access_for(leader, filled_plan),
        kind="maalinger",
        name="f.xlsx",
        content=_formulas(ids),
    )

    row = preview.rows[0]
    assert row.problems[0].column == "Værdi"
    assert "=1+1" in row.problems[0].message and "formel" in row.problems[0].message


def test_a_formula_in_a_text_column_is_kept_as_text_never_evaluated(filled_plan, leader, ids):
    access = access_for(leader, filled_plan)
    content = measurements_file(
        [[ids.count, datetime.date(2022, 6, 3), 4, None, '=HYPERLINK("http://x","y")', ""]]
    )

    spreadsheet_import(
        access=access, kind="maalinger", name="f.xlsx", content=content, user_id=leader.pk
    )

    assert Measurement.objects.get(measured_on=datetime.date(2022, 6, 3)).comment == (
        '=HYPERLINK("http://x","y")'
    )


def test_row_errors_give_row_column_and_a_danish_message(filled_plan, leader, ids):
    preview = import_preview(
        access=access_for(leader, filled_plan),
        kind="maalinger",
        name="x.xlsx",
        content=_foreign_ids(ids),
    )

    problem = preview.rows[1].problems[0]
    assert (preview.rows[1].row, problem.column) == (3, "Kriterie-ID")
    assert problem.message == f"Der er intet succeskriterium med ID {ids.foreign} i denne plan."


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import functions

    safety.assert_xml_parser_is_safe()
    assert functions.iterparse.__module__.startswith("defusedxml")


def test_billion_laughs_is_refused_by_the_parser_even_without_the_pre_check(ids):
    """The pre-check refuses any DTD; were it missed, defusedxml still refuses the entities."""
    content = with_shared_strings(_good(ids), billion_laughs_shared_strings())

    with pytest.raises(SpreadsheetRejected) as refused:
        sheet_read(content, MeasurementResource())

    assert "DTD" in refused.value.messages[0]


def test_the_zip_bomb_is_refused_from_the_archive_directory_without_unpacking(ids):
    content = _zip_bomb(ids)

    assert len(content) < 200_000
    with pytest.raises(SpreadsheetRejected):
        content_check(name="bomb.xlsx", content=content)
