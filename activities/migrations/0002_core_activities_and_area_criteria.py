"""Seed the CFBU kerneaktiviteter the seed plans name, and move the foundation's short area
criteria (plans.AreaCriterion) into the one success-criterion model, keeping their text,
baseline (as written), data source and order."""

from django.db import migrations

CORE_ACTIVITIES = [
    "Naboambassadører",
    "Lommepengeprojekter og fritidsjobprojekter",
    "Brobygning til foreningsliv",
    "Boligsociale familiekurser",
    "Socialøkonomiske virksomheder",
    "Netværksskabende aktiviteter",
    "Lektiecaféer",
    "Jobformidling og -rådgivning",
    "Uddannelsesvejledning",
    "Beboerdemokrati og frivillighed",
]


def seed_core_activities(apps, schema_editor):
    CoreActivity = apps.get_model("activities", "CoreActivity")
    for order, name in enumerate(CORE_ACTIVITIES):
        CoreActivity.objects.get_or_create(name=name, defaults={"order": order})


def move_area_criteria(apps, schema_editor):
    AreaCriterion = apps.get_model("plans", "AreaCriterion")
    SuccessCriterion = apps.get_model("activities", "SuccessCriterion")
    SuccessCriterion.objects.bulk_create(
        SuccessCriterion(
            focus_area_id=old.focus_area_id,
            text=old.text,
            baseline_note=old.baseline,
            data_source=old.data_source,
            order=old.order,
        )
        for old in AreaCriterion.objects.order_by("id")
    )


def move_back(apps, schema_editor):
    AreaCriterion = apps.get_model("plans", "AreaCriterion")
    SuccessCriterion = apps.get_model("activities", "SuccessCriterion")
    AreaCriterion.objects.bulk_create(
        AreaCriterion(
            focus_area_id=new.focus_area_id,
            text=new.text,
            baseline=new.baseline_note,
            data_source=new.data_source,
            order=new.order,
        )
        for new in SuccessCriterion.objects.filter(focus_area__isnull=False).order_by("id")
    )
    SuccessCriterion.objects.filter(focus_area__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("plans", "0003_rule_set_activity_template"),
    ]

    operations = [
        migrations.RunPython(seed_core_activities, migrations.RunPython.noop),
        migrations.RunPython(move_area_criteria, move_back),
    ]
