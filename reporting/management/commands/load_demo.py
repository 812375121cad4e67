"""Demo data for `make run`: demo logins and two real plans to look at.

It lives in `reporting`, the app at the top of the dependency chain, because the demo plans
reach into every app. The plans are exchange files in `reporting/demo/` (Værebro Park 2020-23
and Rum for Liv 2013-16; see `reporting/exchange/format.md`), data that ships with the package,
imported by the same importer as an uploaded plan, with the leder as importer; then the other
demo logins become members, the medarbejder is made responsible for some Værebro activities,
and Værebro's approval workflow is set under way (an exchange file carries approvals as
history only).

Facts in the files (names, figures, dates, amounts and structure) follow the two public plan
documents in `shared/seeds/`; every piece of prose is our own short wording. Numbers the
documents do not give (measurements, milestone dates, budget line splits, the local
co-financing split, the secretariat's hours, the fora's members) are demo values.

Idempotent: in one transaction, the demo plans are deleted (with every row that belongs to
them) and built again; the demo users and the shared reference data (organisations,
boligafdelinger, CFBU core activities) are reused.
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from activities.models import Activity, BudgetLine, Measurement, Milestone
from activities.selectors import activities_for_plan, criteria_for_plan
from plans import approval
from plans.models import (
    Delaftale,
    DocumentVersion,
    FinancingLine,
    HousingEstate,
    Membership,
    Plan,
    PlanEstate,
    PlanParty,
    Section,
    YearLock,
)
from plans.selectors import plan_access_get
from reporting.exchange.imports import plan_import
from reporting.exchange.reader import upload_read
from reporting.versions import freeze

# The demo plans, Værebro Park first: exchange files in reporting/demo/ (package data).
DEMO_SLUGS = ("vaerebro-park-2020-23", "rum-for-liv-2013-16")
DEMO_FILES = tuple(
    Path(__file__).resolve().parents[2] / "demo" / f"{slug}.json" for slug in DEMO_SLUGS
)
DEMO_PASSWORD = "demo-helhedsplan"
DEMO_USERS = [
    ("leder", "Lea Leder", Membership.Role.LEADER),
    ("medarbejder", "Mads Medarbejder", Membership.Role.STAFF),
    ("bestyrelse", "Bente Bestyrelse", Membership.Role.BOARD),
    ("laeser", "Lars Læser", Membership.Role.READER),
]


def demo_users():
    """The demo logins, one per role; created once and then reused."""
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
        if username == "leder":  # the demo's leder may start new plans
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label="plans", codename="add_plan")
            )
        users[username] = user
    return users


def demo_plans_delete() -> None:
    """Remove the demo plans and everything that belongs to them.

    Financing and budget lines protect their focus area, and parties and estates the plans'
    own organisations, so they go first. Approved versions
    are never deleted, except those of the demo plans (someone tried the approval in the
    demo): they are demo data, not evidence. They are removed by a raw delete, which the
    frozen model's own delete refuses, and their PDFs once the transaction has committed.
    """
    plans = Plan.objects.filter(slug__in=DEMO_SLUGS)
    versions = DocumentVersion.objects.filter(plan__in=plans)
    files = [(version.pdf.storage, version.pdf.name) for version in versions if version.pdf]
    versions._raw_delete(versions.db)
    transaction.on_commit(
        lambda: [storage.delete(name) for storage, name in files if storage.exists(name)]
    )
    # Locked years first: the budget, financing and milestones of a locked year refuse to go.
    YearLock.objects.filter(plan__in=plans).delete()
    BudgetLine.objects.filter(plan__in=plans).delete()
    FinancingLine.objects.filter(plan__in=plans).delete()
    # The plans' own organisations (made by the import) are protected by parties and estates.
    PlanParty.objects.filter(plan__in=plans).delete()
    PlanEstate.objects.filter(plan__in=plans).delete()
    HousingEstate.objects.filter(organisation__plan__in=plans).delete()
    plans.delete()


# The netværksmedarbejder's activities in Værebro Park: the demo medarbejder edits these.
VAEREBRO_RESPONSIBLE = (
    "Styrkelse af det frivillige arbejde",
    "Det gode naboskab",
    "Netværksskabende aktiviteter",
    "Beboerredaktion",
)
# Added after the board approved the delaftale, so it is a draft again (changed since v1).
VAEREBRO_CHANGE_AFTER_APPROVAL = (
    "\n\nFra 2022 har jobcentret en fast ungeindgang, som netværksmedarbejderne henviser til."
)


def demo_plan_import(path, users) -> Plan:
    """One demo file through the importer, led by the demo leder; the other logins join."""
    upload = upload_read(name=path.name, content=path.read_bytes())
    result = plan_import(upload=upload, user=users["leder"], name=path.name)
    if not result.ok:
        raise RuntimeError("; ".join(str(problem) for problem in result.problems[:5]))
    plan = result.plan
    for username, _full_name, role in DEMO_USERS:
        if role != Membership.Role.LEADER:
            Membership.objects.create(plan=plan, user=users[username], role=role)
    return plan


def vaerebro_workflow(plan: Plan, users) -> None:
    """The approval workflow under way, as the board meets it: one delaftale approved as
    version 1 and changed since (a draft to compare with it), one submitted and waiting for
    the board, the third still a draft."""
    staff = plan.memberships.get(role=Membership.Role.STAFF)
    Activity.objects.filter(
        delaftale__focus_area__plan=plan, name__in=VAEREBRO_RESPONSIBLE
    ).update(responsible=staff)

    def act(area: str, username: str, action: str) -> None:
        access = plan_access_get(user=users[username], slug=plan.slug)
        approval.transition(document=plan.focus_areas.get(name=area).delaftale, action=action,
                            user=users[username], access=access, freeze=freeze, notify=False)

    act("Uddannelse og beskæftigelse", "leder", "submit")
    act("Uddannelse og beskæftigelse", "bestyrelse", "approve")
    # The jobcenter's new youth desk written into the link with the municipal effort.
    section = Section.objects.get(delaftale__focus_area__plan=plan, key="kommunal",
                                  delaftale__focus_area__name="Uddannelse og beskæftigelse")
    section.text += VAEREBRO_CHANGE_AFTER_APPROVAL
    section.save()
    act("Forebyggelse og forældreansvar", "leder", "submit")


@transaction.atomic
def load_demo() -> list[Plan]:
    users = demo_users()
    demo_plans_delete()
    plans = [demo_plan_import(path, users) for path in DEMO_FILES]
    vaerebro_workflow(plans[0], users)
    return plans


class Command(BaseCommand):
    help = "Create the demo logins and the two demo plans (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="keep the demo plans when they exist (make run: edits survive a restart)",
        )

    def handle(self, *args, if_missing=False, **options):
        started = time.monotonic()
        existing = list(Plan.objects.filter(slug__in=DEMO_SLUGS))
        if if_missing and len(existing) == len(DEMO_SLUGS):
            demo_users()
            plans = existing
            self.stdout.write("The demo plans exist already; run load_demo to rebuild them.")
        else:
            plans = load_demo()
        seconds = time.monotonic() - started
        for plan in plans:
            criteria = criteria_for_plan(plan=plan)
            self.stdout.write(
                f"  {plan.name}: "
                f"{Delaftale.objects.filter(focus_area__plan=plan).count()} delaftaler, "
                f"{activities_for_plan(plan=plan).count()} aktiviteter, "
                f"{criteria.count()} succeskriterier, "
                f"{Measurement.objects.filter(criterion__in=criteria).count()} målinger, "
                f"{Milestone.objects.filter(plan=plan).count()} milepæle"
            )
        self.stdout.write(f"  ({seconds:.1f} s)")
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000")
        )
        for username, _full, role in DEMO_USERS:
            self.stdout.write(f"  {role:<12} {username:<12} password: {DEMO_PASSWORD}")
