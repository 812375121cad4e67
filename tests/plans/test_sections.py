"""The plan's own document structure: sections from the rule set's template, the leder's
numbering and headings in the print, standard wording offered and never printed by itself."""

import datetime

import pytest
from django.urls import reverse

from plans import services
from plans.models import Membership, Plan, RuleSet, Section, SectionTemplate
from plans.sections import section_standard_text, sections_write, text_with_standard
from reporting.documents import DocumentSpec, build_document
from tests.factories import DelaftaleFactory, FocusAreaFactory, UserFactory

RULE_SET_CODES = ["lbf-2011-14", "lbf-2015-18", "lbf-2019-26", "lokal"]


def _new_plan(code: str, slug: str = "ny-plan") -> Plan:
    return services.plan_create(
        user=UserFactory(),
        plan=Plan(
            name=f"Plan {code}",
            area_name="Området",
            slug=slug,
            rule_set=RuleSet.objects.get(code=code),
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2027, 12, 31),
        ),
    )


def _template(code: str, document: str) -> list[tuple[str, str]]:
    return list(
        SectionTemplate.objects.filter(rule_set__code=code, document=document)
        .order_by("order")
        .values_list("number", "heading")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("code", RULE_SET_CODES)
def test_a_new_plan_gets_the_sections_of_its_rule_sets_template(code):
    plan = _new_plan(code)
    area = FocusAreaFactory(plan=plan)
    delaftale = services.delaftale_create(plan=plan, focus_area=area)

    agreement_sections = list(plan.agreement.sections.values_list("number", "heading"))
    delaftale_sections = list(delaftale.sections.values_list("number", "heading"))

    assert agreement_sections == _template(code, "agreement")
    assert delaftale_sections == _template(code, "delaftale")
    assert len(agreement_sections) >= 6


@pytest.mark.django_db
def test_each_rule_set_has_its_own_agreement_structure():
    structures = {tuple(_template(code, "agreement")) for code in RULE_SET_CODES}
    assert len(structures) == len(RULE_SET_CODES)


@pytest.mark.django_db
@pytest.mark.parametrize("code", RULE_SET_CODES)
def test_new_sections_start_unwritten_so_no_standard_text_is_printed(code):
    plan = _new_plan(code)
    assert not plan.agreement.sections.exclude(text="").exists()


@pytest.mark.django_db
def test_a_local_plans_template_has_no_lbf_wording():
    rows = SectionTemplate.objects.filter(rule_set__code="lokal")
    assert rows.exists()
    for row in rows:
        assert "Landsbyggefond" not in row.heading + row.default_text
        assert "LBF" not in row.heading + row.default_text


def _pdf_text(plan, document: str) -> str:
    from reporting.pdf import build

    built = build_document(plan, DocumentSpec.parse(document))
    return _text_of(build(built.parts, built.stamp, built.toc).pdf)


def _text_of(pdf: bytes) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "headings"),
    [
        ("lbf-2011-14", ["1. Resumé", "3. Baggrund", "4. Vision", "8. Organisering"]),
        ("lbf-2015-18", ["1. Formål med og rammer for indsatsen", "3. Samspil med øvrige"]),
        ("lbf-2019-26", ["1. Kort om boligområdet", "4. Organisering og ledelse"]),
        ("lokal", ["1. Baggrund", "2. Formål og vision", "4. Organisering"]),
    ],
)
def test_each_rule_sets_plan_prints_its_own_templates_headings(code, headings):
    plan = _new_plan(code)
    texts = {}
    for section in plan.agreement.sections.all():
        if not section.content:
            texts[section.key] = f"Tekst til {section.heading.lower()}."
    sections_write(document=plan.agreement, texts=texts)

    text = _pdf_text(plan, "agreement")

    for heading in headings:
        assert heading in text


@pytest.mark.django_db
def test_a_renamed_and_renumbered_section_prints_its_new_name_in_text_and_contents():
    plan = _new_plan("lbf-2015-18")
    section = plan.agreement.sections.get(key="samspil")
    section.number, section.heading = "8", "Samspil med kommunens indsatser"
    section.text = "Vi arbejder tæt sammen med skolerne."
    section.save()

    text = _pdf_text(plan, "plan")
    contents, body = text.split("Strategisk samarbejdsaftale om boligsocial indsats", 1)[1].split(
        "\f", 1
    )

    assert "8. Samspil med kommunens indsatser" in contents
    assert "8. Samspil med kommunens indsatser" in body
    assert "3. Samspil med øvrige" not in text


@pytest.mark.django_db
def test_an_unwritten_section_prints_no_heading():
    plan = _new_plan("lbf-2015-18")
    sections_write(document=plan.agreement, texts={"formaal": "Formålet er tryghed."})

    text = _pdf_text(plan, "agreement")

    assert "1. Formål med og rammer for indsatsen" in text
    assert "Samspil med øvrige tiltag" not in text
    assert "Konflikthåndtering" not in text


@pytest.mark.django_db
def test_an_added_section_prints_where_the_leder_put_it():
    plan = _new_plan("lbf-2015-18")
    agreement = plan.agreement
    sections_write(document=agreement, texts={"formaal": "Formålet er tryghed."})
    baggrund = Section(agreement=agreement, number="", heading="Baggrund", text="Kort baggrund.")
    services.ordered_append(instance=baggrund, siblings=agreement.sections.all())
    services.ordered_move(instance=baggrund, siblings=agreement.sections.all(), up=True)
    while agreement.sections.order_by("order").first() != baggrund:
        services.ordered_move(instance=baggrund, siblings=agreement.sections.all(), up=True)
        baggrund.refresh_from_db()

    text = _pdf_text(plan, "agreement")

    assert text.index("Baggrund") < text.index("1. Formål med og rammer for indsatsen")


