"""A plan the size of seed 001, made of plain generated text, for the benchmark and the tests:
3 delaftaler, 14 activities with every field of the activity schema filled in, 45 criteria,
milestones for four years, a balanced budget; about as many pages as seed 001's 57.
"""

import datetime
from decimal import Decimal

from activities.models import (
    Activity,
    ActivityGoal,
    BudgetLine,
    ComparisonValue,
    Measurement,
    Milestone,
    SuccessCriterion,
    TargetGroup,
)
from activities.services import budget_cells_save
from plans import services
from plans.models import (
    DelaftaleParty,
    FinancingLine,
    Forum,
    ForumMember,
    Goal,
    Organisation,
    Plan,
    RuleSet,
    StaffMember,
    StaffResource,
)
from plans.sections import sections_write

AREAS = ["Tryghed og trivsel", "Uddannelse og beskæftigelse", "Forebyggelse og forældreansvar"]
ACTIVITIES_PER_AREA = (5, 5, 4)
AREA_CRITERIA = (6, 6, 5)  # with two per activity, 45 criteria as in seed 001
PARAGRAPH = (
    "Indsatsen arbejder sammen med beboerne, skolen og kommunen om at gøre hverdagen bedre. "
    "Medarbejderne er til stede i området flere dage om ugen og følger op på hver aktivitet. "
)


def _text(words: int = 1) -> str:
    return (PARAGRAPH * words).strip()


def sample_plan(*, user, slug: str = "sample-plan") -> Plan:
    plan = services.plan_create(
        user=user,
        plan=Plan(
            name=f"Prøveplan {slug}",
            area_name="Prøveparken",
            slug=slug,
            rule_set=RuleSet.objects.get(code="lbf-2015-18"),
            period_start=datetime.date(2020, 1, 1),
            period_end=datetime.date(2023, 12, 31),
        ),
    )
    # Every section written, as in a plan the size of seed 001.
    sections_write(
        document=plan.agreement,
        texts={
            section.key: _text(3) + "\n\n- Første punkt\n- Andet punkt"
            for section in plan.agreement.sections.all()
            if section.content != "focus_areas"
        },
    )
    housing, _ = Organisation.objects.get_or_create(
        name="Prøveboliger", defaults={"kind": Organisation.Kind.HOUSING}
    )
    services.party_add(plan=plan, organisation=housing, role="boligorganisation")
    areas = services.focus_areas_add(
        plan=plan, rule_set_areas=plan.rule_set.areas.filter(name__in=AREAS).order_by("order")
    )
    years = range(2020, 2024)
    for area, activity_count, area_criteria in zip(
        areas, ACTIVITIES_PER_AREA, AREA_CRITERIA, strict=True
    ):
        area.problem, area.purpose = _text(4), _text(2)
        area.save()
        Goal.objects.bulk_create(
            Goal(focus_area=area, text=f"Mål {n} for {area.name}", order=n) for n in range(4)
        )
        for n in range(area_criteria):
            criterion = SuccessCriterion.objects.create(
                focus_area=area,
                text=f"Andelen i {area.name.lower()} ændrer sig, kriterium {n}",
                kind="procent",
                direction="op",
                baseline_value=Decimal("40"),
                baseline_period="2018",
                target_kind="point",
                target_value=Decimal("5"),
                target_year=2023,
                data_source=f"Boligsociale data, kilde {n}",
                order=n,
            )
            ComparisonValue.objects.create(
                criterion=criterion, label="Hele Danmark", value=Decimal("55")
            )
        delaftale = services.delaftale_create(plan=plan, focus_area=area)
        sections_write(
            document=delaftale,
            texts={"kommunal": _text(3), "konflikt": _text(2), "revision": _text(2)},
        )
        DelaftaleParty.objects.bulk_create(
            DelaftaleParty(
                delaftale=delaftale,
                name=f"Leder {n}",
                organisation="Kommunen",
                title="afdelingsleder",
                order=n,
            )
            for n in range(4)
        )
        StaffResource.objects.create(
            delaftale=delaftale, role="Boligsocial medarbejder", share_percent=75
        )
        for a in range(activity_count):
            activity = Activity.objects.create(
                delaftale=delaftale,
                name=f"{area.name}: aktivitet {a + 1}",
                order=a,
                content=_text(4),
                purpose=_text(2),
                responsibilities=_text(2),
                partners=_text(1),
                staff_resources="Boligsocial medarbejder 10 timer om ugen",
                collaboration=_text(2),
                local_evaluation=_text(1),
                anchoring=_text(1),
                status="i_gang",
            )
            ActivityGoal.objects.bulk_create(
                ActivityGoal(activity=activity, text=f"Mål {g}", order=g) for g in range(3)
            )
            TargetGroup.objects.bulk_create(
                TargetGroup(activity=activity, text=f"Gruppe {g}", order=g) for g in range(2)
            )
            for c in range(2):
                criterion = SuccessCriterion.objects.create(
                    activity=activity,
                    text=f"{activity.name}: {10 + c} deltagere om året",
                    kind="antal",
                    baseline_value=Decimal(0),
                    target_value=Decimal(10 + c),
                    target_year=2023,
                    data_source=f"Logbog {a}-{c}",
                    order=c,
                )
                Measurement.objects.bulk_create(
                    Measurement(
                        criterion=criterion,
                        value=Decimal(3 * (y - 2019)),
                        measured_on=datetime.date(y, 12, 1),
                    )
                    for y in (2020, 2021)
                )
            Milestone.objects.bulk_create(
                Milestone(
                    plan=plan,
                    activity=activity,
                    title=f"{activity.name}: trin {q}",
                    due_year=y,
                    due_quarter=q,
                )
                for y in years
                for q in (2, 4)
            )
        money = FinancingLine.objects.create(
            plan=plan, kind="lbf", name="Landsbyggefonden", focus_area=area
        )
        local = FinancingLine.objects.create(
            plan=plan, kind="kommune", name="Kommunen", focus_area=area
        )
        services.financing_cells_save(
            plan=plan,
            cells={
                **{(money.pk, y): 750_000 for y in years},
                **{(local.pk, y): 250_000 for y in years},
            },
        )
        line = BudgetLine.objects.create(
            plan=plan, text=f"Løn, {area.name}", category="loen", focus_area=area,
            group=area.budget_groups.first(),
        )
        budget_cells_save(plan=plan, cells={(line.pk, y): 1_000_000 for y in years})
    board = Forum.objects.create(plan=plan, name="Bestyrelsen", kind="bestyrelse")
    ForumMember.objects.bulk_create(
        ForumMember(forum=board, name=f"Medlem {n}", order=n) for n in range(6)
    )
    for area in areas:
        Forum.objects.create(
            plan=plan, name=f"Følgegruppe: {area.name}", kind="foelgegruppe", focus_area=area
        )
    StaffMember.objects.bulk_create(
        StaffMember(plan=plan, name=f"Medarbejder {n}", title="Boligsocial medarbejder", order=n)
        for n in range(4)
    )
    return plan
