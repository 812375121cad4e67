"""The agreement's section on Boligsociale Data prints the plan's indicators (issue #18).

Every template row and every agreement section with the key "data" (Boligsociale Data –
Tværgående målinger, Boligsociale Data og løbende opfølgning) that shows text only gets the
indicators under its text. A section without text and without indicators still prints nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    for name in ("SectionTemplate", "Section"):
        model = apps.get_model("plans", name)
        rows = model.objects.filter(key="data", content="")
        if name == "SectionTemplate":
            rows = rows.filter(document="agreement")
        else:
            rows = rows.filter(agreement__isnull=False)
        rows.update(content="indicators")


def backwards(apps, schema_editor):
    for name in ("SectionTemplate", "Section"):
        apps.get_model("plans", name).objects.filter(content="indicators").update(content="")


class Migration(migrations.Migration):
    dependencies = [("plans", "0019_section_content_indicators")]

    operations = [migrations.RunPython(forwards, backwards)]
