"""The plan's history: every recorded change to its data, newest first, with who changed
which fields from what to what, and why when the change came from a grid or an import
(django-simple-history keeps the rows, see HISTORY_MODELS and plans.history.bulk_save).

The same list is shown for the whole plan and for one object with everything below it (an
activity with its criteria, measurements and milestones; a delaftale with its activities). The
number of queries is fixed: one for the keys of the newest changes of all models together,
then three per model with changes on the page, whatever the number of changes.
"""

import bisect
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import FieldError
from django.db import connection, models
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404

from plans import models as plan_models
from plans.compiled import CompiledQuery
from plans.models import Plan
from plans.numbers import format_number

from . import models as activity_models

LIMIT = 100  # changes a page
MAX_PAGE = 500


def history_models() -> tuple:
    return plan_models.HISTORY_MODELS + activity_models.HISTORY_MODELS


def _plan_filter(model, plan_id: int) -> Q:
    """How a row of `model` (live or historical) reaches its plan, through the live parents."""
    paths = {
        plan_models.Plan: "id",
        plan_models.Signature: "agreement__plan_id",
        plan_models.Goal: "focus_area__plan_id",
        plan_models.Delaftale: "focus_area__plan_id",
        plan_models.DelaftaleParty: "delaftale__focus_area__plan_id",
        plan_models.StaffResource: "delaftale__focus_area__plan_id",
        plan_models.ForumMember: "forum__plan_id",
        plan_models.EstateShare: "plan_estate__plan_id",
        plan_models.FinancingAmount: "line__plan_id",
        activity_models.Activity: "delaftale__focus_area__plan_id",
        activity_models.ActivityGoal: "activity__delaftale__focus_area__plan_id",
        activity_models.TargetGroup: "activity__delaftale__focus_area__plan_id",
        activity_models.BudgetAmount: "line__plan_id",
        activity_models.CriterionGroup: "focus_area__plan_id",
        activity_models.IndicatorValue: "indicator__plan_id",
    }
    criterion = ("focus_area__plan_id", "activity__delaftale__focus_area__plan_id")
    if model is activity_models.SuccessCriterion:
        return Q(**{criterion[0]: plan_id}) | Q(**{criterion[1]: plan_id})
    if model is plan_models.Section:
        return Q(agreement__plan_id=plan_id) | Q(delaftale__focus_area__plan_id=plan_id)
    if model in (activity_models.ComparisonValue, activity_models.Measurement,
                 activity_models.CriterionEstateValue):
        return Q(**{f"criterion__{criterion[0]}": plan_id}) | Q(
            **{f"criterion__{criterion[1]}": plan_id}
        )
    return Q(**{paths.get(model, "plan_id"): plan_id})


# What belongs below an object, for its own history page: (child model, its key to the parent).
_CHILDREN = {
    plan_models.StrategicAgreement: [
        (plan_models.Signature, "agreement"),
        (plan_models.Section, "agreement"),
    ],
    plan_models.FocusArea: [
        (plan_models.Goal, "focus_area"),
        (activity_models.CriterionGroup, "focus_area"),
        (activity_models.SuccessCriterion, "focus_area"),
        (activity_models.Milestone, "focus_area"),
        (activity_models.BudgetLine, "focus_area"),
        (plan_models.FinancingLine, "focus_area"),
    ],
    plan_models.Delaftale: [
        (plan_models.Section, "delaftale"),
        (plan_models.DelaftaleParty, "delaftale"),
        (plan_models.StaffResource, "delaftale"),
        (activity_models.Activity, "delaftale"),
    ],
    plan_models.StaffResource: [(plan_models.EstateShare, "staff_resource")],
    plan_models.Forum: [(plan_models.ForumMember, "forum")],
    plan_models.FinancingLine: [(plan_models.FinancingAmount, "line")],
    activity_models.Activity: [
        (activity_models.ActivityGoal, "activity"),
        (activity_models.TargetGroup, "activity"),
        (activity_models.SuccessCriterion, "activity"),
        (activity_models.Milestone, "activity"),
        (activity_models.BudgetLine, "activity"),
    ],
    activity_models.SuccessCriterion: [
        (activity_models.ComparisonValue, "criterion"),
        (activity_models.Measurement, "criterion"),
        (activity_models.CriterionEstateValue, "criterion"),
    ],
    activity_models.BudgetLine: [(activity_models.BudgetAmount, "line")],
}


