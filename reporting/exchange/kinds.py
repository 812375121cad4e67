"""What the exchange file holds: one declaration per kind of row, the fields read from the model.

A kind names its model, where it hangs in the plan (`parent`: the field that points up, or
`plan`), how other rows refer to it (`key`: natural key fields, or a synthetic `key` column the
exporter numbers), what its foreign keys point at (`refs`: another kind, or shared reference
data looked up by name or code) and what is left out (`exclude`). Every other concrete field of
the model is exchanged as it is, so a field another developer adds to a model shows up in the
export, the import and the schema without touching this file (`python manage.py
exchange_schema` refreshes `schema.json`). A new foreign key must be declared in `refs` or
`exclude`: `fields_of` refuses to guess.

Left out everywhere: database ids, `order` (a row's place in its list is its order),
timestamps, live approval state (approvals travel as history in `versions`), users and
memberships (people with a login belong to one installation) and stored files.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    ActivityGoal,
    BudgetAmount,
    BudgetLine,
    ComparisonValue,
    CoreActivity,
    CriterionEstateValue,
    CriterionGroup,
    Indicator,
    IndicatorValue,
    Measurement,
    Milestone,
    SuccessCriterion,
    TargetGroup,
)
from plans.models import (
    BudgetGroup,
    Delaftale,
    DelaftaleParty,
    DocumentVersion,
    EstateShare,
    FinancingAmount,
    FinancingLine,
    FocusArea,
    ForumMember,
    Goal,
    HousingEstate,
    Organisation,
    Plan,
    PlanDeadline,
    PlanEstate,
    PlanParty,
    RuleSet,
    RuleSetArea,
    Section,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
    YearLock,
)
from plans.models import Forum as ForumModel

FORMAT = "helhedsplan"
VERSION = 1

# Never exchanged, on any model: bookkeeping and live approval state.
ALWAYS_EXCLUDED = {
    "id",
    "order",
    "created_at",
    "updated_at",
    "approval_state",
    "approval_reason",
    "submitted_by",
}

# Shared reference data, found by a name or code that is the same on every installation.
RULE_SET = "@rule_set"  # RuleSet.code
RULE_SET_AREA = "@rule_set_area"  # RuleSetArea.name within the plan's rule set
CORE_ACTIVITY = "@core_activity"  # CoreActivity.name; one the catalogue lacks is added
REFERENCE_DATA = {
    RULE_SET: (RuleSet, "code"),
    RULE_SET_AREA: (RuleSetArea, "name"),
    CORE_ACTIVITY: (CoreActivity, "name"),
}


@dataclass(frozen=True)
class Kind:
    """One list in the file (one sheet in the workbook)."""

    name: str
    model: type[models.Model]
    sheet: str | Promise  # translated when shown
    parent: str  # the field pointing up ("plan" for rows of the plan itself, "" for the plan)
    key: tuple[str, ...] = ()  # natural key fields; empty + `keyed`: a synthetic "key" column
    keyed: bool = False  # other rows refer to this kind
    key_prefix: str = ""  # synthetic keys are numbered <prefix>1, <prefix>2, … on export
    refs: dict[str, str] = field(default_factory=dict)  # FK field → kind name or reference data
    exclude: tuple[str, ...] = ()
    single: bool = False  # one object rather than a list (the plan, the agreement)
    ordered: bool = False  # has `order`, set from the row's place among its siblings

    @property
    def has_key_column(self) -> bool:
        return self.keyed and not self.key


KINDS: tuple[Kind, ...] = (
    Kind(
        "plan", Plan, _("Plan"), "", single=True, refs={"rule_set": RULE_SET},
        exclude=("estates",),
    ),
    Kind("organisations", Organisation, _("Organisations"), "", key=("name",), keyed=True),
    Kind(
        "estates", HousingEstate, _("Housing estates"), "plan", keyed=True, key_prefix="E",
        refs={"organisation": "organisations"},
    ),
    Kind(
        "plan_estates", PlanEstate, _("Housing estates of the plan"), "plan", key=("estate",),
        keyed=True, refs={"estate": "estates"}, ordered=True,
    ),
    # Indicators before the criteria tied to them and the measurements made from their values.
    Kind(
        "indicators", Indicator, _("Indicators"), "plan", key=("name",), keyed=True,
        ordered=True,
    ),
    Kind(
        "indicator_values", IndicatorValue, _("Indicator values"), "indicator", keyed=True,
        key_prefix="IV", refs={"indicator": "indicators", "plan_estate": "plan_estates"},
    ),
    Kind(
        "parties", PlanParty, _("Parties"), "plan", key=("organisation",), keyed=True,
        refs={"organisation": "organisations"}, ordered=True,
    ),
    Kind("agreement", StrategicAgreement, _("Strategic agreement"), "plan", single=True),
    Kind(
        "agreement_sections", Section, _("Sections of the agreement"), "agreement",
        exclude=("delaftale",), ordered=True,
    ),
    Kind(
        "signatures", Signature, _("Signatures"), "agreement", refs={"party": "parties"},
        ordered=True,
    ),
    Kind(
        "focus_areas", FocusArea, _("Focus areas"), "plan", key=("slug",), keyed=True,
        refs={"rule_set_area": RULE_SET_AREA}, ordered=True,
    ),
    Kind("goals", Goal, _("Goals"), "focus_area", refs={"focus_area": "focus_areas"},
         ordered=True),
    Kind(
        "criterion_groups", CriterionGroup, _("Groups of success criteria"), "focus_area",
        keyed=True, key_prefix="G", refs={"focus_area": "focus_areas"}, ordered=True,
    ),
    Kind(
        "delaftaler", Delaftale, _("Sub-agreements"), "focus_area", key=("focus_area",),
        keyed=True, refs={"focus_area": "focus_areas"},
    ),
    Kind(
        "delaftale_sections", Section, _("Sections of sub-agreements"), "delaftale",
        refs={"delaftale": "delaftaler"}, exclude=("agreement",), ordered=True,
    ),
    Kind(
        "delaftale_parties", DelaftaleParty, _("Parties to sub-agreements"), "delaftale",
        refs={"delaftale": "delaftaler"}, ordered=True,
    ),
    Kind(
        "staff_resources", StaffResource, _("Staff resources"), "delaftale", keyed=True,
        key_prefix="M", refs={"delaftale": "delaftaler"}, ordered=True,
    ),
    Kind(
        "activities", Activity, _("Activities"), "delaftale", keyed=True, key_prefix="A",
        refs={"delaftale": "delaftaler", "core_activity": CORE_ACTIVITY},
        exclude=("responsible",), ordered=True,
    ),
    Kind(
        "activity_goals", ActivityGoal, _("Goals of activities"), "activity",
        refs={"activity": "activities"}, ordered=True,
    ),
    Kind(
        "activity_estates", Activity.estates.through, _("Housing estates of activities"),
        "activity", refs={"activity": "activities", "planestate": "plan_estates"},
    ),
    Kind(
        "target_groups", TargetGroup, _("Target groups"), "activity",
        refs={"activity": "activities"}, ordered=True,
    ),
    Kind(
        "criteria", SuccessCriterion, _("Success criteria"), "focus_area|activity", keyed=True,
        key_prefix="K", refs={"focus_area": "focus_areas", "activity": "activities",
                              "group": "criterion_groups", "indicator": "indicators"},
        ordered=True,
    ),
    Kind(
        "criterion_estate_values", CriterionEstateValue, _("Success criteria per housing estate"),
        "criterion", refs={"criterion": "criteria", "plan_estate": "plan_estates"}, ordered=True,
    ),
    Kind(
        "comparisons", ComparisonValue, _("Comparison values"), "criterion",
        refs={"criterion": "criteria"}, ordered=True,
    ),
    Kind(
        "measurements", Measurement, _("Measurements"), "criterion",
        refs={"criterion": "criteria", "indicator_value": "indicator_values"},
        exclude=("evidence",),
    ),
    Kind(
        "milestones", Milestone, _("Milestones"), "plan",
        refs={"activity": "activities", "focus_area": "focus_areas"},
    ),
    Kind(
        "financing_lines", FinancingLine, _("Financing"), "plan", keyed=True, key_prefix="F",
        refs={"focus_area": "focus_areas"}, ordered=True,
    ),
    Kind(
        "financing_amounts", FinancingAmount, _("Financing per year"), "line",
        refs={"line": "financing_lines"},
    ),
    Kind(
        "budget_groups", BudgetGroup, _("Budget groups"), "plan", keyed=True, key_prefix="BG",
        refs={"focus_area": "focus_areas"}, ordered=True,
    ),
    Kind(
        "budget_lines", BudgetLine, _("Budget"), "plan", keyed=True, key_prefix="B",
        refs={"focus_area": "focus_areas", "activity": "activities", "group": "budget_groups"},
        ordered=True,
    ),
    Kind(
        "budget_amounts", BudgetAmount, _("Budget per year"), "line",
        refs={"line": "budget_lines"},
    ),
    Kind(
        "fora", ForumModel, _("Fora"), "plan", keyed=True, key_prefix="R",
        refs={"focus_area": "focus_areas", "parent": "fora"}, ordered=True,
    ),
    Kind("forum_members", ForumMember, _("Forum members"), "forum", refs={"forum": "fora"},
         ordered=True),
    Kind("staff", StaffMember, _("Secretariat"), "plan", keyed=True, key_prefix="S",
         ordered=True),
    Kind(
        "estate_shares", EstateShare, _("Time per housing estate"), "staff_resource|staff_member",
        refs={"plan_estate": "plan_estates", "staff_resource": "staff_resources",
              "staff_member": "staff"}, ordered=True,
    ),
    Kind(
        "versions", DocumentVersion, _("Approved versions"), "plan",
        exclude=("pdf", "document_pk"),  # a database id: the importer sets it from kind and area
    ),
    Kind(
        "plan_deadlines", PlanDeadline, _("Deadlines of the plan"), "plan",
        exclude=("responsible",),  # a member of one installation, like an activity's
    ),
    # Last: the rows of a locked year are written first, then the year is locked again.
    Kind(
        "year_locks", YearLock, _("Locked years"), "plan",
        exclude=("locked_by",),  # a user of one installation
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}

# Rows of the plan that are deliberately not exchanged, with the reason (a test checks that
# every model below the plan is either a kind or listed here).
NOT_EXCHANGED = {
    "membership": "people with a login belong to one installation; the importer becomes leder",
    "invitation": "a secret sent to one person on one installation",
    "rendereddocument": "generated files; made again from the imported plan",
    "sectiontemplate": "the rule set's template, reference data; the plan's own sections are "
    "exchanged (agreement_sections, delaftale_sections)",
    "rulesetdeadline": "the rule set's yearly deadlines, reference data like its template",
    "sentreminder": "which e-mails one installation has sent to its users",
    "planrenderschedule": "when the task queue renders the plan's PDF next; made again",
}


@dataclass(frozen=True)
class Column:
    """One exchanged field of a kind: its name in the file and how its value is written."""

    name: str
    field: models.Field[Any, Any] | None  # None for the synthetic key
    ref: str = ""  # kind name or reference data, for foreign keys

    @property
    def label(self) -> str | Promise:
        if self.field is None:
            return _("key")
        return self.field.verbose_name


class DeclarationMissing(Exception):
    """A model gained a foreign key that the exchange declarations do not mention."""


def fields_of(kind: Kind) -> list[Column]:
    """The columns of a kind: the synthetic key, then every concrete field in model order,
    without the excluded ones and the parent's pointer to the plan."""
    columns = [Column("key", None)] if kind.has_key_column else []
    for model_field in kind.model._meta.concrete_fields:
        name = model_field.name
        if name in ALWAYS_EXCLUDED or name in kind.exclude:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            continue
        if isinstance(model_field, models.FileField):
            continue
        if model_field.is_relation:
            if name == "plan" or (name == "agreement" and kind.parent == "agreement"):
                continue  # the plan (and its one agreement) is the one being imported
            if name not in kind.refs:
                raise DeclarationMissing(
                    f"{kind.model.__name__}.{name}: declare it in refs or exclude of the "
                    f"exchange kind '{kind.name}' (reporting/exchange/kinds.py)."
                )
            columns.append(Column(name, model_field, kind.refs[name]))
        else:
            columns.append(Column(name, model_field))
    return columns


def key_of(kind: Kind, row: dict[str, Any]) -> str | None:
    """A row's key as other rows write it, from the row as it stands in the file."""
    key: str | None = None
    if kind.has_key_column:
        key = row.get("key")
    elif kind.key:
        key = row.get(kind.key[0])
    return key
