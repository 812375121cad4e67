import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Organisations and housing estates keep no history rows; their time of change lets the
    plans' data state (and so the PDF cache and the approval comparison) see a renamed one."""

    dependencies = [
        ("plans", "0021_deadline_date_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="housingestate",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
    ]
