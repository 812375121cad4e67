"""What each rule set says about financing, as data (issue #14).

LBF's rule sets (2011-14, 2015-18, 2019-26) finance a plan from Landsbyggefonden, the kommune
and the boligorganisationer, and check financing against the budget per focus area. A locally
funded plan has no Landsbyggefonden row and its financing is one pot for the whole plan.
Rule sets added later keep the defaults of the schema (per-area check on, no sources named).
"""

from django.db import migrations

LBF_SOURCES = ["lbf", "kommune", "boligorganisation"]
LOCAL_SOURCES = ["kommune", "boligorganisation"]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("plans", "RuleSet")
    for rule_set in RuleSet.objects.all():
        if rule_set.is_local:
            rule_set.financing_sources, rule_set.per_area_balance = LOCAL_SOURCES, False
        else:
            rule_set.financing_sources, rule_set.per_area_balance = LBF_SOURCES, True
        rule_set.save(update_fields=["financing_sources", "per_area_balance"])


def backwards(apps, schema_editor):
    apps.get_model("plans", "RuleSet").objects.update(financing_sources=[], per_area_balance=True)


class Migration(migrations.Migration):
    dependencies = [("plans", "0011_criteria_budget_financing")]

    operations = [migrations.RunPython(forwards, backwards)]