def _subtree(model, lookup: str, pk: int, scope: dict) -> None:
    """Add `model` rows whose `lookup` is `pk`, and everything below them, to `scope`."""
    condition = Q(**{lookup: pk})
    scope[model] = scope[model] | condition if model in scope else condition
    for child, key in _CHILDREN.get(model, ()):
        _subtree(child, f"{key}__{lookup}", pk, scope)


def model_for_kind(kind: str):
    """The history model named in a URL (its model name), or 404."""
    for model in history_models():
        if model._meta.model_name == kind:
            return model
    raise Http404


@dataclass
class Change:
    when: object
    who: str
    kind: str  # "+", "~", "-"
    model: str
    model_key: str
    object_id: int
    label: str
    reason: str = ""
    baseline_missing: bool = False  # a change with no earlier record to compare with
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)
    when_text: str = ""  # `when` as the page prints it (set by the view)


def _label(record) -> str:
    for name in ("name", "title", "text", "label", "heading", "signer_name", "role"):
        value = getattr(record, name, None)
        if value:
            return str(value)[:80]
    return f"#{record.id}"


# Rows that are named by what they belong to: (key to the parent, the parent's name field, and
# the row's own detail: a year or a date).
_NAMED_BY_PARENT = {
    plan_models.Delaftale: ("focus_area_id", plan_models.FocusArea, "name", None),
    plan_models.FinancingAmount: ("line_id", plan_models.FinancingLine, "name", "year"),
    activity_models.BudgetAmount: ("line_id", activity_models.BudgetLine, "text", "year"),
    activity_models.Measurement: ("criterion_id", activity_models.SuccessCriterion, "text",
                                  "measured_on"),
    plan_models.PlanEstate: ("estate_id", plan_models.HousingEstate, "name", "status"),
    plan_models.EstateShare: ("plan_estate_id", plan_models.PlanEstate, "estate__name",
                              "share_percent"),
    activity_models.CriterionEstateValue: ("plan_estate_id", plan_models.PlanEstate,
                                           "estate__name", None),
}


def _labels(model, records) -> dict[int, str]:
    """Names for rows without one of their own, by history_id: one query per model."""
    if model not in _NAMED_BY_PARENT or not records:
        return {}
    key, parent, name_field, detail = _NAMED_BY_PARENT[model]
    names = dict(
        parent._default_manager.filter(pk__in={getattr(r, key) for r in records})
        .values_list("pk", name_field)
    )
    labels = {}
    for record in records:
        parts = [str(names.get(getattr(record, key), ""))[:70]]
        value = getattr(record, detail) if detail else None
        if value:
            parts.append(f"{value:%d.%m.%Y}" if hasattr(value, "strftime") else str(value))
        labels[record.history_id] = ", ".join(part for part in parts if part) or _label(record)
    return labels


def _text(model_field, value) -> str:
    """A value as the plan's pages show it: amounts and numbers in Danish format."""
    if value is None:
        return ""
    if isinstance(model_field, models.DecimalField | models.IntegerField) and not isinstance(
        model_field, models.ForeignKey
    ) and model_field.name not in ("year", "order", "quarter"):
        return format_number(value)
    return str(value)


@functools.cache
def _historical(model):
    """The historical model of `model`. `model.history` builds a new manager class on every
    access (simple-history's descriptor); the historical model's own manager does not."""
    return model.history.model


