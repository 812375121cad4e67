"""Every existing plan's agreement and delaftaler keep their text, headings and numbers when
the fixed fields become the plan's own sections, and their history comes along."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0008_sections")]
AFTER = [("plans", "0010_remove_fixed_section_fields")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fixed_fields_become_sections_with_the_headings_the_documents_printed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    plan = old.get_model("plans", "Plan").objects.create(
        name="P", area_name="A", slug="p", period_start="2020-01-01", period_end="2023-12-31",
        rule_set=old.get_model("plans", "RuleSet").objects.get(code="lbf-2019-26"),
    )
    agreement = old.get_model("plans", "StrategicAgreement").objects.create(
        plan=plan, purpose="Vores formål.", interplay="Samspil med skolen.",
        revision="Revideres årligt.",
    )
    old.get_model("plans", "HistoricalStrategicAgreement").objects.create(
        id=agreement.id, plan_id=plan.id, purpose="Første udkast.", history_type="+",
        history_date="2021-01-01T10:00:00Z", approval_state="kladde",
        updated_at="2021-01-01T10:00:00Z",
    )
    area = old.get_model("plans", "FocusArea").objects.create(plan=plan, name="T", slug="t")
    old.get_model("plans", "Delaftale").objects.create(
        focus_area=area, municipal_link="Kommunen er med.", conflict_and_inform=""
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Section = new.get_model("plans", "Section")
    agreement_sections = list(
        Section.objects.filter(agreement_id=agreement.id).order_by("order")
        .values_list("number", "heading", "text", "content")
    )
    delaftale_sections = {
        s.key: s for s in Section.objects.filter(delaftale__focus_area__plan_id=plan.id)
    }

    # Whatever the rule set, an existing plan keeps the structure it printed until now.
    assert agreement_sections[:3] == [
        ("", "Aftaledokumenter", "", ""),
        ("1", "Formål med og rammer for indsatsen", "Vores formål.", ""),
        ("2", "Organisering", "", ""),  # no links to local strategies: no section for them
    ]
    assert ("3", "Samspil med øvrige tiltag og indsatser i lokalområdet",
            "Samspil med skolen.", "") in agreement_sections
    assert ("5", "Indsatsområder", "", "focus_areas") in agreement_sections
    assert agreement_sections[-1] == ("11", "Revision af samarbejdsaftalen", "Revideres årligt.",
                                      "")
    assert delaftale_sections["kommunal"].text == "Kommunen er med."
    assert delaftale_sections["kommunal"].heading == "Sammenhæng med den kommunale indsats"
    assert delaftale_sections["problem"].content == "problem"
    history = new.get_model("plans", "HistoricalSection").objects.filter(
        id=Section.objects.get(agreement_id=agreement.id, key="formaal").id
    )
    assert list(history.values_list("text", flat=True)) == ["Første udkast."]
    # Back to the newest schema for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
