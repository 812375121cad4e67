"""What the PDFs print of the afdelinger, of people known by their role and of the fora's
hierarchy (issue 14, points 3 and 4), read back with pdftotext."""

import re
import subprocess

import pytest

from plans.models import Forum, ForumMember, StaffMember
from reporting import charts, pdf
from reporting.documents import DocumentSpec, build_document
from tests.estates_plan import ESTATES, LONG_FORUM, build_estates_plan


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def estates_plan(db):
    return build_estates_plan()


def _text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _pdf_text(plan, spec: str) -> str:
    document = build_document(plan, DocumentSpec.parse(spec))
    return _text(pdf.build(document.parts, document.stamp, document.toc).pdf)


def _front_sheet(text: str) -> str:
    """The agreement from its title up to its first numbered section."""
    start = text.index("Strategisk samarbejdsaftale om boligsocial indsats")
    return text[start:text.index("Aftaledokumenter", start)]


def test_the_front_sheet_prints_each_afdeling_with_number_owner_and_status(estates_plan):
    front = _front_sheet(_pdf_text(estates_plan, "agreement"))
    table = front[front.index("Boligafdelinger"):front.index("Underskrifter")]

    names = [estate[0] for estate in ESTATES]
    for n, (name, number, owner, status) in enumerate(ESTATES):
        # A wrapped cell runs into the next column in pdftotext's layout: compare words.
        end = table.index(names[n + 1]) if n + 1 < len(names) else len(table)
        row = set(table[table.index(name):end].split())
        assert set(f"{number} {owner or ''} {status}".split()) <= row, (name, row)


def test_signature_blocks_one_per_party_with_lines_until_someone_signs(estates_plan):
    front = _front_sheet(_pdf_text(estates_plan, "agreement"))
    signatures = front[front.index("Underskrifter"):]
    parties = [p.organisation.name for p in estates_plan.parties.all()]

    assert len(parties) == 4
    assert signatures.count("Dato:") == len(parties)
    assert signatures.count("Navn:") == len(parties)
    for party in parties:
        assert party in signatures
    assert "Dato: 01.02.2024 Navn: Mette Borg, Borgmester" in signatures
    # The party whose signer is known by title only gets blank lines and the title.
    second = signatures[signatures.index(parties[1]):signatures.index(parties[2])]
    assert "Formand" in second and "Dato: Navn:" in second


def test_the_whole_plan_cover_names_the_afdelinger_and_their_status(estates_plan):
    text = _pdf_text(estates_plan, "plan")
    cover = text[:text.index("Indhold")]
    assert "Nordparken (Særligt udsat boligområde)" in cover
    assert "Østervang" in cover


def test_the_activity_schema_names_the_afdelinger_it_covers(estates_plan):
    text = _pdf_text(estates_plan, "delaftale:kriminalitet")
    assert "Boligafdelinger Nordparken, Rækkehusene ved Mosen" in text


def test_the_split_of_time_across_afdelinger_prints(estates_plan):
    delaftale = _pdf_text(estates_plan, "delaftale:kriminalitet")
    assert (
        "Fordeling på boligafdelinger: Nordparken 50 %, Sydhaven 30 %, Østervang 20 %" in delaftale
    )
    plan = _pdf_text(estates_plan, "plan")
    organisation = plan[plan.rindex("Organisationsdiagram"):]
    assert "Fordeling på boligafdelinger: Nordparken 60 %, Østervang 40 %" in organisation


def test_a_criterion_prints_its_baseline_and_target_per_afdeling(estates_plan):
    text = _pdf_text(estates_plan, "delaftale:kriminalitet")
    assert "Sydhaven: baseline 61 %, mål 72 %" in text


def test_people_known_only_by_their_role_print_by_it(estates_plan):
    delaftale = _pdf_text(estates_plan, "delaftale:kriminalitet")
    assert "Midtby Kommune, SSP Repræsentant for SSP" in delaftale
    assert "N.N. Repræsentant for beboerne i Sydhaven" in delaftale
    plan = _pdf_text(estates_plan, "plan")
    organisation = plan[plan.rindex("Organisationsdiagram"):]
    assert organisation.count("Medlem af formandskabet") == 2
    assert "Hører under Bestyrelsen for Nord og Syd" in organisation


