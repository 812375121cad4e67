import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from activities.models import (
    Activity,
    ActivityGoal,
    ComparisonValue,
    Measurement,
    Milestone,
    SuccessCriterion,
    TargetGroup,
)
from plans.models import (
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
from plans.sections import sections_create_from_template


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"bruger{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    password = factory.django.Password("hemmeligt-kodeord-42")


def may_create_plans(user):
    """Give `user` the right to start plans (the admin's "Can add plan" permission)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="plans", codename="add_plan")
    )
    return user


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
    """With its rule set's sections, as `plans.services.plan_create` starts it."""

    class Meta:
        model = StrategicAgreement
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)

    @factory.post_generation
    def sections(obj, create, extracted, **kwargs):
        if create:
            sections_create_from_template(agreement=obj)


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
    """An area-level succeskriterium (strategic agreement section 5 and the delaftale)."""

    class Meta:
        model = SuccessCriterion

    focus_area = factory.SubFactory(FocusAreaFactory)
    text = "Andelen af 20-24-årige med kun grundskole falder"
    kind = SuccessCriterion.Kind.PERCENTAGE
    direction = SuccessCriterion.Direction.DOWN
    baseline_value = Decimal("27.8")
    baseline_period = "2018"
    target_kind = SuccessCriterion.TargetKind.POINTS
    target_value = Decimal("3")
    target_year = 2023
    data_source = "Boligsociale data, LBF"


class DelaftaleFactory(factory.django.DjangoModelFactory):
    """With its rule set's sections, as `plans.services.delaftale_create` starts it."""

    class Meta:
        model = Delaftale
        skip_postgeneration_save = True

    focus_area = factory.SubFactory(FocusAreaFactory)

    @factory.post_generation
    def sections(obj, create, extracted, **kwargs):
        if create:
            sections_create_from_template(delaftale=obj)


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


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    delaftale = factory.SubFactory(DelaftaleFactory)
    name = factory.Sequence(lambda n: f"Aktivitet {n}")
    order = factory.Sequence(lambda n: n)


class ActivityGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityGoal

    activity = factory.SubFactory(ActivityFactory)
    text = "Flere unge får fritidsjob"


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    activity = factory.SubFactory(ActivityFactory)
    text = "Unge 13-17 år i området"


class ActivityCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessCriterion

    activity = factory.SubFactory(ActivityFactory)
    text = "10 unge får ordinært fritidsjob"
    kind = SuccessCriterion.Kind.COUNT
    baseline_value = Decimal("0")
    target_value = Decimal("10")
    target_year = 2023
    data_source = "Logbog"


class ComparisonValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparisonValue

    criterion = factory.SubFactory(AreaCriterionFactory)
    label = "Gladsaxe Kommune"
    value = Decimal("15.6")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    criterion = factory.SubFactory(ActivityCriterionFactory)
    value = Decimal("4")
    measured_on = datetime.date(2021, 12, 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(PlanFactory)
    title = "10 unge tilknyttet lommepengeprojektet"
    due_year = 2021
    due_quarter = 2
