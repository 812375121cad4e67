"""The foundation's short area criteria survive the move into the one criterion model."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0003_rule_set_activity_template"), ("activities", "0001_initial")]
AFTER = [
    ("plans", "0004_delete_areacriterion"),
    ("activities", "0002_core_activities_and_area_criteria"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_area_criteria_are_moved_with_text_baseline_and_data_source():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    RuleSet = old_apps.get_model("plans", "RuleSet")
    Plan = old_apps.get_model("plans", "Plan")
    FocusArea = old_apps.get_model("plans", "FocusArea")
    AreaCriterion = old_apps.get_model("plans", "AreaCriterion")
    plan = Plan.objects.create(
        name="P",
        area_name="A",
        slug="p",
        period_start="2020-01-01",
        period_end="2023-12-31",
        rule_set=RuleSet.objects.first(),
    )
    area = FocusArea.objects.create(plan=plan, name="Tryghed", slug="tryghed")
    AreaCriterion.objects.create(
        focus_area=area,
        text="Flere føler sig trygge",
        order=1,
        baseline="Baseline 2018: 75 %",
        data_source="VIVE",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    moved = new_apps.get_model("activities", "SuccessCriterion").objects.get()

    assert (
        moved.focus_area_id,
        moved.text,
        moved.baseline_note,
        moved.data_source,
        moved.order,
    ) == (area.pk, "Flere føler sig trygge", "Baseline 2018: 75 %", "VIVE", 1)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
