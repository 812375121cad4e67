"""Section templates per rule set (data), and every existing plan's sections as rows.

Until now the agreement and the delaftale had fixed fields for their prose; they become the
plan's own `Section` rows with the headings and numbers the documents printed, unchanged.
New plans get their sections from their rule set's template (rows here, editable in the
admin): the next bevillingsperiode is rows, not code.
"""

from django.db import migrations

ATTACHMENTS_2015 = """- Delaftaler for hvert indsatsområde
- Budget og finansiering
- Milepælsplan for hele perioden
- Organisationsdiagram
- Kommissorium for bestyrelsen
- Beredskabsplan (regulativets § 6)
- Boligsociale Data for området ved start"""

ATTACHMENTS_2019 = """- Delaftaler for hvert indsatsområde
- Budget
- Beredskabsplan
- Milepælsplan
- Kommissorium for bestyrelsen
- Indberetningsskema"""

EVALUATION = """Bestyrelsen følger hvert år op på succeskriterierne og på milepælsplanen.
Sekretariatet samler data og skriver en kort status til bestyrelsen.

Efter to år gør parterne status midtvejs og justerer indsatsen, hvis resultaterne peger på det."""

LOCAL_EVALUATION = """Styregruppen følger hvert år op på målene og aktiviteterne.
Sekretariatet samler data og skriver en kort status til styregruppen."""

DUTY_TO_INFORM = """Parterne giver hinanden besked, hvis noget ændrer grundlaget for aftalen.
Ansatte i indsatsen har skærpet underretningspligt efter serviceloven, når de får kendskab \
til, at et barn eller en ung kan have behov for særlig støtte."""

CONFLICT = """Uenighed søges først løst i bestyrelsen.
Lykkes det ikke, tager parternes ledelser sagen op. Landsbyggefonden orienteres, hvis \
uenigheden berører aftalens indhold eller økonomi."""

REVISION = """Ændringer i den strategiske samarbejdsaftale kræver Landsbyggefondens godkendelse.
Bestyrelsen vurderer mindst én gang om året, om aftalen skal justeres."""

DELAFTALE_CONFLICT = """Uenighed om delaftalen løses i bestyrelsen, som beskrevet i den strategiske \
samarbejdsaftale. Medarbejdere i indsatsen har skærpet underretningspligt efter serviceloven."""

DELAFTALE_REVISION = """Bestyrelsen godkender ændringer i delaftalen.
Flytter en ændring vægten mellem indsatsområderne, skal Landsbyggefonden godkende den først.
Den gældende, godkendte delaftale kan altid udskrives og sendes til Landsbyggefonden."""

# (key, number, heading, content, default text)
AGREEMENT_2015 = [
    ("bilag", "", "Aftaledokumenter", "", ATTACHMENTS_2015),
    ("formaal", "1", "Formål med og rammer for indsatsen", "", ""),
    ("strategier", "", "Sammenhæng med lokale strategier", "", ""),
    ("organisering", "2", "Organisering", "", ""),
    ("samspil", "3", "Samspil med øvrige tiltag og indsatser i lokalområdet", "", ""),
    ("data", "4", "Boligsociale Data – Tværgående målinger", "", ""),
    ("indsatsomraader", "5", "Indsatsområder", "focus_areas", ""),
    ("evaluering", "6", "Lokal evaluering og løbende opfølgning", "", EVALUATION),
    ("ressourcer", "7", "Ressourcer i den boligsociale indsats", "financing", ""),
    ("underretning", "9", "Underretning", "", DUTY_TO_INFORM),
    ("konflikt", "10", "Konflikthåndtering", "", CONFLICT),
    ("revision", "11", "Revision af samarbejdsaftalen", "", REVISION),
]

DELAFTALE_LBF = [
    ("problem", "", "Problemkompleks", "problem", ""),
    ("formaal", "", "Formål og mål", "purpose_goals", ""),
    ("succeskriterier", "", "Succeskriterier", "criteria", ""),
    ("aktiviteter", "", "Aktiviteter", "activities", ""),
    ("medarbejdere", "", "Medarbejderressourcer", "staff", ""),
    ("kommunal", "", "Sammenhæng med den kommunale indsats", "", ""),
    ("oekonomi", "", "Indsatsområdets økonomi i henhold til budget", "financing", ""),
    ("konflikt", "", "Konflikthåndtering og underretning", "", DELAFTALE_CONFLICT),
    ("revision", "", "Revision af delaftalen", "", DELAFTALE_REVISION),
]

