"""The sheets: one django-import-export resource per kind of row, with Danish column names.

A resource says which columns a sheet has, in which order, how each cell is written on export
(`cells` widgets render native numbers and dates) and how it is read on import (the same
widgets' `clean`). Read-only columns give context (the criterion's text next to its
measurements) and are ignored on import.
"""

from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from import_export import resources

from activities.models import (
    Activity,
    BudgetLine,
    IndicatorValue,
    Measurement,
    Milestone,
    SuccessCriterion,
)
from plans.models import Delaftale, FinancingLine, Plan
from plans.selectors import plan_years

from .cells import (
    ChoiceWidget,
    Column,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    KronerWidget,
    QuarterWidget,
    TextWidget,
    YesNoWidget,
)
from .selectors import BudgetRow, criterion_area

PROSE = 20_000  # settings.TEXT_MAX_LENGTH, the limit of every prose field


def _area_name(criterion: SuccessCriterion | None) -> str:
    if criterion is None:
        return ""
    return criterion_area(criterion).name


class SheetResource(resources.Resource):
    """A sheet: its title, its columns and the rows a template shows as an example."""

    sheet_title: str | Promise = ""

    def columns(self) -> list[Column]:
        columns: list[Column] = self.get_export_fields()
        return columns

    def import_columns(self) -> dict[str, Column]:
        """Field name → column, for the columns an import reads."""
        return {name: col for name, col in self.fields.items() if not col.readonly}

    def example_rows(self, plan: Plan) -> list[Any]:
        return []


# --- Measurements (criteria with their measurements) -----------------------------------------


class MeasurementResource(SheetResource):
    """Målinger: one row per measurement, with its criterion for context."""

    sheet_title = _("Measurements")

    criterion = Column("criterion_id", _("Criterion ID"), IntegerWidget(), width=12, required=True)
    area = Column(column_name=_("Focus area"), readonly=True, width=24)
    activity = Column(column_name=_("Activity"), readonly=True, width=24)
    criterion_text = Column(column_name=_("Success criterion"), readonly=True, width=48)
    data_source = Column("criterion__data_source", _("Data source"), readonly=True, width=22)
    baseline = Column(
        "criterion__baseline_value", _("Baseline"), DecimalWidget(), readonly=True, width=10
    )
    target = Column(
        "criterion__target_value", _("Target"), DecimalWidget(), readonly=True, width=10
    )
    unit = Column("criterion__unit_label", _("Unit"), readonly=True, width=10)
    measured_on = Column("measured_on", _("Date"), DateWidget(), width=12, required=True)
    value = Column("value", _("Value"), DecimalWidget(), width=10, required=True)
    achieved = Column("achieved", _("Achieved"), YesNoWidget(), width=10)
    comment = Column("comment", _("Comment"), TextWidget(2000, multiline=True), width=40)
    source = Column("source", _("Source"), TextWidget(300), width=22)

    # The measurement is a SimpleNamespace in the template's example row, hence Any.
    def dehydrate_area(self, measurement: Measurement | Any) -> str:
        return _area_name(measurement.criterion)

    def dehydrate_activity(self, measurement: Measurement | Any) -> str:
        criterion = measurement.criterion
        return criterion.activity.name if criterion and criterion.activity is not None else ""

    def dehydrate_criterion_text(self, measurement: Measurement | Any) -> str:
        return measurement.criterion.text if measurement.criterion else ""

    def example_rows(self, plan: Plan) -> list[Any]:
        from .selectors import criteria_for_export

        criteria = [c for c in criteria_for_export(plan=plan) if not c.is_qualitative]
        criterion = criteria[0] if criteria else None
        example = SimpleNamespace(
            criterion=criterion,
            criterion_id=criterion.pk if criterion else None,
            measured_on=min(timezone.localdate(), plan.period_end),
            value=Decimal("12"),
            achieved=None,
            comment=str(_("Counted from the logbook")),
            source=str(_("Logbook")),
        )
        return [example]


