"""A plan shaped unlike the demo plans: three housing organisations, four afdelinger (some
without number or owner), people known only by their role, and a forum hierarchy that the
user gives, with long names. Shared by the estates/people tests and the PDF checks."""

import datetime

from activities.models import Activity, CriterionEstateValue, SuccessCriterion
from plans import services
from plans.models import (
    Delaftale,
    DelaftaleParty,
    EstateShare,
    FocusArea,
    Forum,
    ForumMember,
    Organisation,
    Plan,
    PlanParty,
    RuleSet,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
)

ESTATES = [  # (name, number, owner, status)
    ("Nordparken", "14", "Boligforeningen Nord", "Særligt udsat boligområde"),
    ("Sydhaven", "", "Andelsboligselskabet Syd", "Udsat boligområde"),
    ("Østervang", "3-2", "Østervang Boligselskab", ""),
    ("Rækkehusene ved Mosen", "", None, "Forebyggelsesområde"),
]
LONG_FORUM = "Koordinationsgruppen for tryghed, trivsel og kriminalitetsforebyggelse i Nordparken"


def build_estates_plan(slug="nord-syd") -> Plan:
    plan = Plan.objects.create(
        name="Nord og Syd sammen 2024-27",
        area_name="Nordparken, Sydhaven og Østervang",
        slug=slug,
        rule_set=RuleSet.objects.get(code="lbf-2019-26"),
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    agreement = StrategicAgreement.objects.create(plan=plan)
    kommune = Organisation.objects.create(name="Midtby Kommune", kind="kommune")
    parties = [PlanParty.objects.create(plan=plan, organisation=kommune, role="kommune", order=0)]
    estates = {}
    for n, (name, number, owner, status) in enumerate(ESTATES):
        org = None
        if owner:
            org = Organisation.objects.create(name=owner, kind="boligorganisation")
            parties.append(
                PlanParty.objects.create(plan=plan, organisation=org, role="boligorganisation",
                                         order=n + 1)
            )
        services.estate_attach(plan=plan, name=name, number=number, organisation=org,
                               status=status)
        estates[name] = plan.plan_estates.get(estate__name=name)
    # One party signed; one has its signer named by title only; the others nobody yet.
    Signature.objects.create(agreement=agreement, party=parties[0], signer_name="Mette Borg",
                             signer_title="Borgmester", signed_on=datetime.date(2024, 2, 1))
    Signature.objects.create(agreement=agreement, party=parties[1], signer_title="Formand")

    area = FocusArea.objects.create(plan=plan, name="Kriminalitetsforebyggelse",
                                    slug="kriminalitet")
    delaftale = Delaftale.objects.create(focus_area=area)
    DelaftaleParty.objects.create(delaftale=delaftale, organisation="Midtby Kommune, SSP",
                                  title="Repræsentant for SSP")
    DelaftaleParty.objects.create(delaftale=delaftale, name="N.N.",
                                  title="Repræsentant for beboerne i Sydhaven")
    resource = StaffResource.objects.create(delaftale=delaftale, role="Tryghedsmedarbejder",
                                            share_percent=100)
    for n, (name, share) in enumerate([("Nordparken", 50), ("Sydhaven", 30), ("Østervang", 20)]):
        EstateShare.objects.create(plan_estate=estates[name], staff_resource=resource,
                                   share_percent=share, order=n)
    activity = Activity.objects.create(delaftale=delaftale, name="Nattevandring")
    activity.estates.set([estates["Nordparken"], estates["Rækkehusene ved Mosen"]])
    criterion = SuccessCriterion.objects.create(
        focus_area=area, text="Flere beboere føler sig trygge", kind="procent",
        baseline_value=70, target_value=80,
    )
    CriterionEstateValue.objects.create(criterion=criterion, plan_estate=estates["Sydhaven"],
                                        baseline_value=61, target_value=72)

    board = Forum.objects.create(plan=plan, name="Bestyrelsen for Nord og Syd",
                                 kind="bestyrelse", order=0)
    ForumMember.objects.create(forum=board, organisation="Boligforeningen Nord",
                               title="Direktør", role="formandskab")
    ForumMember.objects.create(forum=board, organisation="Midtby Kommune",
                               title="Repræsentant for kommunen", role="formandskab")
    group = Forum.objects.create(plan=plan, name=LONG_FORUM, kind="koordinationsgruppe",
                                 parent=board, order=1)
    Forum.objects.create(plan=plan, name="Arbejdsgruppen for nattevandring",
                         kind="arbejdsgruppe", parent=group, order=2)
    Forum.objects.create(plan=plan, name="Beboerpanelet", kind="andet", order=3)
    member = StaffMember.objects.create(plan=plan, title="Boligsocial leder", order=0)
    StaffMember.objects.create(plan=plan, name="N.N.", title="Boligsocial medarbejder", order=1)
    EstateShare.objects.create(plan_estate=estates["Nordparken"], staff_member=member,
                               share_percent=60)
    EstateShare.objects.create(plan_estate=estates["Østervang"], staff_member=member,
                               share_percent=40, order=1)
    return plan