AGREEMENT_2019 = [
    ("bilag", "", "Aftaledokumenter", "", ATTACHMENTS_2019),
    ("omraade", "1", "Kort om boligområdet", "", ""),
    ("formaal", "2", "Formål og vision for indsatsen", "", ""),
    ("indsatsomraader", "3", "Indsatsområder og mål", "focus_areas", ""),
    ("organisering", "4", "Organisering og ledelse", "", ""),
    ("samspil", "5", "Samspil med kommunens og boligorganisationernes indsatser", "", ""),
    ("data", "6", "Boligsociale Data og løbende opfølgning", "", ""),
    ("ressourcer", "7", "Økonomi", "financing", ""),
    ("evaluering", "8", "Evaluering", "", EVALUATION),
    ("underretning", "9", "Underretning", "", DUTY_TO_INFORM),
    ("konflikt", "10", "Konflikthåndtering", "", CONFLICT),
    ("revision", "11", "Ændringer af aftalen", "", REVISION),
]

# 2011-14 plans had a free structure (seed 002): resumé, forord, baggrund, vision, the
# indsatsområder one by one, milepælsplan, evaluering, organisering, ansvarsområder.
AGREEMENT_2011 = [
    ("resume", "1", "Resumé", "", ""),
    ("forord", "2", "Forord", "", ""),
    ("baggrund", "3", "Baggrund", "", ""),
    ("vision", "4", "Vision", "", ""),
    ("indsatsomraader", "5", "Indsatsområder", "focus_areas", ""),
    ("milepaele", "6", "Overordnet milepælsplan", "", ""),
    ("evaluering", "7", "Evaluering", "", ""),
    ("organisering", "8", "Organisering", "", ""),
    ("ansvar", "9", "Ansvarsområder", "", ""),
    ("oekonomi", "10", "Økonomi", "financing", ""),
]

DELAFTALE_2011 = [
    ("problem", "", "Problemkompleks", "problem", ""),
    ("formaal", "", "Formål og mål", "purpose_goals", ""),
    ("succeskriterier", "", "Succeskriterier", "criteria", ""),
    ("aktiviteter", "", "Aktiviteter", "activities", ""),
    ("medarbejdere", "", "Medarbejderressourcer", "staff", ""),
    ("samarbejde", "", "Samarbejdsrelationer", "", ""),
    ("oekonomi", "", "Økonomi", "financing", ""),
    ("forankring", "", "Forankring", "", ""),
]

# Locally funded plans follow no LBF template: no LBF wording, no LBF bilag.
AGREEMENT_LOCAL = [
    ("baggrund", "1", "Baggrund", "", ""),
    ("formaal", "2", "Formål og vision", "", ""),
    ("indsatsomraader", "3", "Indsatsområder", "focus_areas", ""),
    ("organisering", "4", "Organisering", "", ""),
    ("oekonomi", "5", "Økonomi", "financing", ""),
    ("evaluering", "6", "Evaluering og opfølgning", "", LOCAL_EVALUATION),
]

DELAFTALE_LOCAL = [
    ("problem", "", "Baggrund og udfordringer", "problem", ""),
    ("formaal", "", "Formål og mål", "purpose_goals", ""),
    ("succeskriterier", "", "Succeskriterier", "criteria", ""),
    ("aktiviteter", "", "Aktiviteter", "activities", ""),
    ("medarbejdere", "", "Medarbejdere", "staff", ""),
    ("oekonomi", "", "Økonomi", "financing", ""),
]

TEMPLATES = {
    "lbf-2011-14": (AGREEMENT_2011, DELAFTALE_2011),
    "lbf-2015-18": (AGREEMENT_2015, DELAFTALE_LBF),
    "lbf-2019-26": (AGREEMENT_2019, DELAFTALE_LBF),
    "lokal": (AGREEMENT_LOCAL, DELAFTALE_LOCAL),
}

# What every existing plan printed, whatever its rule set: the old fixed sections, with the
# field each one's text comes from.
OLD_AGREEMENT = [
    ("bilag", "", "Aftaledokumenter", "", "attachments"),
    ("formaal", "1", "Formål med og rammer for indsatsen", "", "purpose"),
    ("strategier", "", "Sammenhæng med lokale strategier", "", "local_strategies"),
    ("organisering", "2", "Organisering", "", "organisation"),
    ("samspil", "3", "Samspil med øvrige tiltag og indsatser i lokalområdet", "", "interplay"),
    ("data", "4", "Boligsociale Data – Tværgående målinger", "", "housing_data"),
    ("indsatsomraader", "5", "Indsatsområder", "focus_areas", None),
    ("evaluering", "6", "Lokal evaluering og løbende opfølgning", "", "evaluation"),
    ("ressourcer", "7", "Ressourcer i den boligsociale indsats", "financing", "resources"),
    ("underretning", "9", "Underretning", "", "duty_to_inform"),
    ("konflikt", "10", "Konflikthåndtering", "", "conflict_resolution"),
    ("revision", "11", "Revision af samarbejdsaftalen", "", "revision"),
]