class CriterionResource(SheetResource):
    """Succeskriterier: every criterion of the plan with its id (for the measurements sheet)."""

    sheet_title = _("Success criteria")

    id = Column("pk", _("Criterion ID"), IntegerWidget(), width=12, readonly=True)
    area = Column(column_name=_("Focus area"), readonly=True, width=24)
    activity = Column("activity__name", _("Activity"), readonly=True, width=24)
    text = Column("text", _("Success criterion"), readonly=True, width=48)
    kind = Column(
        "kind", _("Kind"), ChoiceWidget(SuccessCriterion.Kind.choices), readonly=True, width=14
    )
    unit = Column("unit_label", _("Unit"), readonly=True, width=10)
    direction = Column(
        "direction",
        _("Direction"),
        ChoiceWidget(SuccessCriterion.Direction.choices),
        readonly=True,
        width=12,
    )
    baseline = Column("baseline_value", _("Baseline"), DecimalWidget(), readonly=True, width=10)
    baseline_period = Column("baseline_period", _("Baseline year"), readonly=True, width=12)
    target_kind = Column(
        "target_kind",
        _("Target is"),
        ChoiceWidget(SuccessCriterion.TargetKind.choices),
        readonly=True,
        width=18,
    )
    target = Column("target_value", _("Target"), DecimalWidget(), readonly=True, width=10)
    target_year = Column("target_year", _("Target year"), IntegerWidget(), readonly=True, width=10)
    data_source = Column("data_source", _("Data source"), readonly=True, width=22)
    measured_when = Column("measured_when", _("Measured when"), readonly=True, width=18)

    def dehydrate_area(self, criterion: SuccessCriterion) -> str:
        return _area_name(criterion)


# --- Milestones -------------------------------------------------------------------------------


class MilestoneResource(SheetResource):
    """Milepælsplan: one row per milestone; the id keeps a row tied to its milestone."""

    sheet_title = _("Milestones")

    id = Column("pk", "ID", IntegerWidget(), width=8)
    title = Column("title", _("Milestone"), TextWidget(300), width=44, required=True)
    year = Column(
        "due_year", _("Year"), IntegerWidget(minimum=2000, maximum=2100), width=8, required=True
    )
    quarter = Column("due_quarter", _("Quarter"), QuarterWidget(), width=9, required=True)
    due_date = Column("due_date", _("Due date"), DateWidget(), width=12, required=True)
    status = Column(
        "status", _("Status"), ChoiceWidget(Milestone.Status.choices), width=12, required=True
    )
    reached_on = Column("reached_on", _("Reached on"), DateWidget(), width=12)
    activity = Column("activity__name", _("Activity"), TextWidget(200), width=28)
    area = Column("focus_area__name", _("Focus area"), TextWidget(200), width=24)
    note = Column("note", _("Note"), TextWidget(2000, multiline=True), width=40)

    def dehydrate_year(self, milestone: Milestone) -> int | None:
        return milestone.quarter_key[0] or None

    def dehydrate_quarter(self, milestone: Milestone) -> int | None:
        return milestone.quarter_key[1] or None

    def example_rows(self, plan: Plan) -> list[Any]:
        year = plan_years(plan)[0]
        example = Milestone(
            plan=plan,
            title=str(_("10 young people attached to the pocket-money project")),
            due_year=year,
            due_quarter=2,
            status=Milestone.Status.PLANNED,
        )
        return [example]


# --- Budget and financing ---------------------------------------------------------------------


class BudgetResource(SheetResource):
    """Budget with spending: one row per budget line and year."""

    sheet_title = _("Budget")

    id = Column("line__pk", "ID", IntegerWidget(), width=8)
    area = Column("line__focus_area__name", _("Focus area"), TextWidget(200), width=24)
    group = Column("line__group__label", _("Budget group"), TextWidget(200), width=24)
    activity = Column("line__activity__name", _("Activity"), TextWidget(200), width=24)
    text = Column("line__text", _("Budget line"), TextWidget(200), width=36, required=True)
    category = Column(
        "line__category",
        _("Category"),
        ChoiceWidget(BudgetLine.Category.choices),
        width=22,
        required=True,
    )
    year = Column(
        "year", _("Year"), IntegerWidget(minimum=2000, maximum=2100), width=8, required=True
    )
    amount = Column(
        "amount", _("Budget"), KronerWidget(), width=14, required=True
    )
    spent = Column("spent", _("Spending"), KronerWidget(), width=14)

    def example_rows(self, plan: Plan) -> list[Any]:
        area = plan.focus_areas.first()
        line = BudgetLine(
            plan=plan,
            text=str(_("Network coordinator")),
            category=BudgetLine.Category.SALARIES,
            focus_area=area,
        )
        return [BudgetRow(line=line, year=plan_years(plan)[0], amount=550_000, spent=None)]


def _year_amount(year: int) -> Callable[[FinancingLine], int]:
    """The financing column of `year`: a line's amount that year (0 when it has none)."""

    def amount(line: FinancingLine) -> int:
        return line.by_year[year].amount if year in line.by_year else 0

    return amount


