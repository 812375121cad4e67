"""A whole plan as one exchange document (a dict that is the JSON file), keys instead of ids."""

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import models

from activities.models import (
    Activity,
    ActivityGoal,
    BudgetAmount,
    BudgetLine,
    ComparisonValue,
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
    Forum,
    ForumMember,
    Goal,
    Organisation,
    Plan,
    PlanDeadline,
    PlanEstate,
    PlanParty,
    Section,
    Signature,
    StaffMember,
    StaffResource,
    YearLock,
)

from .kinds import BY_NAME, FORMAT, KINDS, REFERENCE_DATA, VERSION, Column, Kind, fields_of

# Block keys in an approved version's data name rows by database id ("activity-7"); in the
# file they name the row's exchange key ("activity-A3"), and an import maps them back.
VERSION_BLOCK_KEY = re.compile(r"^(area|activity|criterion)-(.+)$")
VERSION_BLOCK_KINDS = {"area": "focus_areas", "activity": "activities", "criterion": "criteria"}


def _querysets(plan: Plan) -> dict[str, Iterable[Any]]:
    """Each kind's rows of the plan, in the order the plan shows them."""
    areas = FocusArea.objects.filter(plan=plan)
    delaftaler = Delaftale.objects.filter(focus_area__plan=plan)
    activities = Activity.objects.filter(delaftale__focus_area__plan=plan).order_by(
        "delaftale__focus_area__order", "delaftale__focus_area__id", "order", "id"
    )
    criteria = SuccessCriterion.objects.filter(
        models.Q(focus_area__plan=plan) | models.Q(activity__delaftale__focus_area__plan=plan)
    ).order_by("focus_area__order", "activity__delaftale__focus_area__order", "activity__order",
               "activity__id", "order", "id")
    organisation_ids = (
        set(plan.parties.values_list("organisation", flat=True))
        | set(plan.estates.values_list("organisation", flat=True))
        | set(plan.own_organisations.values_list("pk", flat=True))
    )
    return {
        "organisations": Organisation.objects.filter(pk__in=organisation_ids).order_by("name"),
        "estates": [
            link.estate for link in PlanEstate.objects.filter(plan=plan).select_related(
                "estate__organisation"
            )
        ],
        "plan_estates": PlanEstate.objects.filter(plan=plan),
        "indicators": Indicator.objects.filter(plan=plan),
        "indicator_values": IndicatorValue.objects.filter(indicator__plan=plan).order_by(
            "indicator__order", "indicator_id", "measured_on", "id"
        ),
        "parties": PlanParty.objects.filter(plan=plan).select_related("organisation"),
        "signatures": Signature.objects.filter(agreement__plan=plan).select_related(
            "party__organisation"
        ),
        "agreement_sections": Section.objects.filter(agreement__plan=plan),
        "focus_areas": areas.select_related("rule_set_area"),
        "goals": Goal.objects.filter(focus_area__plan=plan).order_by(
            "focus_area__order", "focus_area__id", "order", "id"
        ),
        "criterion_groups": CriterionGroup.objects.filter(focus_area__plan=plan).order_by(
            "focus_area__order", "focus_area__id", "order", "id"
        ),
        "delaftaler": delaftaler.select_related("focus_area"),
        "delaftale_sections": Section.objects.filter(delaftale__in=delaftaler).order_by(
            "delaftale__focus_area__order", "delaftale__id", "order", "id"
        ),
        "delaftale_parties": DelaftaleParty.objects.filter(delaftale__in=delaftaler).order_by(
            "delaftale__focus_area__order", "delaftale__id", "order", "id"
        ),
        "staff_resources": StaffResource.objects.filter(delaftale__in=delaftaler).order_by(
            "delaftale__focus_area__order", "delaftale__id", "order", "id"
        ),
        "activities": activities.select_related("core_activity"),
        "activity_goals": ActivityGoal.objects.filter(activity__in=activities).order_by(
            "activity__delaftale__focus_area__order", "activity__order", "activity__id",
            "order", "id"
        ),
        "activity_estates": Activity.estates.through.objects.filter(
            activity__in=activities
        ).order_by("activity__delaftale__focus_area__order", "activity__order", "activity__id",
                   "planestate__order", "planestate__id"),
        "target_groups": TargetGroup.objects.filter(activity__in=activities).order_by(
            "activity__delaftale__focus_area__order", "activity__order", "activity__id",
            "order", "id"
        ),
        "criteria": criteria,
        "criterion_estate_values": CriterionEstateValue.objects.filter(
            criterion__in=criteria
        ).order_by("criterion__id", "order", "id"),
        "comparisons": ComparisonValue.objects.filter(criterion__in=criteria).order_by(
            "criterion__id", "order", "id"
        ),
        "measurements": Measurement.objects.filter(criterion__in=criteria).order_by(
            "criterion__id", "measured_on", "id"
        ),
        "milestones": Milestone.objects.filter(plan=plan),
        "financing_lines": FinancingLine.objects.filter(plan=plan),
        "financing_amounts": FinancingAmount.objects.filter(line__plan=plan).order_by(
            "line__order", "line__id", "year"
        ),
        "budget_groups": BudgetGroup.objects.filter(plan=plan),
        "budget_lines": BudgetLine.objects.filter(plan=plan),
        "budget_amounts": BudgetAmount.objects.filter(line__plan=plan).order_by(
            "line__order", "line__id", "year"
        ),
        "fora": Forum.objects.filter(plan=plan),
        "forum_members": ForumMember.objects.filter(forum__plan=plan).order_by(
            "forum__order", "forum__id", "order", "id"
        ),
        "staff": StaffMember.objects.filter(plan=plan),
        "estate_shares": EstateShare.objects.filter(plan_estate__plan=plan).order_by(
            "order", "id"
        ),
        "versions": DocumentVersion.objects.filter(plan=plan).order_by(
            "kind", "area_slug", "number"
        ),
        "plan_deadlines": PlanDeadline.objects.filter(plan=plan),
        "year_locks": YearLock.objects.filter(plan=plan).order_by("year"),
    }