def _predecessors(model, records) -> dict[int, object]:
    """For each changed record (by history_id), the record of the same object just before it:
    one query for all of them instead of simple-history's `prev_record` query per row."""
    changed = [record for record in records if record.history_type == "~"]
    if not changed:
        return {}
    newest = max(record.history_date for record in changed)
    by_object = defaultdict(list)
    rows = _historical(model).objects.filter(
        id__in={record.id for record in changed}, history_date__lte=newest
    ).order_by("history_date", "history_id")
    for row in rows:
        by_object[row.id].append(row)
    previous = {}
    for record in changed:
        rows = by_object[record.id]
        keys = [(row.history_date, row.history_id) for row in rows]
        index = bisect.bisect_left(keys, (record.history_date, record.history_id))
        if index > 0:
            previous[record.history_id] = rows[index - 1]
    return previous


@dataclass
class HistoryPage:
    changes: list[Change]
    number: int  # 1 is the newest
    has_older: bool


# Stand-ins for the plan, the object and its focus area in the scopes below: a scope's SQL is
# composed once per process with them, and each request puts its own values in their place.
_PLAN, _OBJECT, _AREA = -7_654_331, -7_654_332, -7_654_333


@functools.cache
def _scope(shape: tuple) -> dict:
    """The models whose changes a history page lists, each with its condition, written with
    the stand-ins: ("plan",) for the whole plan, ("object", model, with_area) for one object
    (and, for a delaftale, its focus area) with everything below it."""
    if shape[0] == "plan":
        return {model: _plan_filter(model, _PLAN) for model in history_models()}
    _kind, model, with_area = shape
    scope = {}
    _subtree(model, "id", _OBJECT, scope)
    if with_area:
        _subtree(plan_models.FocusArea, "id", _AREA, scope)
    return {child: condition & _plan_filter(child, _PLAN) for child, condition in scope.items()}


@functools.cache
def _keys_query(shape: tuple) -> tuple[str, tuple]:
    """The SQL of the keys of the newest records in the scope, all models together, newest
    first: (history_date, history_id, the model's place in the scope), with a LIMIT parameter
    last. Composing it through the ORM costs more than running it, so it is done once."""
    branches = [
        _historical(model).objects.filter(condition)
        .order_by()
        .values_list("history_date", "history_id", Value(index, output_field=IntegerField()))
        for index, (model, condition) in enumerate(_scope(shape).items())
    ]
    union = branches[0].union(*branches[1:], all=True).order_by("-history_date", "-history_id")
    sql, params = union.query.sql_with_params()
    return f"{sql} LIMIT %s", params


def _changes(shape: tuple, values: dict, *, limit: int, page: int = 1) -> HistoryPage:
    """Page `page` of the changes in the scope `shape` (its stand-ins replaced by `values`),
    newest first, `limit` records a page."""
    wanted = limit * page
    # First the keys of the newest records of every model in one query (no objects built),
    # then the page's records in full: a page of a hundred reads a hundred rows.
    sql, params = _keys_query(shape)
    with connection.cursor() as cursor:
        cursor.execute(sql, [values.get(value, value) if isinstance(value, int) else value
                             for value in params] + [wanted + 1])
        keys = cursor.fetchall()
    has_older = len(keys) > wanted
    keys = keys[wanted - limit : wanted]
    models_in_scope = list(_scope(shape))
    wanted_ids = defaultdict(list)
    for _when, history_id, index in keys:
        wanted_ids[index].append(history_id)
    records = []
    for index, ids in wanted_ids.items():
        records += _historical(models_in_scope[index]).objects.filter(
            history_id__in=ids
        ).select_related("history_user")
    records.sort(key=lambda record: (record.history_date, record.history_id), reverse=True)
    # Earlier versions and names for this page's records only: two queries per model.
    by_model = defaultdict(list)
    for record in records:
        by_model[record.instance_type].append(record)
    previous, labels = {}, {}  # by (model, history_id): each model numbers its own rows
    for model, rows in by_model.items():
        previous.update({(model, key): row for key, row in _predecessors(model, rows).items()})
        labels.update({(model, key): text for key, text in _labels(model, rows).items()})
    changes = []
    for record in records:
        model = record.instance_type
        change = Change(
            when=record.history_date,
            who=record.history_user.get_username() if record.history_user else "",
            kind=record.history_type,
            model=str(model._meta.verbose_name),
            model_key=model._meta.model_name,
            object_id=record.id,
            label=labels.get((model, record.history_id)) or _label(record),
            reason=record.history_change_reason or "",
        )
        if record.history_type == "~":
            before = previous.get((model, record.history_id))
            if before is None:
                change.baseline_missing = True
            else:
                for item in record.diff_against(before).changes:
                    if item.field in ("updated_at",):
                        continue
                    model_field = model._meta.get_field(item.field)
                    change.fields.append((str(model_field.verbose_name),
                                          _text(model_field, item.old),
                                          _text(model_field, item.new)))
                if not change.fields:
                    continue  # saved without a change: nothing to tell
        changes.append(change)
    return HistoryPage(changes=changes, number=page, has_older=has_older)


