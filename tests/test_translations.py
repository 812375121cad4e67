"""The Danish catalogue is complete: every string in the code is translated, none is fuzzy,
and the compiled .mo that Django reads matches the .po."""

import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests import danish_literals

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = ["helhedsplan", "plans", "activities", "reporting", "templates", "locale", "manage.py"]


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """Run makemessages on a copy of the source, so the test sees strings added since the
    catalogue was last refreshed without touching the working tree."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install Debian's gettext package (make test does).")
    copy = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "da", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True, env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    return polib.pofile(str(copy / "locale" / "da" / "LC_MESSAGES" / "django.po"))


def test_every_string_in_the_code_has_a_danish_translation(fresh_catalogue):
    missing = [entry.msgid for entry in fresh_catalogue.untranslated_entries()]

    assert not missing, f"Untranslated (run `make messages` and translate): {missing[:20]}"


def test_no_translation_is_fuzzy(fresh_catalogue):
    fuzzy = [entry.msgid for entry in fresh_catalogue.fuzzy_entries()]

    assert not fuzzy, f"Fuzzy entries: {fuzzy[:20]}"


def test_compiled_catalogue_matches_the_po_file():
    po = {(e.msgid, e.msgstr) for e in polib.pofile(str(PO)).translated_entries() if e.msgstr}
    mo = {(e.msgid, e.msgstr) for e in polib.mofile(str(MO)) if e.msgid and e.msgstr}

    assert po == mo, "Run `make messages` to recompile django.mo"


# --- The English side: no Danish left outside the catalogue ------------------------------------

ENGLISH = {"django_language": "en"}


def test_no_danish_literal_in_templates():
    findings = danish_literals.template_findings()

    assert not findings, (
        "Danish text in templates outside {% translate %} (give it an English msgid and add the "
        f"Danish to django.po): {findings[:20]}"
    )


def test_no_danish_literal_in_python_outside_gettext():
    findings = danish_literals.python_findings()

    assert not findings, (
        "Danish string literals outside gettext (give them an English msgid, or add data to "
        f"ALLOWED_LITERALS in tests/danish_literals.py with the reason): {findings[:20]}"
    )


def test_every_msgid_is_english():
    danish = [
        entry.msgid
        for entry in polib.pofile(str(PO))
        if danish_literals.is_danish(entry.msgid)
        and entry.msgid not in danish_literals.ALLOWED_MSGIDS
    ]

    assert not danish, f"msgids must be English (the Danish goes in msgstr): {danish[:20]}"


def test_the_scan_finds_planted_danish_literals(tmp_path):
    """The three checks above can fail: a Danish text node, a Danish attribute a screen reader
    reads, and a Danish string in Python are each found; translated ones are not."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "planted.html").write_text(
        '{% load i18n %}<h2>{% translate "Saved" %}</h2>\n<p>Planen er gemt</p>\n'
        '<a href="/planer/" aria-label="Slet rækken">x</a>{# Gem ikke #}'
        '{% blocktranslate %}Delete {{ x }}{% endblocktranslate %}',
        encoding="utf-8",
    )
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "planted.py").write_text(
        '"""Modulets docstring må gerne være dansk."""\n'
        'from django.utils.translation import gettext as _\n'
        'SAVED = _("Saved")\n'
        'URL = "planer/<slug:slug>/rediger/"\n'
        'message = "Ændringerne er gemt"\n',
        encoding="utf-8",
    )

    found_templates = danish_literals.template_findings(templates)
    found_python = danish_literals.python_findings(root=tmp_path, folders=("plans",))

    assert len(found_templates) == 2
    assert "Planen er gemt" in found_templates[0] + found_templates[1]
    assert "Slet rækken" in found_templates[0] + found_templates[1]
    assert found_python == ["plans/planted.py:5: 'Ændringerne er gemt'"]


def _danish_translations() -> dict[str, str]:
    """Danish msgstrs that could only come from the catalogue: the longest fixed piece of each
    (between placeholders) that is Danish and at least 12 characters."""
    pieces = {}
    for entry in polib.pofile(str(PO)).translated_entries():
        for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]:
            if not msgstr or msgstr == entry.msgid:
                continue
            parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{[\w.]*\}|<[^>]+>", msgstr)
            piece = max((p.strip() for p in parts), key=len)
            if len(piece) >= 12 and danish_literals.is_danish(piece):
                pieces[piece] = entry.msgid
    return pieces


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(text).split())


def _without_plan_data(text: str, plan) -> str:
    """The text without the plan's own words: its sections' headings (from the rule set,
    editable) and its focus areas' names are Danish data, not interface."""
    from django.db.models import Q

    from plans.models import Section

    data = [area.name for area in plan.focus_areas.all()] + [
        section.heading
        for section in Section.objects.filter(
            Q(agreement__plan=plan) | Q(delaftale__focus_area__plan=plan)
        )
    ]
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return text


@pytest.fixture
def english_leader(client, filled_plan, leader):
    client.force_login(leader)
    for name, value in ENGLISH.items():
        client.cookies[name] = value
    yield client
    # The middleware activates the language in this thread; the next test starts in Danish.
    translation.activate(settings.LANGUAGE_CODE)


def test_every_plan_page_is_english_when_english_is_chosen(english_leader, filled_plan):
    from django.urls import reverse

    area = filled_plan.focus_areas.get()
    activity = area.delaftale.activities.get()
    slug = filled_plan.slug
    pages = [
        reverse("plans:plan_list"),
        reverse("reporting:portfolio"),
        reverse("exchange:import_upload"),
        *(
            reverse(name, args=[slug])
            for name in (
                "activities:plan_detail", "activities:agreement_detail", "plans:focus_areas",
                "activities:milestone_plan", "activities:budget", "reporting:dashboard",
                "reporting:documents", "spreadsheets:index", "plans:organisation",
                "plans:plan_parties", "plans:members", "plans:plan_edit",
            )
        ),
        reverse("activities:focus_area_detail", args=[slug, area.slug]),
        reverse("activities:delaftale_detail", args=[slug, area.slug]),
        reverse("activities:activity_detail", args=[slug, activity.pk]),
        reverse("reporting:preview", args=[slug, "plan"]),
    ]
    danish = _danish_translations()
    assert len(danish) > 300  # the check has something to look for

    found = {}
    for url in pages:
        response = english_leader.get(url, follow=True)
        assert response.status_code == 200, url
        text = _without_plan_data(_visible_text(response.content.decode()), filled_plan)
        assert "lang=\"en\"" in response.content.decode() or url.endswith("/vis/plan/"), url
        hits = [piece for piece in danish if piece in text]
        if hits:
            found[url] = hits[:5]

    assert not found, f"Danish from the catalogue on English pages: {found}"


def test_a_pdf_rendered_in_english_has_no_danish_from_the_code(filled_plan, settings, tmp_path):
    from reporting import pdf
    from reporting.documents import DocumentSpec, build_document

    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    with translation.override("en"):
        document = build_document(filled_plan, DocumentSpec.parse("plan"))
        rendered = pdf.build(document.parts, document.stamp, document.toc)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=rendered.pdf, capture_output=True, check=True
        ).stdout.decode().split()
    )

    assert "Strategic agreement" in text and "Sub-agreement" in text
    text = _without_plan_data(text, filled_plan)
    hits = [piece for piece in _danish_translations() if piece in text]
    where = [text[max(0, text.find(hit) - 80) : text.find(hit) + 80] for hit in hits]
    assert not hits, f"Danish from the catalogue in the English PDF: {hits[:10]} in {where}"
