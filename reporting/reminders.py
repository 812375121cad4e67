"""Deadlines and the reminder e-mails about them (issue #18, point 3).

A plan's deadlines are the yearly reports its rule set asks for (`RuleSetDeadline`, data), the
plan's own (`PlanDeadline`) and the measurements due on its success criteria. Each has the
people responsible and the page where the work is done. `reminders_send` e-mails them
`plan.reminder_days` before and on the day; `python manage.py send_reminders` runs it once a
day (deploy/helhedsplan-reminders.timer). Every sent e-mail is recorded (`SentReminder`), so a
second run on the same day, or a run after a missed day, sends nothing twice.

`reminders_send` is a plain function of `today`, so that it can be wrapped as a task on the
task queue as it is.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import SuccessCriterion
from activities.selectors import MEASUREMENTS
from plans.models import (
    DeadlinePage,
    Membership,
    Plan,
    RuleSetDeadline,
    SentReminder,
)
from plans.selectors import plan_years

logger = logging.getLogger(__name__)

HORIZON = datetime.timedelta(days=365)


@dataclass
class Deadline:
    """One thing due on one date, who answers for it and where it is done."""

    due: datetime.date
    text: str
    responsible: str  # as the page shows it: a role or a person
    url: str  # the page, without scheme and host
    key: str  # what the reminder is about, e.g. "frist:3:2022"
    users: list = field(default_factory=list, repr=False)  # who is reminded

    def days_left(self, today: datetime.date) -> int:
        return (self.due - today).days


def _members(plan: Plan) -> list[Membership]:
    return list(plan.memberships.select_related("user"))


def _person(membership: Membership) -> str:
    user = membership.user
    return user.get_full_name() or user.get_username()


def _page_url(plan: Plan, page: str, year: int) -> str:
    years = plan_years(plan)
    slug = plan.slug
    if page == DeadlinePage.RESULTS and year in years:
        return reverse("reporting:preview", args=[slug, f"results:{year}"])
    if page == DeadlinePage.MILESTONES and year + 1 in years:
        return reverse("activities:milestone_plan_year", args=[slug, year + 1])
    if page == DeadlinePage.BUDGET:
        return reverse("activities:budget", args=[slug])
    return reverse("reporting:documents", args=[slug])


def _yearly(plan, members, since, until) -> list[Deadline]:
    found = []
    rules = RuleSetDeadline.objects.filter(rule_set_id=plan.rule_set_id)
    last = plan.period_end.year
    role_label = dict(Membership.Role.choices)
    for rule in rules:
        for year in range(plan.period_start.year, last + 1):
            if rule.not_in_last_year and year == last:
                continue
            try:
                due = datetime.date(year + rule.year_offset, rule.month, rule.day)
            except ValueError:  # 31 June typed into the rule set: the month's last day
                due = datetime.date(year + rule.year_offset, rule.month % 12 + 1, 1) - (
                    datetime.timedelta(days=1)
                )
            if not since <= due <= until:
                continue
            found.append(Deadline(
                due=due,
                text=rule.text.replace("{year}", str(year)).replace("{next_year}", str(year + 1)),
                responsible=str(role_label.get(rule.responsible_role, rule.responsible_role)),
                url=_page_url(plan, rule.page, year),
                key=f"frist:{rule.pk}:{year}",
                users=[m.user for m in members if m.role == rule.responsible_role],
            ))
    return found


def _own(plan, members, since, until, with_users=True) -> list[Deadline]:
    url = ""  # the deadlines page, reversed for the first deadline (most plans have none)
    leaders = [m.user for m in members if m.role == Membership.Role.LEADER]
    found = []
    own = plan.own_deadlines.filter(due__range=(since, until)).select_related("responsible__user")
    if not with_users:  # shown, not sent: the names only
        own = own.only("due", "title", "responsible", "responsible__user",
                       "responsible__user__first_name",
                       "responsible__user__last_name", "responsible__user__username")
    for deadline in own:
        url = url or reverse("reporting:deadlines", args=[plan.slug])
        person = deadline.responsible
        found.append(Deadline(
            due=deadline.due,
            text=deadline.title,
            responsible=_person(person) if person else str(Membership.Role.LEADER.label),
            url=f"{url}#frist-{deadline.pk}",
            key=f"egen:{deadline.pk}",
            users=[person.user] if person else leaders,
        ))
    return found


def _measurements(plan, members, since, until, criteria=None) -> list[Deadline]:
    """A criterion's next measurement (or its baseline, while unknown) falls due; one measured
    within the reminder days before the date counts as done. `criteria`: the plan's criteria
    in their order, with `activity__responsible__user` and their measurements, when the
    caller has read them (the dashboard): no query then."""
    leaders = [m.user for m in members if m.role == Membership.Role.LEADER]
    if criteria is None:
        criteria = SuccessCriterion.objects.filter(
            Q(focus_area__plan=plan) | Q(activity__delaftale__focus_area__plan=plan)
        ).filter(
            Q(next_measurement_due__range=(since, until))
            | Q(baseline_value__isnull=True, baseline_due__range=(since, until))
        ).select_related(
            "activity__responsible__user", "focus_area", "activity__delaftale__focus_area"
        )
        criteria = list(criteria.prefetch_related(MEASUREMENTS))
    found = []
    for criterion in criteria:
        dates = []
        if criterion.next_measurement_due and since <= criterion.next_measurement_due <= until:
            dates.append((criterion.next_measurement_due, "maaling"))
        if (criterion.baseline_value is None and criterion.baseline_due
                and since <= criterion.baseline_due <= until):
            dates.append((criterion.baseline_due, "baseline"))
        if not dates:
            continue
        if criterion.activity_id:
            url = reverse("activities:activity_detail", args=[plan.slug, criterion.activity_id])
            owner = criterion.activity.responsible
        else:
            url = reverse("activities:focus_area_detail",
                          args=[plan.slug, criterion.focus_area.slug])
            owner = None
        for due, what in dates:
            window_start = due - datetime.timedelta(days=plan.reminder_days)
            if any(m.measured_on >= window_start for m in criterion.measurement_rows):
                continue
            text = (_("Measure: %(criterion)s") if what == "maaling"
                    else _("Measure the baseline: %(criterion)s"))
            found.append(Deadline(
                due=due,
                text=text % {"criterion": _short(criterion.text)},
                responsible=_person(owner) if owner else str(Membership.Role.LEADER.label),
                url=f"{url}#criterion-{criterion.pk}",
                key=f"{what}:{criterion.pk}",
                users=[owner.user] if owner else leaders,
            ))
    return found


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def deadlines_get(
    *,
    plan: Plan,
    since: datetime.date,
    until: datetime.date | None = None,
    criteria: list[SuccessCriterion] | None = None,
    with_users: bool = True,
) -> list[Deadline]:
    """Every deadline of the plan from `since` to `until` (a year on by default), soonest first;
    LBF withholds payments when the accounts are late, so the yearly ones come first on a
    date. A page that only shows them passes `with_users=False` (who is reminded is not
    read: `users` stay empty) and may pass the plan's `criteria` it has read (see
    `_measurements`)."""
    until = until or since + HORIZON
    members = _members(plan) if with_users else []
    found = (_yearly(plan, members, since, until) + _own(plan, members, since, until, with_users)
             + _measurements(plan, members, since, until, criteria))
    order = {"frist": 0, "egen": 1}
    return sorted(found, key=lambda d: (d.due, order.get(d.key.split(":")[0], 2), d.text))


# --- Sending ----------------------------------------------------------------------------------


def _message(plan: Plan, deadline: Deadline, today: datetime.date) -> tuple[str, str]:
    days = deadline.days_left(today)
    date = formats.date_format(deadline.due, "DATE_FORMAT")
    if days == 0:
        subject = _("Due today: %(text)s") % {"text": deadline.text}
        when = _("The deadline is today, %(date)s.") % {"date": date}
    else:
        subject = _("Reminder: %(text)s") % {"text": deadline.text}
        when = ngettext(
            "The deadline is %(date)s, in %(days)s day.",
            "The deadline is %(date)s, in %(days)s days.",
            days,
        ) % {"date": date, "days": days}
    body = "\n\n".join([
        # The plan is named once, here; the subject and the rest say what is due.
        _("In %(plan)s:") % {"plan": plan.name},
        f"{deadline.text}\n{when}\n" + _("Responsible: %(who)s") % {"who": deadline.responsible},
        _("Open the page: %(url)s") % {"url": settings.SITE_URL + deadline.url},
        _("You receive this reminder because you are responsible for it in the plan."),
    ])
    return subject, body


def reminders_send(*, today: datetime.date, plans=None) -> int:
    """Send the reminders due `today` for every running or draft plan (or `plans`): one
    `plan.reminder_days` before a deadline (or the first day after that, for a deadline added
    late) and one on the day. Returns the number of e-mails sent."""
    if plans is None:
        plans = Plan.objects.exclude(status=Plan.Status.CLOSED).select_related("rule_set")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for plan in plans:
            until = today + datetime.timedelta(days=plan.reminder_days)
            for deadline in deadlines_get(plan=plan, since=today, until=until):
                kind = (SentReminder.Kind.ON_THE_DAY if deadline.due == today
                        else SentReminder.Kind.BEFORE)
                for user in {u.pk: u for u in deadline.users}.values():
                    if user.email and user.is_active and _send_once(
                        plan, deadline, user, kind, today
                    ):
                        sent += 1
    return sent


def _send_once(plan, deadline, user, kind, today) -> bool:
    """Record and send in one transaction: when the mail server fails, the record is undone
    and tomorrow's run tries again; when the record exists, nothing is sent."""
    try:
        with transaction.atomic():
            _record, created = SentReminder.objects.get_or_create(
                user=user, key=deadline.key, due=deadline.due, kind=kind,
                defaults={"plan": plan},
            )
            if not created:
                return False
            subject, body = _message(plan, deadline, today)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:  # another run recorded it first
        return False
    except OSError:
        logger.exception("Reminder %s to user %s not sent", deadline.key, user.pk)
        return False
    return True


__all__ = ["Deadline", "deadlines_get", "reminders_send"]
