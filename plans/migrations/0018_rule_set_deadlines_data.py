"""The yearly deadlines of each rule set, as data (issue #18).

LBF's rule sets: the accounts and the reguleringskontoopgørelse six months after the year
(LBF withholds payments when they are late), the year's målopfyldelse to the bestyrelse, and
the next year's milepælsplan approved before the year ends. A locally funded plan reports to
its bestyrelse only: no accounts to LBF.
"""

from django.db import migrations

ACCOUNTS = ("Regnskab og reguleringskontoopgørelse for {year} sendt til LBF", 6, 30, 1, False,
            "budget")
RESULTS = ("Målopfyldelse for {year} forelagt bestyrelsen", 3, 31, 1, False, "maalopfyldelse")
MILESTONES = ("Milepælsplan for {next_year} godkendt af bestyrelsen", 12, 31, 0, True,
              "milepaelsplan")


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("plans", "RuleSet")
    RuleSetDeadline = apps.get_model("plans", "RuleSetDeadline")
    for rule_set in RuleSet.objects.all():
        rows = (MILESTONES, RESULTS) if rule_set.is_local else (MILESTONES, RESULTS, ACCOUNTS)
        for order, (text, month, day, offset, not_last, page) in enumerate(rows):
            RuleSetDeadline.objects.get_or_create(
                rule_set=rule_set, text=text,
                defaults={"month": month, "day": day, "year_offset": offset,
                          "not_in_last_year": not_last, "page": page, "order": order,
                          "responsible_role": "leder"},
            )


def backwards(apps, schema_editor):
    apps.get_model("plans", "RuleSetDeadline").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0017_deadlines_and_reminders")]

    operations = [migrations.RunPython(forwards, backwards)]