class FinancingResource(SheetResource):
    """Finansiering: lines × years as on the budget screen (export only)."""

    sheet_title = _("Financing")

    kind = Column(
        "kind", _("Source"), ChoiceWidget(FinancingLine.Kind.choices), readonly=True, width=22
    )
    name = Column("name", _("Name"), readonly=True, width=30)
    area = Column("focus_area__name", _("Focus area"), readonly=True, width=24)

    def __init__(self, *, years: list[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for year in years:
            self.fields[f"year_{year}"] = Column(
                column_name=str(year),
                widget=KronerWidget(),
                readonly=True,
                width=14,
                dehydrate_method=_year_amount(year),
            )
        self.fields["total"] = Column("total", _("Total"), KronerWidget(), readonly=True, width=16)


# --- Activities -----------------------------------------------------------------------------


class ActivityResource(SheetResource):
    """Aktiviteter with their criteria (the criteria are listed for reading, not imported)."""

    sheet_title = _("Activities")

    id = Column("pk", "ID", IntegerWidget(), width=8)
    area = Column(
        "delaftale__focus_area__name", _("Focus area"), TextWidget(200), width=24, required=True
    )
    name = Column("name", _("Activity"), TextWidget(200), width=32, required=True)
    core_activity = Column(
        "core_activity_label", _("CFBU core activity"), TextWidget(200), width=28
    )
    status = Column("status", _("Status"), ChoiceWidget(Activity.Status.choices), width=12)
    start = Column("start", _("Start"), DateWidget(), width=12)
    end = Column("end", _("End"), DateWidget(), width=12)
    purpose = Column("purpose", _("Purpose"), TextWidget(PROSE, multiline=True), width=40)
    content = Column(
        "content", _("Content and practice"), TextWidget(PROSE, multiline=True), width=40
    )
    responsible = Column(column_name=_("Responsible"), readonly=True, width=18)
    criteria = Column(column_name=_("Success criteria"), readonly=True, width=48)

    def dehydrate_responsible(self, activity: Activity) -> str:
        if activity.responsible is None:
            return ""
        user = activity.responsible.user
        return user.get_full_name() or user.get_username()

    def dehydrate_criteria(self, activity: Activity) -> str:
        if activity.pk is None:
            return ""
        return "\n".join(f"{c.pk}: {c.text}" for c in activity.criteria.all())

    def example_rows(self, plan: Plan) -> list[Any]:
        delaftale = (
            Delaftale.objects.filter(focus_area__plan=plan).select_related("focus_area").first()
        )
        example = Activity(
            delaftale=delaftale,
            name=str(_("Homework café")),
            status=Activity.Status.PLANNED,
            start=plan.period_start,
            purpose=str(_("More children complete lower secondary school.")),
        )
        return [example]


SHEETS = {
    "aktiviteter": ActivityResource,
    "succeskriterier": CriterionResource,
    "maalinger": MeasurementResource,
    "milepaele": MilestoneResource,
    "budget": BudgetResource,
    "finansiering": FinancingResource,
}


# --- Indicators (Boligsociale Data and the like) ------------------------------------------


class IndicatorValueResource(SheetResource):
    """Indikatorer: one row per value of an indicator, for an afdeling or the whole area."""

    sheet_title = _("Indicators")

    indicator = Column(column_name=_("Indicator"), widget=TextWidget(300), width=40,
                       required=True)
    unit = Column(column_name=_("Unit"), widget=TextWidget(40), width=8)
    source = Column(column_name=_("Source"), widget=TextWidget(300), width=22)
    estate = Column(column_name=_("Housing estate"), widget=TextWidget(200), width=24)
    period = Column("period", _("Period"), TextWidget(40), width=10)
    measured_on = Column("measured_on", _("Date"), DateWidget(), width=12, required=True)
    value = Column("value", _("Value"), DecimalWidget(), width=10, required=True)

    # The value is a SimpleNamespace in the template's example row, hence Any.
    def dehydrate_indicator(self, value: IndicatorValue | Any) -> str:
        return str(value.indicator.name)

    def dehydrate_unit(self, value: IndicatorValue | Any) -> str:
        return str(value.indicator.unit)

    def dehydrate_source(self, value: IndicatorValue | Any) -> str:
        return str(value.indicator.source)

    def dehydrate_estate(self, value: IndicatorValue | Any) -> str:
        return str(value.plan_estate.estate.name) if value.plan_estate is not None else ""

    def example_rows(self, plan: Plan) -> list[Any]:
        example = SimpleNamespace(
            indicator=SimpleNamespace(
                name=str(_("Share of 18-64-year-olds outside the labour market")),
                unit="%", source="Boligsociale Data",
            ),
            plan_estate_id=None, plan_estate=None, period="2022",
            measured_on=min(timezone.localdate(), plan.period_end), value=Decimal("31.4"),
        )
        return [example]