def plan_history_get(*, plan: Plan, page: int = 1, limit: int | None = None) -> HistoryPage:
    """The changes to anything in the plan, newest first, a page at a time."""
    return _changes(("plan",), {_PLAN: plan.pk}, limit=limit or LIMIT, page=page)


@dataclass
class ObjectHistory:
    model: object
    object_id: int
    label: str
    exists: bool
    page: HistoryPage


def object_history_get(
    *, plan: Plan, kind: str, pk: int, page: int = 1, limit: int | None = None
) -> ObjectHistory:
    """The newest changes to one object of the plan and to everything below it; 404 when the
    object never was in the plan (live or in its history)."""
    model = model_for_kind(kind)
    in_plan = _plan_filter(model, plan.pk) & Q(id=pk)
    live = model._default_manager.filter(in_plan).first()
    last = None if live else model.history.filter(in_plan).order_by("-history_date").first()
    if live is None and last is None:
        raise Http404
    # One page for a delaftale and its focus area together.
    with_area = model is plan_models.Delaftale and live is not None
    values = {_PLAN: plan.pk, _OBJECT: pk, _AREA: live.focus_area_id if with_area else None}
    return ObjectHistory(
        model=model,
        object_id=pk,
        label=str(live)[:120] if live is not None else (
            _labels(model, [last]).get(last.history_id) or _label(last)
        ),
        exists=live is not None,
        page=_changes(("object", model, with_area), values, limit=limit or LIMIT, page=page),
    )



def plan_data_state(plan_id: int) -> tuple:
    """The newest history row of each kind of the plan's data, and the newest change of the
    organisations and afdelinger, in one query: every write of plan data keeps a history row,
    so the tuple changes whenever anything shown about the plan may have. Cheap stand-in for
    comparing the data itself (prints, approval comparisons)."""
    row = _STATE.row(plan_id)
    return tuple(row.values()) if row is not None else ()


def _state_query(plan_id: int) -> QuerySet:
    newest = {}
    for number, model in enumerate(history_models()):
        historical = model.history.model
        try:
            rows = historical.objects.filter(_plan_filter(model, OuterRef("pk")))
        except FieldError:  # not tied to one plan: any change counts
            rows = historical.objects.all()
        newest[f"h{number}"] = Subquery(rows.order_by("-history_id").values("history_id")[:1])
    # Reference data the documents print (organisation and afdeling names) keeps no history
    # rows: its newest change counts, whichever plan it belongs to (renames are rare).
    for name, model in (("r_organisations", plan_models.Organisation),
                        ("r_estates", plan_models.HousingEstate)):
        newest[name] = Subquery(model.objects.order_by("-updated_at").values("updated_at")[:1])
    return Plan.objects.filter(pk=plan_id).annotate(**newest).values(*newest)


# Composed once per process: composing it through the ORM costs more than running it.
_STATE = CompiledQuery(_state_query)