OLD_DELAFTALE = [
    ("problem", "", "Problemkompleks", "problem", None),
    ("formaal", "", "Formål og mål", "purpose_goals", None),
    ("succeskriterier", "", "Succeskriterier", "criteria", None),
    ("aktiviteter", "", "Aktiviteter", "activities", None),
    ("medarbejdere", "", "Medarbejderressourcer", "staff", None),
    ("kommunal", "", "Sammenhæng med den kommunale indsats", "", "municipal_link"),
    ("oekonomi", "", "Indsatsområdets økonomi i henhold til budget", "financing", None),
    ("konflikt", "", "Konflikthåndtering og underretning", "", "conflict_and_inform"),
    ("revision", "", "Revision af delaftalen", "", "revision"),
]


def load(apps, schema_editor):
    RuleSet = apps.get_model("plans", "RuleSet")
    SectionTemplate = apps.get_model("plans", "SectionTemplate")
    Section = apps.get_model("plans", "Section")
    StrategicAgreement = apps.get_model("plans", "StrategicAgreement")
    Delaftale = apps.get_model("plans", "Delaftale")
    for code, (agreement, delaftale) in TEMPLATES.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            continue
        for document, rows in (("agreement", agreement), ("delaftale", delaftale)):
            SectionTemplate.objects.bulk_create(
                SectionTemplate(
                    rule_set=rule_set, document=document, key=key, number=number,
                    heading=heading, content=content, default_text=text, order=order,
                )
                for order, (key, number, heading, content, text) in enumerate(rows)
            )
    sections = []
    for agreement in StrategicAgreement.objects.all():
        for order, (key, number, heading, content, field) in enumerate(OLD_AGREEMENT):
            text = getattr(agreement, field) if field else ""
            if key == "strategier" and not text:
                continue
            sections.append(Section(agreement=agreement, key=key, number=number,
                                    heading=heading, content=content, text=text, order=order))
    for delaftale in Delaftale.objects.all():
        for order, (key, number, heading, content, field) in enumerate(OLD_DELAFTALE):
            sections.append(Section(delaftale=delaftale, key=key, number=number, heading=heading,
                                    content=content, text=getattr(delaftale, field) if field
                                    else "", order=order))
    Section.objects.bulk_create(sections, batch_size=500)
    _carry_history(apps, OLD_AGREEMENT, "agreement", "HistoricalStrategicAgreement")
    _carry_history(apps, OLD_DELAFTALE, "delaftale", "HistoricalDelaftale")


def _carry_history(apps, structure, owner: str, historical_model: str):
    """Each earlier change of a fixed field becomes a change of its section, with the same
    who, when and why, so the history page keeps telling what the text was."""
    Section = apps.get_model("plans", "Section")
    HistoricalSection = apps.get_model("plans", "HistoricalSection")
    Historical = apps.get_model("plans", historical_model)
    fields = {key: field for key, *_rest, field in structure if field}
    sections = {
        (getattr(section, f"{owner}_id"), section.key): section
        for section in Section.objects.filter(**{f"{owner}__isnull": False, "key__in": fields})
    }
    rows, previous = [], {}
    for past in Historical.objects.order_by("id", "history_date", "history_id").iterator():
        for key, field in fields.items():
            section = sections.get((past.id, key))
            value = getattr(past, field)
            if section is None or previous.get((past.id, key)) == value:
                continue
            first = (past.id, key) not in previous
            previous[(past.id, key)] = value
            if first and not value and past.history_type == "+":
                continue
            rows.append(HistoricalSection(
                id=section.id, agreement_id=section.agreement_id,
                delaftale_id=section.delaftale_id, key=key, number=section.number,
                heading=section.heading, content=section.content, text=value,
                order=section.order, history_date=past.history_date,
                history_user_id=past.history_user_id,
                history_change_reason=past.history_change_reason,
                history_type="+" if first else "~",
            ))
    HistoricalSection.objects.bulk_create(rows, batch_size=500)


def unload(apps, schema_editor):
    """Back to the fixed fields: each section's text into the field it came from."""
    Section = apps.get_model("plans", "Section")
    fields = {key: field for key, *_rest, field in OLD_AGREEMENT if field}
    delaftale_fields = {key: field for key, *_rest, field in OLD_DELAFTALE if field}
    for section in Section.objects.select_related("agreement", "delaftale"):
        owner, mapping = (
            (section.agreement, fields) if section.agreement_id
            else (section.delaftale, delaftale_fields)
        )
        field = mapping.get(section.key)
        if field:
            setattr(owner, field, section.text)
            owner.save(update_fields=[field])
    apps.get_model("plans", "HistoricalSection").objects.all().delete()
    Section.objects.all().delete()
    apps.get_model("plans", "SectionTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_sections")]

    operations = [migrations.RunPython(load, unload)]