def value_out(model_field: models.Field[Any, Any], value: Any) -> Any:
    """A field's value as JSON: dates as ISO text, decimals as exact text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Keys:
    """Each exported row's key, by kind and database id."""

    def __init__(self) -> None:
        self.by_kind: dict[str, dict[int, str]] = {}
        self.positions: dict[str, dict[int, int]] = {}

    def assign(self, kind: Kind, rows: Sequence[Any]) -> None:
        keys = self.by_kind.setdefault(kind.name, {})
        self.positions[kind.name] = {row.pk: n for n, row in enumerate(rows)}
        for number, row in enumerate(rows, 1):
            if kind.has_key_column:
                keys[row.pk] = f"{kind.key_prefix}{number}"
            elif kind.key:
                keys[row.pk] = self.value(kind, row, kind.key[0])

    def value(self, kind: Kind, row: models.Model, name: str) -> Any:
        column = next(c for c in fields_of(kind) if c.name == name)
        return self.column_value(row, column)

    def column_value(self, row: models.Model, column: Column) -> Any:
        if column.field is None:
            return None
        if not column.ref:
            return value_out(column.field, getattr(row, column.field.attname))
        related_id = getattr(row, column.field.attname)
        if related_id is None:
            return None
        if column.ref in REFERENCE_DATA:
            return getattr(getattr(row, column.name), REFERENCE_DATA[column.ref][1])
        return self.by_kind[column.ref][related_id]


def _by_parent(kind: Kind, rows: list[Any], keys: "_Keys") -> list[Any]:
    """Rows grouped under their parent's place in the file, in their own order within it,
    so the file's order never depends on database ids or on how a database sorts NULL."""
    parents = [  # (kind referred to, the row's attribute holding its id)
        (column.ref, column.field.attname) for column in fields_of(kind)
        if column.field is not None
        and column.name in kind.parent.split("|") and column.ref in BY_NAME
    ]
    if not parents:
        return rows
    positions = {ref: keys.positions.get(ref, {}) for ref, _attname in parents}

    def place(indexed: tuple[int, Any]) -> tuple[int, ...]:
        index, row = indexed
        spots = [positions[ref].get(getattr(row, attname), -1) for ref, attname in parents]
        return (*spots, index)

    return [row for _, row in sorted(enumerate(rows), key=place)]


def _version_data(data: dict[str, Any], keys: _Keys) -> dict[str, Any]:
    blocks = []
    for block in data.get("blocks", []):
        match = VERSION_BLOCK_KEY.match(str(block.get("key", "")))
        if match:
            ids = keys.by_kind[VERSION_BLOCK_KINDS[match[1]]]
            key = ids.get(int(match[2])) if match[2].isdigit() else None
            block = {**block, "key": f"{match[1]}-{key}" if key else f"{match[1]}-?"}
        blocks.append(block)
    return {**data, "blocks": blocks}


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as an exchange document: format, version, then one entry per kind."""
    querysets = _querysets(plan)
    keys = _Keys()
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for kind in KINDS:
        columns = fields_of(kind)
        rows: list[Any]
        if kind.name == "plan":
            rows = [plan]
        elif kind.name == "agreement":
            rows = [plan.agreement]
        else:
            rows = _by_parent(kind, list(querysets[kind.name]), keys)
        keys.assign(kind, rows)
        out: list[dict[str, Any]] = []
        for row in rows:
            item: dict[str, Any] = {}
            for column in columns:
                if column.field is None:
                    item["key"] = keys.by_kind[kind.name][row.pk]
                else:
                    item[column.name] = keys.column_value(row, column)
            if kind.name == "versions":
                item["approvers"] = [{"name": p.get("name", "")} for p in item["approvers"]]
                item["data"] = _version_data(item["data"], keys)
            out.append(item)
        document[kind.name] = out[0] if kind.single else out
    return document


def document_json(document: dict[str, Any]) -> bytes:
    """The file's bytes: UTF-8, indented, keys in declaration order, so two exports diff."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def plan_json(plan: Plan) -> bytes:
    return document_json(plan_document(plan))


__all__ = ["BY_NAME", "plan_document", "plan_json", "document_json"]