@pytest.mark.django_db
def test_a_delaftale_prints_the_sections_structured_parts_in_the_plans_order():
    plan = _new_plan("lbf-2015-18")
    area = FocusAreaFactory(plan=plan, problem="Mange unge mangler fritidsjob.")
    delaftale = services.delaftale_create(plan=plan, focus_area=area)
    staff = delaftale.sections.get(content="staff")
    staff.heading = "Hvem gør arbejdet"
    staff.save()
    from tests.factories import StaffResourceFactory

    StaffResourceFactory(delaftale=delaftale, role="Netværksmedarbejder")

    text = _pdf_text(plan, f"delaftale:{area.slug}")

    assert "Problemkompleks" in text and "Mange unge mangler fritidsjob." in text
    assert "Hvem gør arbejdet" in text and "Netværksmedarbejder" in text
    assert "Medarbejderressourcer" not in text
    # Nothing is written in "Sammenhæng med den kommunale indsats": no empty heading.
    assert "Sammenhæng med den kommunale indsats" not in text


def test_inserting_the_standard_text_keeps_what_is_written():
    assert text_with_standard("", "Standard.") == "Standard."
    assert text_with_standard("Egen tekst.", "Standard.") == "Egen tekst.\n\nStandard."
    assert text_with_standard("Egen tekst.\n\nStandard.", "Standard.") == (
        "Egen tekst.\n\nStandard."
    )


@pytest.mark.django_db
def test_a_section_the_leder_added_has_no_standard_text():
    plan = _new_plan("lbf-2015-18")
    section = Section.objects.create(agreement=plan.agreement, heading="Egen", order=99)
    assert section_standard_text(section=section, rule_set=plan.rule_set) == ""


# --- Views ----------------------------------------------------------------------------------


@pytest.fixture
def lbf_plan_and_leader(db):
    user = UserFactory()
    plan = services.plan_create(
        user=user,
        plan=Plan(
            name="Plan",
            area_name="Området",
            slug="lbf-plan",
            rule_set=RuleSet.objects.get(code="lbf-2015-18"),
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2027, 12, 31),
        ),
    )
    return plan, user


def _edit_url(section):
    return reverse("plans:afsnit_edit", args=[section.agreement.plan.slug, section.pk])


def test_the_edit_form_offers_the_standard_text_and_inserts_it_unsaved(client,
                                                                         lbf_plan_and_leader):
    plan, user = lbf_plan_and_leader
    client.force_login(user)
    section = plan.agreement.sections.get(key="konflikt")

    offer = client.get(_edit_url(section))
    inserted = client.get(_edit_url(section) + "?standardtekst=1")

    assert "Indsæt standardteksten" in offer.content.decode()
    assert "Uenighed søges først løst i bestyrelsen." in inserted.content.decode()
    section.refresh_from_db()
    assert section.text == ""


def test_the_leder_renames_and_renumbers_a_section(client, lbf_plan_and_leader):
    plan, user = lbf_plan_and_leader
    client.force_login(user)
    section = plan.agreement.sections.get(key="samspil")

    response = client.post(
        _edit_url(section), {"number": "8", "heading": "Samspil", "text": "Tekst", "content": ""}
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.number, section.heading, section.title) == ("8", "Samspil", "8. Samspil")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "3 a", "heading": "Samspil"}, "Et nummer er cifre eller bogstaver"),
        ({"number": "3", "heading": ""}, "Dette felt er påkrævet"),
        ({"number": "3", "heading": "X", "content": "focus_areas"}, "viser allerede denne del"),
        ({"number": "3", "heading": "X", "content": "staff"}, "Vælg en af de strukturerede"),
    ],
)
def test_bad_section_input_gets_a_danish_message_and_changes_nothing(
    client, lbf_plan_and_leader, data, message
):
    plan, user = lbf_plan_and_leader
    client.force_login(user)
    section = plan.agreement.sections.get(key="samspil")

    response = client.post(_edit_url(section), {"text": "", "content": "", **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    section.refresh_from_db()
    assert (section.number, section.heading) == ("3", "Samspil med øvrige tiltag og indsatser i "
                                                  "lokalområdet")


def test_a_reader_cannot_edit_a_section(client, lbf_plan_and_leader):
    plan, _user = lbf_plan_and_leader
    reader = UserFactory()
    Membership.objects.create(plan=plan, user=reader, role=Membership.Role.READER)
    client.force_login(reader)
    section = plan.agreement.sections.get(key="samspil")

    response = client.post(_edit_url(section), {"number": "1", "heading": "Hack", "text": ""})

    assert response.status_code == 403
    section.refresh_from_db()
    assert section.heading != "Hack"


def test_the_agreement_page_lists_the_sections_in_the_plans_order(client, lbf_plan_and_leader):
    plan, user = lbf_plan_and_leader
    client.force_login(user)

    content = client.get(reverse("activities:agreement_detail", args=[plan.slug])).content.decode()

    positions = [content.index(s.title) for s in plan.agreement.sections.all()]
    assert positions == sorted(positions)
    assert "Skriv det, eller start fra standardteksten" in content


def test_a_delaftale_section_of_another_plan_is_not_found(client, lbf_plan_and_leader):
    plan, user = lbf_plan_and_leader
    other = DelaftaleFactory()
    client.force_login(user)
    section = other.sections.first()

    response = client.get(reverse("plans:delaftaleafsnit_edit", args=[plan.slug, section.pk]))

    assert response.status_code == 404
