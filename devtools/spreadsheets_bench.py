"""How long a 1.000-row measurement import takes (preview plus confirm), for `manage.py bench`.

The data is built inside a transaction that is rolled back, so the database is left as it was.
"""

import datetime
import io
import secrets
import time

import openpyxl
from django.contrib.auth import get_user_model
from django.db import transaction

from activities.models import Activity, SuccessCriterion
from plans import services
from plans.models import Plan, RuleSet
from plans.selectors import plan_access_get
from reporting.spreadsheets.imports import import_preview
from reporting.spreadsheets.services import spreadsheet_import

ROWS = 1000


class _Rollback(Exception):
    pass


def _workbook(criteria) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Målinger"
    sheet.append(["Kriterie-ID", "Dato", "Værdi", "Opnået", "Kommentar", "Kilde"])
    start = datetime.date(2020, 6, 1)
    for n in range(ROWS):
        criterion = criteria[n % len(criteria)]
        date = start + datetime.timedelta(days=n // len(criteria))
        sheet.append([criterion.pk, date, n % 40, None, f"Optalt {n}", "Logbog"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure_import_speed() -> dict:
    """{"import_1000_rows_seconds": …}: a new plan with 10 criteria, 1.000 new measurements
    read, previewed and written in one transaction, as a leder's upload and confirm do."""
    elapsed = None
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                f"bench-import-{secrets.token_hex(4)}", password=None
            )
            rule_set = RuleSet.objects.filter(is_local=False).order_by("order").first()
            plan = services.plan_create(
                user=user,
                plan=Plan(
                    name="Benchimport",
                    area_name="Benchparken",
                    slug=f"bench-import-{secrets.token_hex(4)}",
                    rule_set=rule_set,
                    period_start=datetime.date(2020, 1, 1),
                    period_end=datetime.date(2023, 12, 31),
                ),
            )
            area = services.focus_areas_add(plan=plan, rule_set_areas=rule_set.areas.all()[:1])[0]
            delaftale = services.delaftale_create(plan=plan, focus_area=area)
            activity = Activity.objects.create(delaftale=delaftale, name="Lektiecafé")
            criteria = SuccessCriterion.objects.bulk_create(
                SuccessCriterion(activity=activity, text=f"Kriterium {n}", order=n)
                for n in range(10)
            )
            content = _workbook(criteria)
            access = plan_access_get(user=user, slug=plan.slug)
            start = time.perf_counter()
            preview = import_preview(
                access=access, kind="maalinger", name="bench.xlsx", content=content
            )
            spreadsheet_import(
                access=access,
                kind="maalinger",
                name="bench.xlsx",
                content=content,
                user_id=user.pk,
                expected_fingerprint=preview.fingerprint,
            )
            elapsed = time.perf_counter() - start
            if preview.counts["ny"] != ROWS:
                raise RuntimeError(f"The bench import read {preview.counts}, not {ROWS} new rows.")
            raise _Rollback
    except _Rollback:
        pass
    return {"import_1000_rows_seconds": round(elapsed, 3)}
