import datetime

import factory
from django.contrib.auth import get_user_model

from plans.models import (
    AreaCriterion,
    Delaftale,
    DelaftaleParty,
    FocusArea,
    Forum,
    ForumMember,
    Goal,
    Membership,
    Organisation,
    Plan,
    PlanParty,
    RuleSet,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"bruger{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    password = factory.django.Password("hemmeligt-kodeord-42")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Boligselskabet {n}")
    kind = Organisation.Kind.HOUSING


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Helhedsplan {n}")
    area_name = factory.Sequence(lambda n: f"Område {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    rule_set = factory.LazyFunction(lambda: RuleSet.objects.get(code="lbf-2015-18"))
    period_start = datetime.date(2020, 4, 1)
    period_end = datetime.date(2024, 3, 31)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicAgreement

    plan = factory.SubFactory(PlanFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    plan = factory.SubFactory(PlanFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.LEADER


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Indsatsområde {n}")
    slug = factory.Sequence(lambda n: f"omraade-{n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    focus_area = factory.SubFactory(FocusAreaFactory)
    text = factory.Sequence(lambda n: f"Mål {n}")
    order = factory.Sequence(lambda n: n)


class AreaCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaCriterion

    focus_area = factory.SubFactory(FocusAreaFactory)
    text = "Flere unge i fritidsjob"
    baseline = "Baseline 2018: 27,8 %"
    data_source = "Logbog"


class DelaftaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delaftale

    focus_area = factory.SubFactory(FocusAreaFactory)


class PlanPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanParty

    plan = factory.SubFactory(PlanFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PlanParty.Role.HOUSING


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PlanPartyFactory, plan=factory.SelfAttribute("..agreement.plan"))
    signer_name = "Direktør Dorte"


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    plan = factory.SubFactory(PlanFactory)
    name = "Bestyrelsen"
    kind = Forum.Kind.BOARD


class ForumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMember

    forum = factory.SubFactory(ForumFactory)
    name = "Formand Frida"
    role = ForumMember.Role.CHAIR


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    plan = factory.SubFactory(PlanFactory)
    name = "Sara Sekretariat"
    title = "Boligsocial leder"


class StaffResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffResource

    delaftale = factory.SubFactory(DelaftaleFactory)
    role = "Boligsocial netværksmedarbejder"
    share_percent = 75


class DelaftalePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelaftaleParty

    delaftale = factory.SubFactory(DelaftaleFactory)
    name = "Afdelingsleder Anna"
    organisation = "Gladsaxe Kommune, SSP"
    title = "afdelingsleder"
