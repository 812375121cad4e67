"""Organisations a plan creates belong to it; approved versions cannot be updated in the
database either (a trigger on PostgreSQL and on SQLite, whatever writes the row)."""

import django.db.models.deletion
from django.db import migrations, models

FROZEN = "An approved version cannot be changed."

POSTGRES_UP = [
    f"""CREATE FUNCTION plans_documentversion_frozen() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{FROZEN}' USING ERRCODE = 'integrity_constraint_violation'; END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER plans_documentversion_frozen BEFORE UPDATE ON plans_documentversion
    FOR EACH ROW EXECUTE FUNCTION plans_documentversion_frozen()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER plans_documentversion_frozen ON plans_documentversion",
    "DROP FUNCTION plans_documentversion_frozen()",
]
SQLITE_UP = [
    f"""CREATE TRIGGER plans_documentversion_frozen BEFORE UPDATE ON plans_documentversion
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER plans_documentversion_frozen"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


freeze = _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP})
unfreeze = _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN})


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0013_version_belongs_to_document'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='plan',
            field=models.ForeignKey(blank=True, help_text='Empty: shared reference data that every plan sees.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='own_organisations', to='plans.plan', verbose_name='plan'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name',
            field=models.CharField(max_length=200, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('plan__isnull', True)), fields=('name',), name='organisation_shared_name'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(fields=('plan', 'name'), name='organisation_name_per_plan'),
        ),
        migrations.RunPython(freeze, unfreeze),
    ]
