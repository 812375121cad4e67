"""How long importing a plan the size of the largest demo takes, for `manage.py bench`.

The file is the Værebro Park demo's exchange file (the largest demo: 3 delaftaler, 14
activities, 53 criteria, 62 measurements, budget and financing, about 540 rows). Read, checked
and written as a new plan, as `import_plan` and a confirmed upload do, three times inside a
transaction that is rolled back; the median is reported.
"""

import secrets
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import transaction

from reporting.exchange.imports import plan_import
from reporting.exchange.reader import upload_read
from reporting.management.commands.load_demo import DEMO_FILES


class _Rollback(Exception):
    pass


def measure_plan_import_speed() -> dict:
    path = DEMO_FILES[0]
    content = path.read_bytes()
    times, rows = [], 0
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                f"bench-plan-import-{secrets.token_hex(4)}", password=None
            )
            for n in range(3):
                start = time.perf_counter()
                upload = upload_read(name=path.name, content=content)
                result = plan_import(upload=upload, user=user, name=path.name,
                                     slug=f"bench-plan-import-{n}-{secrets.token_hex(3)}")
                times.append(time.perf_counter() - start)
                assert result.ok, result.problems[:3]
                rows = sum(count for _sheet, count in result.counts)
            raise _Rollback
    except _Rollback:
        pass
    return {"import_plan_seconds": round(statistics.median(times), 2), "import_plan_rows": rows}
