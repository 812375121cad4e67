"""Migration 0014: every plan keeps its boligafdelinger (now with a status, none yet), and a
plan with one board keeps its diagram as a hierarchy (other fora under the board)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0014_organisation_plan_frozen_versions"),
    ("activities", "0006_budget_groups_data"),
]
AFTER = [("plans", "0015_estates_and_people")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_estates_and_fora_are_carried_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Plan, Forum = old.get_model("plans", "Plan"), old.get_model("plans", "Forum")
    Organisation = old.get_model("plans", "Organisation")
    HousingEstate = old.get_model("plans", "HousingEstate")
    owner = Organisation.objects.create(name="Boligselskabet", kind="boligorganisation")
    plans = []
    for n in range(2):
        plans.append(Plan.objects.create(
            name=f"P{n}", area_name="A", slug=f"p{n}", period_start="2020-01-01",
            period_end="2023-12-31", rule_set=old.get_model("plans", "RuleSet").objects.first(),
        ))
    second, first = (HousingEstate.objects.create(organisation=owner, number=number, name=name)
                     for number, name in (("2", "Sydparken"), ("1", "Nordparken")))
    plans[0].estates.add(second, first)
    plans[1].estates.add(second)
    board = Forum.objects.create(plan=plans[0], name="Bestyrelsen", kind="bestyrelse")
    group = Forum.objects.create(plan=plans[0], name="Følgegruppen", kind="foelgegruppe")
    partnership = Forum.objects.create(plan=plans[0], name="Partnerskab", kind="partnerskab")
    lone = Forum.objects.create(plan=plans[1], name="Følgegruppe", kind="foelgegruppe")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    PlanEstate, NewForum = new.get_model("plans", "PlanEstate"), new.get_model("plans", "Forum")

    rows = PlanEstate.objects.order_by("plan_id", "order")
    assert [(r.plan_id, r.estate.name, r.order, r.status) for r in rows] == [
        (plans[0].pk, "Nordparken", 0, ""),
        (plans[0].pk, "Sydparken", 1, ""),
        (plans[1].pk, "Sydparken", 0, ""),
    ]
    parents = dict(NewForum.objects.values_list("pk", "parent_id"))
    assert parents == {board.pk: None, group.pk: board.pk, partnership.pk: None, lone.pk: None}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
