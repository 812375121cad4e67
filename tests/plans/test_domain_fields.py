"""Every field that domain.md §3-4 names has a home in a model and a Danish form to fill it."""

import pytest

from activities.models import SuccessCriterion
from plans import forms
from plans.models import (
    Delaftale,
    DelaftaleParty,
    FinancingLine,
    FocusArea,
    Goal,
    Plan,
    PlanParty,
    Section,
    Signature,
    StaffResource,
    StrategicAgreement,
)
from tests.plan_rows import row_kinds

# (domain.md wording, model, field)
AGREEMENT_FIELDS = [
    ("§3 Områdets navn", Plan, "area_name"),
    ("§3 aftalens parter: kommune, boligorganisationer, administrator", PlanParty, "organisation"),
    ("§3 aftalens parter: rolle", PlanParty, "role"),
    ("§3 valid from", StrategicAgreement, "valid_from"),
    ("§3 valid to", StrategicAgreement, "valid_to"),
    ("§3 signatures: party", Signature, "party"),
    ("§3 signatures: name", Signature, "signer_name"),
    ("§3 signatures: date", Signature, "signed_on"),
    ("§3 list of attached documents", Section, "text"),
    ("§3 the plan's own section numbers", Section, "number"),
    ("§3 the plan's own section headings", Section, "heading"),
    ("§3.1 formål med og rammer for indsatsen", Section, "text"),
    ("§3.1 links to local strategies", Section, "text"),
    ("§3.2 organisering", Section, "text"),
    ("§3.3 samspil med øvrige tiltag", Section, "text"),
    ("§3.4 Boligsociale Data", Section, "text"),
    ("§3.5 indsatsområde: problemkompleks", FocusArea, "problem"),
    ("§3.5 indsatsområde: formål", FocusArea, "purpose"),
    ("§3.5 indsatsområde: mål", Goal, "text"),
    ("§3.5 succeskriterium", SuccessCriterion, "text"),
    ("§3.5 succeskriterium: datakilde", SuccessCriterion, "data_source"),
    ("§3.5 succeskriterium: baseline", SuccessCriterion, "baseline_value"),
    ("§3.6 lokal evaluering og løbende opfølgning", Section, "text"),
    ("§3.7 ressourcer", Section, "text"),
    ("§3.7 ressourcer: LBF / lokal medfinansiering (source)", FinancingLine, "kind"),
    ("§3.9 underretning", Section, "text"),
    ("§3.10 konflikthåndtering", Section, "text"),
    ("§3.11 revision af samarbejdsaftalen", Section, "text"),
]

DELAFTALE_FIELDS = [
    ("§4 name of the indsats", Plan, "name"),
    ("§4 aftalens parter: person", DelaftaleParty, "name"),
    ("§4 aftalens parter: organisation", DelaftaleParty, "organisation"),
    ("§4 aftalens parter: role", DelaftaleParty, "title"),
    ("§4 problemkompleks (shared)", FocusArea, "problem"),
    ("§4 formål (shared)", FocusArea, "purpose"),
    ("§4 mål (shared)", Goal, "text"),
    ("§4 succeskriterier with baseline and datakilde (shared)", SuccessCriterion, "baseline_note"),
    ("§4 medarbejderressourcer: role", StaffResource, "role"),
    ("§4 medarbejderressourcer: organisation", StaffResource, "organisation"),
    ("§4 medarbejderressourcer: share in %", StaffResource, "share_percent"),
    ("§4 medarbejderressourcer: hours per week", StaffResource, "hours_per_week"),
    ("§4 sammenhæng med den kommunale indsats", Section, "text"),
    ("§4 økonomi: the area's financing split", FinancingLine, "focus_area"),
    ("§4 konflikthåndtering og underretning", Section, "text"),
    ("§4 revision af delaftalen", Section, "text"),
    ("§4 valid from", Delaftale, "valid_from"),
    ("§4 valid to", Delaftale, "valid_to"),
]


def _editable_fields():
    """(model, field) pairs that some form of the product lets a leder fill in."""
    pairs = set()
    for _key, (_title, fields) in forms.AGREEMENT_SECTIONS.items():
        pairs |= {(StrategicAgreement, f) for f in fields}
    for _key, (_title, fields) in forms.DELAFTALE_SECTIONS.items():
        pairs |= {(Delaftale, f) for f in fields}
    for part in row_kinds().values():
        pairs |= {(part.model, f) for f in part.form_class._meta.fields}
    for form_class in (forms.PlanForm, forms.FocusAreaForm):
        pairs |= {(form_class._meta.model, f) for f in form_class._meta.fields}
    pairs |= {(PlanParty, f) for f in forms.PartyForm.base_fields}
    return pairs


@pytest.mark.parametrize(
    "term, model, field",
    AGREEMENT_FIELDS + DELAFTALE_FIELDS,
    ids=[t for t, *_ in AGREEMENT_FIELDS + DELAFTALE_FIELDS],
)
def test_domain_field_has_a_model_field_and_a_form(term, model, field):
    model._meta.get_field(field)  # raises FieldDoesNotExist when the home is gone

    assert (model, field) in _editable_fields(), f"{term}: no form fills {model.__name__}.{field}"


# domain.md §5-7: activity, success criterion and milestone.
ACTIVITY_FIELDS = [
    "name",
    "core_activity",
    "core_activity_text",
    "content",
    "purpose",
    "responsibilities",
    "responsible",
    "partners",
    "staff_resources",
    "collaboration",
    "local_evaluation",
    "anchoring",
    "start",
    "end",
    "status",
]
CRITERION_FIELDS = [
    "text",
    "kind",
    "unit",
    "direction",
    "baseline_value",
    "baseline_period",
    "baseline_due",
    "target_kind",
    "target_value",
    "target_year",
    "data_source",
    "measured_when",
]


@pytest.mark.parametrize("field", ACTIVITY_FIELDS)
def test_activity_field_is_shown_by_some_lbf_template(field):
    from activities.forms import activity_fields
    from plans.models import RuleSet

    shown = {f for template in RuleSet.ActivityTemplate.values for f in activity_fields(template)}

    assert field in shown


@pytest.mark.parametrize("field", CRITERION_FIELDS)
def test_criterion_field_has_a_form(field):
    from activities.forms import CriterionForm

    assert field in CriterionForm._meta.fields


def test_measurement_comparison_and_milestone_fields_have_forms():
    from activities.forms import ComparisonForm, MeasurementForm, MilestoneForm

    assert {"value", "achieved", "measured_on", "comment", "source", "evidence"} <= set(
        MeasurementForm._meta.fields
    )
    assert {"label", "value"} <= set(ComparisonForm._meta.fields)
    assert {
        "title",
        "due_date",
        "due_year",
        "due_quarter",
        "activity",
        "focus_area",
        "status",
        "reached_on",
        "note",
    } <= set(MilestoneForm._meta.fields)
