"""Hostile and broken exchange files: no crash, nothing written, a Danish message for each.

Each case is a file (JSON or workbook) made from a valid export of a small plan, broken in one
way. The import either refuses the whole file (`ExchangeRejected`) or lists problems; in both
cases no row of any table is written.
"""

import io
import json
import zipfile

import openpyxl
import pytest
from django.utils import translation

from reporting.exchange.imports import plan_import
from reporting.exchange.reader import ExchangeRejected, upload_read
from tests.reporting.exchange_files import exported, mutated, row_counts
from tests.reporting.spreadsheet_files import (
    billion_laughs_sheet,
    parts_of,
    with_parts,
    zip_bytes,
)


def _json(change):
    return lambda doc, _xlsx: ("plan.json", mutated(doc, change))


def _raw(name: str, content: bytes):
    return lambda _doc, _xlsx: (name, content)


def _set(path, value):
    def change(doc):
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(path):
    def change(doc):
        target = doc
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _workbook_edit(edit):
    def make(_doc, xlsx):
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
        edit(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return "plan.xlsx", buffer.getvalue()

    return make


def _xlsx_parts(change):
    return lambda _doc, xlsx: ("plan.xlsx", change(xlsx))


def _macro_workbook(xlsx: bytes) -> bytes:
    types = parts_of(xlsx)["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return with_parts(xlsx, {"[Content_Types].xml": types})


def _zip_bomb(_xlsx: bytes) -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/bomb.xml": b"\0" * 40_000_000})


def _deep(depth: int) -> bytes:
    return (
        b'{"format": "helhedsplan", "version": 1, "plan": ' + b"[" * depth + b"]" * depth + b"}"
    )


def _rows(n: int) -> bytes:
    return b'{"format": "helhedsplan", "version": 1, "goals": [' + b",".join(
        [b"{}"] * n
    ) + b"]}"


def _duplicate_year(doc):
    doc["financing_amounts"].append(dict(doc["financing_amounts"][0]))


def _second_key(doc):
    doc["activities"].append(dict(doc["activities"][0]))


def _formula(workbook):
    workbook["Aktiviteter"]["C2"] = "=1+1"


def _unknown_column(workbook):
    workbook["Aktiviteter"].cell(row=1, column=40, value="Hemmelig kolonne")
    workbook["Aktiviteter"].cell(row=2, column=40, value="x")


CASES = {
    # The file as a whole
    "empty file": (_raw("plan.json", b""), "tom"),
    "not JSON": (_raw("plan.json", b"hej med dig"), "ikke gyldig JSON"),
    "not UTF-8": (_raw("plan.json", b'{"format": "\xff\xfe"}'), "UTF-8"),
    "NaN in JSON": (_raw("plan.json", b'{"format": NaN}'), "ikke gyldig JSON"),
    "a list, not a plan": (_raw("plan.json", b"[1, 2, 3]"), "ikke en udvekslingsfil"),
    "another format": (_json(_set(["format"], "andet")), "ikke en udvekslingsfil"),
    "wrong version": (_json(_set(["version"], 2)), "version 2"),
    "no version": (_json(_drop(["version"])), "version None"),
    "deep nesting": (_raw("plan.json", _deep(100_000)), "indlejret dybere"),
    "nesting just too deep": (_raw("plan.json", _deep(40)), "indlejret dybere"),
    "10^6 rows": (_raw("plan.json", _rows(1_000_000)), "højst"),
    "larger than 20 MB": (_raw("plan.json", b" " * (21 * 1024 * 1024)), "større end"),
    "a text file": (_raw("plan.txt", b"format helhedsplan"), "JSON-fil"),
    # Keys and values
    "no plan": (_json(_drop(["plan"])), "Feltet plan mangler"),
    "plan without a name": (_json(_drop(["plan", "name"])), "Feltet name mangler"),
    "unknown field": (_json(_set(["activities", 0, "password"], "x")), "ikke kender"),
    "wrong type": (_json(_set(["plan", "period_start"], 20200101)), "Her skal stå tekst"),
    "impossible date": (_json(_set(["plan", "period_start"], "2020-13-45")), "kan ikke læses"),
    "unknown choice": (_json(_set(["activities", 0, "status"], "hemmelig")), "ikke en af"),
    "huge string": (_json(_set(["activities", 0, "name"], "x" * 1_000_000)), "længere end"),
    "dangling reference": (
        _json(_set(["activities", 0, "delaftale"], "findes-ikke")),
        "Henviser til række 'findes-ikke'",
    ),
    "dangling criterion": (
        _json(_set(["measurements", 0, "criterion"], "K99")), "Henviser til række 'K99'"
    ),
    "unknown rule set": (_json(_set(["plan", "rule_set"], "lbf-2099")), "intet regelsæt"),
    "unknown rule-set area": (
        _json(_set(["focus_areas", 0, "rule_set_area"], "Månen")),
        "Henviser til regelsættets indsatsområde 'Månen'",
    ),
    "a key used twice": (_json(_second_key), "brugt to gange"),
    "the same year twice": (_json(_duplicate_year), "samme"),
    "period ends before it starts": (
        _json(_set(["plan", "period_end"], "2000-01-01")), "slutte efter"
    ),
    "measurement in the future": (
        _json(_set(["measurements", 0, "measured_on"], "2999-01-01")), "fremtiden"
    ),
    "negative amount": (_json(_set(["budget_amounts", 0, "amount"], -5)), "negativt"),
    # Workbooks
    "formula in a cell": (_workbook_edit(_formula), "formel"),
    "unknown column": (_workbook_edit(_unknown_column), "Kolonnen kendes ikke"),
    "XML entities": (
        _xlsx_parts(lambda x: with_parts(x, {"xl/worksheets/sheet2.xml": billion_laughs_sheet()})),
        "DTD",
    ),
    "zip bomb": (_xlsx_parts(_zip_bomb), "udpakket"),
    "macro-enabled workbook": (_xlsx_parts(_macro_workbook), "makroer"),
    "CSV named .xlsx": (_raw("plan.xlsx", b"navn;periode\nx;y\n"), "CSV"),
    "old .xls": (_raw("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xls"),
    "damaged zip": (_raw("plan.xlsx", b"PK\x03\x04" + b"\0" * 200), "beskadiget"),
}


@pytest.fixture
def base(filled_plan):
    """A small plan with one row of every kind (amounts too), as JSON and as a workbook."""
    from activities.models import BudgetAmount
    from plans.models import FinancingAmount

    year = filled_plan.period_start.year
    FinancingAmount.objects.create(line=filled_plan.financing_lines.get(), year=year, amount=10)
    BudgetAmount.objects.create(line=filled_plan.budget_lines.get(), year=year, amount=10)
    document = json.loads(exported(filled_plan))
    return document, exported(filled_plan, "xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_refused_in_danish_and_writes_nothing(case, base, user):
    make, danish = CASES[case]
    name, content = make(*base)
    before = row_counts()

    with translation.override("da"):
        try:
            upload = upload_read(name=name, content=content)
        except ExchangeRejected as error:
            messages = error.messages
        else:
            result = plan_import(upload=upload, user=user, name=name, slug="kopi")
            assert result.plan is None
            messages = [str(problem) for problem in result.problems]

    assert messages, case
    assert any(danish in message for message in messages), messages
    assert row_counts() == before


def test_there_are_at_least_twenty_hostile_files():
    assert len(CASES) >= 20


@pytest.mark.django_db
def test_the_unbroken_base_file_imports(base, user):
    """The cases above fail because of their one change, not because the base is bad."""
    document, xlsx = base
    for name, content in (("plan.json", json.dumps(document).encode()), ("plan.xlsx", xlsx)):
        upload = upload_read(name=name, content=content)
        result = plan_import(upload=upload, user=user, name=name, slug=f"ok-{name[-4:]}",
                             commit=False)
        assert result.problems == [], name


def test_a_zip_bomb_is_small_on_disk():
    assert len(_zip_bomb(b"")) < 200_000
    assert zipfile.ZipFile(io.BytesIO(_zip_bomb(b""))).infolist()[1].file_size > 30_000_000
