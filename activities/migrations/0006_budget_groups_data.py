"""Every existing plan gets its default budget groups and every budget line one of them.

One group per focus area (named after it while its own name is empty) and one for tværgående
costs, in the order the budget printed before, so existing plans print as they did.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    BudgetGroup = apps.get_model("plans", "BudgetGroup")
    BudgetLine = apps.get_model("activities", "BudgetLine")
    for plan in Plan.objects.all():
        if BudgetGroup.objects.filter(plan=plan).exists():
            continue
        areas = list(plan.focus_areas.order_by("order", "id"))
        groups = {
            area.pk: BudgetGroup.objects.create(plan=plan, focus_area=area, order=position)
            for position, area in enumerate(areas)
        }
        groups[None] = BudgetGroup.objects.create(plan=plan, order=len(areas))
        for line in BudgetLine.objects.filter(plan=plan, group__isnull=True):
            line.group = groups.get(line.focus_area_id, groups[None])
            line.save(update_fields=["group"])


def backwards(apps, schema_editor):
    apps.get_model("activities", "BudgetLine").objects.update(group=None)
    apps.get_model("plans", "BudgetGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_criteria_and_budget_groups"),
        ("plans", "0012_rule_set_financing_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
