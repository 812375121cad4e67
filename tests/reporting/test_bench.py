"""`manage.py bench` prints one JSON object on its last line with the keys the issues name,
and leaves the database as it was."""

import io
import json

from django.core.management import call_command

from devtools.pdf_bench import soffice
from plans.models import Plan

KEYS = {
    "pdf_plan_pages",
    "pdf_plan_seconds",
    "pdf_plan_after_edit_seconds",
    "pdf_delaftale_seconds",
    "dashboard_ms",
    "portfolio_50_ms",
    "budget_grid_ms",
    "import_1000_rows_seconds",
    "import_plan_seconds",
    "plan_list_1000_over_50",
    "portfolio_1000_over_50",
}
# With LibreOffice installed (`.ci/run` installs it): the whole plan against its conversion.
LIBREOFFICE_KEYS = {"pdf_plan_vs_libreoffice", "pdf_plan_warm_vs_libreoffice"}


def test_bench_prints_one_json_object_on_its_last_line(db, settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    plans_before = Plan.objects.count()
    out = io.StringIO()

    call_command("bench", runs=1, plans=1, skip_queue=True, libreoffice_runs=1, stdout=out)

    result = json.loads(out.getvalue().strip().splitlines()[-1])
    keys = KEYS | (LIBREOFFICE_KEYS if soffice() else set())
    assert keys <= result.keys()
    assert all(result[key] > 0 for key in keys)
    assert result["lists"]["portfolio_50_queries"] == result["lists"]["portfolio_1000_queries"]
    assert result["pdf_plan_pages"] >= 50  # the size of seed 001
    assert all(result[key] > 0 for key in KEYS)
    assert Plan.objects.count() == plans_before