def _diagram_boxes(svg: str):
    """(y, text) of each line in the diagram."""
    return [(float(y), text) for y, text in re.findall(
        r'<text x="[\d.]+" y="([\d.]+)"[^>]*>([^<]*)<', svg)]


def test_the_diagram_follows_the_hierarchy_the_user_gives(estates_plan):
    fora = list(estates_plan.fora.all())
    svg = str(charts.organisation_diagram(plan=estates_plan, fora=fora,
                                          staff=estates_plan.staff.all()))
    lines = _diagram_boxes(svg)

    def top(word):
        return min(y for y, text in lines if word in text)

    # Roots side by side on top; each forum below the one it reports to.
    assert top("Bestyrelsen") == top("Beboerpanelet")
    assert top("Bestyrelsen") < top("Koordinationsgruppen") < top("Arbejdsgruppen")
    assert top("Arbejdsgruppen") < top("Sekretariat")


def test_nothing_is_placed_above_the_board_unless_the_user_says_so(plan):
    board = Forum.objects.create(plan=plan, name="Bestyrelsen", kind="bestyrelse")
    partnership = Forum.objects.create(plan=plan, name="Partnerskabet", kind="partnerskab")
    svg = str(charts.organisation_diagram(plan=plan, fora=[board, partnership], staff=[]))
    lines = _diagram_boxes(svg)
    top = {text: y for y, text in lines}
    assert top["Bestyrelsen"] == top["Partnerskabet"]

    board.parent = partnership
    svg = str(charts.organisation_diagram(plan=plan, fora=[board, partnership], staff=[]))
    top = {text: y for y, text in _diagram_boxes(svg)}
    assert top["Partnerskabet"] < top["Bestyrelsen"]


def test_the_diagram_invents_no_text(plan):
    """Without fora or staff there is no diagram; with them, every line is the user's."""
    assert charts.organisation_diagram(plan=plan, fora=[], staff=[]) == ""
    forum = Forum.objects.create(plan=plan, name="Styregruppen", kind="styregruppe")
    staff = [StaffMember(plan=plan, title="Boligsocial leder")]
    svg = str(charts.organisation_diagram(plan=plan, fora=[forum], staff=staff))
    words = " ".join(text for _y, text in _diagram_boxes(svg))
    assert words == "Styregruppen Styregruppe Sekretariat Boligsocial leder"


def test_no_label_in_the_diagram_is_cut(plan):
    very_long = "Samarbejdsforummet" * 3 + " for de " + "boligsociale " * 6 + "indsatser"
    fora = [Forum.objects.create(plan=plan, name=very_long, kind="bestyrelse")]
    fora += [Forum.objects.create(plan=plan, name=f"{LONG_FORUM} {n}", kind="foelgegruppe",
                                  parent=fora[0], order=n) for n in range(1, 8)]
    staff = [StaffMember(plan=plan, title=f"Boligsocial medarbejder med ansvar for område {n}")
             for n in range(12)]
    svg = str(charts.organisation_diagram(plan=plan, fora=fora, staff=staff))

    assert "…" not in svg
    joined = " ".join(text for _y, text in _diagram_boxes(svg))
    for forum in fora:
        assert forum.name in joined
    for member in staff:
        assert member.title in joined
    # Each line fits its box: width estimated with the renderer's own glyph widths.
    boxes = [tuple(float(v) for v in m) for m in re.findall(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)]
    for x, size, bold, text in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="([\d.]+)"'
        r'( font-weight="bold")?[^>]*>([^<]*)<', svg):
        glyph = (charts.TITLE_CHAR / charts.TITLE_SIZE if bold
                 else charts.SUBTITLE_CHAR / charts.SUBTITLE_SIZE)
        width = len(text) * float(size) * glyph
        assert any(bx <= float(x) <= bx + bw and width <= bw for bx, bw in boxes), text


def test_every_label_of_the_diagram_is_in_the_pdf_text(estates_plan):
    text = _pdf_text(estates_plan, "plan")
    diagram_page = text[text.rindex("Organisationsdiagram"):]
    for forum in estates_plan.fora.all():
        assert forum.name in diagram_page
    assert LONG_FORUM in diagram_page
    assert ForumMember.objects.filter(forum__plan=estates_plan, name="").count() == 2
