"""Demo data for `make run`: demo logins and a plan to look at.

It lives in `reporting`, the app at the top of the dependency chain, because the demo plans
will reach into every app. Running it twice leaves the same data.

Facts (names, areas, amounts, dates) follow seed 001 (Værebro Park 2020-23); the prose is
our own short wording.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from activities.models import BudgetLine, SuccessCriterion
from activities.services import budget_cells_save
from plans import services
from plans.models import (
    FinancingLine,
    FocusArea,
    Goal,
    Membership,
    Organisation,
    Plan,
    RuleSet,
)
from plans.services import financing_cells_save

DEMO_PASSWORD = "demo-helhedsplan"
DEMO_USERS = [
    ("leder", "Lea Leder", Membership.Role.LEADER),
    ("medarbejder", "Mads Medarbejder", Membership.Role.STAFF),
    ("bestyrelse", "Bente Bestyrelse", Membership.Role.BOARD),
    ("laeser", "Lars Læser", Membership.Role.READER),
]

AREAS = {
    "Tryghed og trivsel": {
        "problem": "Mange beboere føler sig utrygge i området om aftenen, og få kender deres naboer.",
        "purpose": "Flere beboere er trygge og tager del i fællesskabet.",
        "goals": ["Flere beboere føler sig trygge", "Flere beboere deltager i naboskabet"],
        "criteria": [
            (
                "Andelen der føler sig grundlæggende trygge stiger mindst 5 procentpoint.",
                "Baseline 2018: Værebros Park 75 %, hele Danmark 87 %",
                "VIVE tryghedsdata",
            ),
        ],
        "lbf": 2_701_000,
        "local": 849_000,
    },
    "Uddannelse og beskæftigelse": {
        "problem": "For mange unge står uden uddannelse, og for få voksne er i job.",
        "purpose": "Flere unge gennemfører en uddannelse, og flere voksne kommer i arbejde.",
        "goals": ["Flere unge i uddannelse", "Flere unge i fritidsjob"],
        "criteria": [
            (
                "Andelen af 20-24-årige med kun grundskole falder 3 procentpoint.",
                "Baseline 2018: 27,8 %; Gladsaxe Kommune 15,6 %",
                "Boligsociale data, LBF",
            ),
            ("10 unge får ordinært fritidsjob og beholder det i mindst 6 måneder.", "", "Logbog"),
        ],
        "lbf": 3_257_000,
        "local": 1_279_000,
    },
    "Forebyggelse og forældreansvar": {
        "problem": "Forældre efterspørger støtte og netværk omkring deres børns hverdag.",
        "purpose": "Forældre står stærkere i rollen og har et netværk at trække på.",
        "goals": ["Forældre får redskaber og netværk", "Børn trives i skole og fritid"],
        "criteria": [
            ("Der opbygges en beboerredaktion.", "Opgøres i december 2020", "Logbog"),
        ],
        "lbf": 2_936_000,
        "local": 1_551_000,
    },
}


class Command(BaseCommand):
    help = "Create demo logins and the demo plan (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for username, full_name, _role in DEMO_USERS:
            first, last = full_name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.helhedsplan.dk",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[username] = user
        self._vaerebro(users)
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000")
        )
        for username, _full, role in DEMO_USERS:
            self.stdout.write(f"  {role:<12} {username:<12} password: {DEMO_PASSWORD}")

    def _vaerebro(self, users):
        if Plan.objects.filter(slug="vaerebro-park-2020-23").exists():
            return
        plan = services.plan_create(
            user=users["leder"],
            plan=Plan(
                name="Boligsocial projektplan Værebro Park 2020-23",
                area_name="Værebro Park",
                slug="vaerebro-park-2020-23",
                rule_set=RuleSet.objects.get(code="lbf-2015-18"),
                period_start=datetime.date(2020, 1, 1),
                period_end=datetime.date(2023, 12, 31),
                status=Plan.Status.ACTIVE,
            ),
        )
        for username, _full, role in DEMO_USERS[1:]:
            Membership.objects.create(plan=plan, user=users[username], role=role)
        housing, _ = Organisation.objects.get_or_create(
            name="Gladsaxe almennyttige Boligselskab",
            defaults={"kind": Organisation.Kind.HOUSING},
        )
        dab, _ = Organisation.objects.get_or_create(
            name="DAB", defaults={"kind": Organisation.Kind.OTHER}
        )
        services.party_add(
            plan=plan,
            organisation=Organisation.objects.get(name="Gladsaxe Kommune"),
            role="kommune",
        )
        services.party_add(plan=plan, organisation=housing, role="boligorganisation")
        services.party_add(plan=plan, organisation=dab, role="administrator")
        services.estate_attach(
            plan=plan,
            organisation=housing,
            number="1",
            name="Værebro Park",
            address="Værebrovej, Bagsværd",
        )
        agreement = plan.agreement
        agreement.purpose = (
            "Indsatsen skal gøre Værebro Park til et trygt sted at bo, hvor børn og unge "
            "klarer sig godt, og hvor flere voksne er i job.\n\n"
            "- Tryghed og trivsel\n- Uddannelse og beskæftigelse\n- Forebyggelse og forældreansvar"
        )
        agreement.save()
        areas = services.focus_areas_add(
            plan=plan,
            rule_set_areas=plan.rule_set.areas.filter(name__in=AREAS).order_by("order"),
        )
        for area in areas:
            self._fill_area(plan, area, AREAS[area.name])
        # The cross-cutting LBF money (leadership, office, evaluation): 9.954.000 kr. in all
        # minus the three areas' 8.894.000 kr. Spread evenly over the years: a demo value.
        self._money(plan, None, lbf=1_060_000, local=0, text="Ledelse, kontor og evaluering")

    def _fill_area(self, plan: Plan, area: FocusArea, data: dict) -> None:
        area.problem, area.purpose = data["problem"], data["purpose"]
        area.save()
        for order, text in enumerate(data["goals"]):
            Goal.objects.create(focus_area=area, text=text, order=order)
        for order, (text, baseline, source) in enumerate(data["criteria"]):
            SuccessCriterion.objects.create(
                focus_area=area, text=text, baseline_note=baseline, data_source=source, order=order
            )
        services.delaftale_create(plan=plan, focus_area=area)
        self._money(
            plan,
            area,
            lbf=data["lbf"],
            local=data["local"],
            text=f"Medarbejdere og aktiviteter, {area.name.lower()}",
        )

    def _money(self, plan: Plan, area, *, lbf: int, local: int, text: str) -> None:
        """Financing exactly as seed 001 gives it per area; the yearly split and the budget
        line that matches it are demo values."""
        years = list(range(plan.period_start.year, plan.period_end.year + 1))

        def spread(total):
            share = total // len(years)
            return {
                year: share + (total - share * len(years) if i == 0 else 0)
                for i, year in enumerate(years)
            }

        cells = {}
        for kind, name, total in (
            ("lbf", "Landsbyggefonden", lbf),
            ("kommune", "Gladsaxe Kommune", local),
        ):
            if total:
                line = FinancingLine.objects.create(
                    plan=plan, kind=kind, name=name, focus_area=area
                )
                cells |= {(line.pk, year): amount for year, amount in spread(total).items()}
        financing_cells_save(plan=plan, cells=cells)
        budget_line = BudgetLine.objects.create(
            plan=plan, text=text, category="loen" if area else "drift", focus_area=area
        )
        budget_cells_save(
            plan=plan,
            cells={(budget_line.pk, year): amount for year, amount in spread(lbf + local).items()},
        )
