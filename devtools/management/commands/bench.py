"""Benchmark: page times and query counts on a realistically sized portfolio.

    python manage.py bench [--runs 30]

Builds the data inside a transaction that is rolled back, so it leaves the database as it
was. Prints one JSON object: median and 95th-percentile milliseconds and the query count per
page, and the PDF, dashboard and portfolio keys the issues ask for (pdf_plan_pages,
pdf_plan_seconds, pdf_plan_after_edit_seconds, pdf_delaftale_seconds: rendered as a worker
renders them, with one more worker helping, on a scratch database, devtools/pdf_bench.py;
pdf_plan_one_worker_seconds without help; dashboard_ms,
portfolio_50_ms, budget_grid_ms, import_plan_seconds, plan_list_1000_over_50,
portfolio_1000_over_50, and pdf_plan_vs_libreoffice and pdf_plan_warm_vs_libreoffice when
LibreOffice is installed), and the task queue's keys measured against a running gunicorn and
worker on a scratch database (devtools/queue_bench.py: pdf_download_after_edit_seconds,
reader_p95_ms_during_pdf_storm, rss_mb_web, rss_mb_total).
"""

import datetime
import json
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import BudgetAmount, BudgetLine, Measurement, SuccessCriterion
from devtools import deep_stack
from devtools.exchange_bench import measure_plan_import_speed
from devtools.lists_bench import measure_lists
from devtools.pdf_bench import measure_against_libreoffice, measure_pdf
from devtools.queue_bench import measure_queue
from devtools.sample import sample_plan
from devtools.spreadsheets_bench import measure_import_speed
from plans import services
from plans.models import (
    DelaftaleParty,
    FinancingAmount,
    FinancingLine,
    Forum,
    ForumMember,
    Goal,
    Membership,
    Organisation,
    Plan,
    RuleSet,
    StaffResource,
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure page times and query counts (JSON); leaves the database unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--plans", type=int, default=10)
        parser.add_argument("--skip-queue", action="store_true",
                            help="without the queue's keys (a server, a worker, minutes)")
        parser.add_argument("--only-queue", action="store_true",
                            help="only the queue's keys")
        parser.add_argument(
            "--libreoffice-runs", type=int, default=3,
            help="whole-plan PDF against LibreOffice, alternated this many times (0: not)",
        )

    def handle(self, *args, runs, plans, skip_queue=False, only_queue=False, libreoffice_runs=3,
               **options):
        if only_queue:
            self.stdout.write(json.dumps(measure_queue()))
            return
        # The test client speaks plain http and nothing ran collectstatic.
        plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(
            SECURE_SSL_REDIRECT=False, STORAGES={**settings.STORAGES, "staticfiles": plain}
        ):
            result = self._run(runs, plans, libreoffice_runs)
        if not skip_queue:
            result.update(measure_queue())
        # One JSON object on the last line, for scripts (`make bench | tail -n1`).
        self.stdout.write(json.dumps(result))

    def _run(self, runs, plans, libreoffice_runs=3):
        result = {}
        try:
            with transaction.atomic():
                user, plan = self._portfolio(plans)
                client = Client()
                client.force_login(user)
                area = plan.focus_areas.first()
                pages = {
                    "plan_list": reverse("plans:plan_list"),
                    "plan_detail": reverse("activities:plan_detail", args=[plan.slug]),
                    "agreement_detail": reverse("activities:agreement_detail", args=[plan.slug]),
                    "delaftale_detail": reverse(
                        "activities:delaftale_detail", args=[plan.slug, area.slug]
                    ),
                    "organisation": reverse("plans:organisation", args=[plan.slug]),
                    "history": reverse("activities:plan_history", args=[plan.slug]),
                }
                budget_plan = self._budget_plan(user)
                pages["budget_grid"] = reverse("activities:budget", args=[budget_plan.slug])
                for name, url in pages.items():
                    result[name] = self._measure(client, url, runs)
                result["budget_grid_ms"] = result["budget_grid"]["median_ms"]
                result.update(self._pdf(user, rounds=min(3, runs)))
                dashboard = self._measure(
                    client, reverse("reporting:dashboard", args=[result.pop("_pdf_slug")]), runs
                )
                result["dashboard"] = dashboard
                result["dashboard_ms"] = dashboard["median_ms"]
                portfolio_user = self._portfolio_50()
                client.force_login(portfolio_user)
                portfolio = self._measure(client, reverse("reporting:portfolio"), runs)
                result["portfolio_50"] = portfolio
                result["portfolio_50_ms"] = portfolio["median_ms"]
                # The plan list and the portfolio at 50 and at 1,000 plans (issue #16).
                result["lists"] = measure_lists(runs=runs)
                result.update({key: value for key, value in result["lists"].items()
                               if key.endswith("_over_50")})
                if libreoffice_runs:
                    result.update(measure_against_libreoffice(runs=libreoffice_runs))
                raise Rollback
        except Rollback:
            pass
        result["data"] = {
            "plans": plans,
            "areas_per_plan": 4,
            "goals_per_area": 5,
            "criteria_per_area": 5,
            "fora_per_plan": 6,
            "members_per_forum": 8,
        }
        result.update(measure_import_speed())
        result.update(measure_plan_import_speed())
        return result

    def _pdf(self, user, rounds=3):
        """The PDF keys, measured on a scratch database with a helper worker
        (devtools/pdf_bench.py), and a plan the size of seed 001 here for the dashboard."""
        result = measure_pdf(rounds)
        result["_pdf_slug"] = sample_plan(user=user, slug="bench-pdf").slug
        return result

    def _portfolio_50(self):
        """50 plans of 4 areas, each with 3 criteria and 2 measurements, for one board member."""
        user = get_user_model().objects.create_user("bench-portefoelje", password=None)
        rule_set = RuleSet.objects.get(code="lbf-2015-18")
        areas = list(rule_set.areas.all())
        for n in range(50):
            plan = Plan.objects.create(
                name=f"Portefølje {n:02d}",
                area_name=f"Område {n}",
                slug=f"portefoelje-{n}",
                rule_set=rule_set,
                period_start=datetime.date(2020, 1, 1),
                period_end=datetime.date(2023, 12, 31),
            )
            Membership.objects.create(plan=plan, user=user, role="bestyrelse")
            for area in services.focus_areas_add(plan=plan, rule_set_areas=areas):
                criteria = SuccessCriterion.objects.bulk_create(
                    SuccessCriterion(
                        focus_area=area,
                        text=f"Kriterium {i}",
                        kind="antal",
                        baseline_value=0,
                        target_value=10,
                        target_year=2023,
                        order=i,
                    )
                    for i in range(3)
                )
                Measurement.objects.bulk_create(
                    Measurement(criterion=c, value=y - 2019, measured_on=datetime.date(y, 6, 1))
                    for c in criteria
                    for y in (2020, 2021)
                )
        return user

    def _measure(self, client, url, runs):
        # Below one large frame, so the figures do not depend on where CPython 3.11's stack
        # chunks end (devtools/deep_stack.py).
        return deep_stack.run(lambda: self._measure_here(client, url, runs))

    def _measure_here(self, client, url, runs):
        client.get(url)  # warm caches and template loading
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        return {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            "queries": len(queries.captured_queries),
        }

    def _budget_plan(self, user):
        """A plan with 50 budget lines × 4 years and financing, as the budget issue asks."""
        plan = services.plan_create(
            user=user,
            plan=Plan(
                name="Benchbudget",
                area_name="Budget",
                slug="bench-budget",
                rule_set=RuleSet.objects.get(code="lbf-2015-18"),
                period_start=datetime.date(2020, 1, 1),
                period_end=datetime.date(2023, 12, 31),
            ),
        )
        areas = services.focus_areas_add(plan=plan, rule_set_areas=plan.rule_set.areas.all())
        lines = BudgetLine.objects.bulk_create(
            BudgetLine(
                plan=plan,
                text=f"Linje {n}",
                category="aktiviteter",
                focus_area=areas[n % len(areas)],
                group=areas[n % len(areas)].budget_groups.first(),
                order=n,
            )
            for n in range(50)
        )
        BudgetAmount.objects.bulk_create(
            BudgetAmount(line=line, year=year, amount=100_000, spent=50_000)
            for line in lines
            for year in range(2020, 2024)
        )
        for area in areas:
            line = FinancingLine.objects.create(plan=plan, kind="lbf", name="LBF", focus_area=area)
            FinancingAmount.objects.bulk_create(
                FinancingAmount(line=line, year=year, amount=1_250_000)
                for year in range(2020, 2024)
            )
        return plan

    def _portfolio(self, count):
        user = get_user_model().objects.create_user("bench-leder", password=None)
        rule_set = RuleSet.objects.get(code="lbf-2015-18")
        housing = Organisation.objects.create(name="Bench Boligselskab", kind="boligorganisation")
        first = None
        for n in range(count):
            plan = services.plan_create(
                user=user,
                plan=Plan(
                    name=f"Benchplan {n}",
                    area_name=f"Område {n}",
                    slug=f"bench-{n}",
                    rule_set=rule_set,
                    period_start=datetime.date(2020, 1, 1),
                    period_end=datetime.date(2023, 12, 31),
                ),
            )
            for m in range(6):
                reader = get_user_model().objects.create_user(f"bench-{n}-{m}", password=None)
                Membership.objects.create(plan=plan, user=reader, role="laeser")
            services.party_add(plan=plan, organisation=housing, role="boligorganisation")
            for area in services.focus_areas_add(plan=plan, rule_set_areas=rule_set.areas.all()):
                Goal.objects.bulk_create(
                    Goal(focus_area=area, text=f"Mål {i}", order=i) for i in range(5)
                )
                SuccessCriterion.objects.bulk_create(
                    SuccessCriterion(
                        focus_area=area,
                        text=f"Kriterium {i}",
                        baseline_note="2018",
                        data_source="Boligsociale data",
                        order=i,
                    )
                    for i in range(5)
                )
                delaftale = services.delaftale_create(plan=plan, focus_area=area)
                DelaftaleParty.objects.bulk_create(
                    DelaftaleParty(
                        delaftale=delaftale, name=f"Part {i}", organisation="Kommune", order=i
                    )
                    for i in range(5)
                )
                StaffResource.objects.bulk_create(
                    StaffResource(delaftale=delaftale, role=f"Rolle {i}", share_percent=20, order=i)
                    for i in range(5)
                )
            for f in range(6):
                forum = Forum.objects.create(
                    plan=plan, name=f"Forum {f}", kind="foelgegruppe", order=f
                )
                ForumMember.objects.bulk_create(
                    ForumMember(forum=forum, name=f"Medlem {i}", order=i) for i in range(8)
                )
            first = first or plan
        return user, first
