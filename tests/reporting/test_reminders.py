"""Deadlines and reminder e-mails (issue 18, point 3), with a frozen clock: `today` is passed
in, as the daily timer's run passes the real one."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from activities.models import Measurement
from plans.models import Membership, PlanDeadline, SentReminder
from reporting.reminders import deadlines_get, reminders_send
from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    MembershipFactory,
)

# The plan runs 1 April 2020 - 31 March 2024 (PlanFactory); the accounts for 2021 are due at
# LBF on 30 June 2022, so with 14 reminder days the reminder goes out on 16 June 2022.
DAY_BEFORE = datetime.date(2022, 6, 16)
DUE_DAY = datetime.date(2022, 6, 30)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://helhedsplan.example.dk"


@pytest.fixture
def setup(plan, leader, staff, board):
    """A leder, a medarbejder responsible for an activity whose criterion is due on 20 June,
    a board member responsible for the plan's own deadline on 16 June, and a second leder
    without an e-mail address."""
    MembershipFactory(plan=plan, role=Membership.Role.LEADER, user__email="")
    staff_membership = plan.memberships.get(user=staff)
    area = FocusAreaFactory(plan=plan)
    activity = ActivityFactory(delaftale=DelaftaleFactory(focus_area=area),
                               responsible=staff_membership)
    criterion = ActivityCriterionFactory(activity=activity,
                                         next_measurement_due=datetime.date(2022, 6, 20))
    own = PlanDeadline.objects.create(plan=plan, title="Midtvejsevaluering til bestyrelsen",
                                      due=DAY_BEFORE, responsible=plan.memberships.get(user=board))
    PlanDeadline.objects.create(plan=plan, title="Senere frist", due=datetime.date(2022, 8, 1))
    return {"criterion": criterion, "own": own, "activity": activity}


def _by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def _path(body: str) -> str:
    url = re.search(r"https://helhedsplan\.example\.dk(\S+)", body)[1]
    return url.split("#")[0]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_exactly_the_due_reminders_go_out_once_to_the_right_people(
    plan, leader, staff, board, setup
):
    sent = reminders_send(today=DAY_BEFORE)

    messages = _by_recipient()
    assert sent == 3
    assert set(messages) == {leader.email, staff.email, board.email}
    assert "Regnskab og reguleringskontoopgørelse for 2021 sendt til LBF" in (
        messages[leader.email].subject)
    assert "30. juni 2022, om 14 dage" in messages[leader.email].body
    assert "10 unge får ordinært fritidsjob" in messages[staff.email].subject
    assert messages[board.email].subject == (
        "Frist i dag: Midtvejsevaluering til bestyrelsen")
    for message in mail.outbox:  # the plan is named once, in the body
        assert (message.subject + message.body).count(plan.name) == 1

    assert reminders_send(today=DAY_BEFORE) == 0  # the timer ran twice: nothing again
    assert len(mail.outbox) == 3
    assert SentReminder.objects.count() == 3


def test_every_link_opens_the_exact_page_for_its_recipient(plan, leader, staff, board, setup):
    reminders_send(today=DAY_BEFORE)
    messages = _by_recipient()

    budget = _path(messages[leader.email].body)
    activity = _path(messages[staff.email].body)
    own = _path(messages[board.email].body)

    assert budget == f"/planer/{plan.slug}/budget/"
    assert activity == f"/planer/{plan.slug}/aktivitet/{setup['activity'].pk}/"
    assert f"#criterion-{setup['criterion'].pk}" in messages[staff.email].body
    assert f"#frist-{setup['own'].pk}" in messages[board.email].body
    assert _client(leader).get(budget).status_code == 200
    page = _client(staff).get(activity)
    assert page.status_code == 200
    assert f'id="criterion-{setup["criterion"].pk}"' in page.content.decode()
    page = _client(board).get(own)
    assert f'id="frist-{setup["own"].pk}"' in page.content.decode()


def test_on_the_day_a_second_reminder_and_no_more(plan, leader, setup):
    reminders_send(today=DAY_BEFORE)
    mail.outbox.clear()

    reminders_send(today=DUE_DAY)
    reminders_send(today=DUE_DAY)

    assert [m.subject for m in mail.outbox] == [
        "Frist i dag: Regnskab og reguleringskontoopgørelse for 2021 sendt til LBF"]
    assert mail.outbox[0].to == [leader.email]


def test_days_between_send_nothing(plan, setup):
    reminders_send(today=DAY_BEFORE)
    mail.outbox.clear()

    for day in range(17, 30):
        if day == 20:
            continue  # the criterion's measurement is due that day
        reminders_send(today=datetime.date(2022, 6, day))

    assert mail.outbox == []


def test_a_measurement_made_in_time_stops_the_reminder(plan, staff, setup):
    Measurement.objects.create(criterion=setup["criterion"], value=3,
                               measured_on=datetime.date(2022, 6, 10))

    reminders_send(today=DAY_BEFORE)

    assert staff.email not in _by_recipient()


def test_the_number_of_reminder_days_is_the_plans(plan, leader, setup):
    plan.reminder_days = 30
    plan.save()

    reminders_send(today=datetime.date(2022, 6, 1))  # 29 days before 30 June

    assert any("Regnskab" in m.subject for m in mail.outbox)


def test_a_closed_plan_reminds_no_one_and_other_plans_keep_their_own(plan, setup, outsider):
    plan.status = "afsluttet"
    plan.save()

    reminders_send(today=DAY_BEFORE)

    # The outsider leads another plan with the same period: its accounts are due too.
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert plan.name not in mail.outbox[0].body
    assert outsider.plan_memberships.get().plan.name in mail.outbox[0].body


def test_the_rule_sets_deadlines_are_data(plan):
    deadline = plan.rule_set.deadlines.get(text__startswith="Regnskab")
    deadline.month, deadline.day = 5, 1
    deadline.save()

    found = deadlines_get(plan=plan, since=datetime.date(2022, 1, 1),
                          until=datetime.date(2022, 12, 31))

    accounts = [d for d in found if d.text.startswith("Regnskab")]
    assert [d.due for d in accounts] == [datetime.date(2022, 5, 1)]
    milestones = [d for d in found if d.text.startswith("Milepælsplan")]
    assert [d.text for d in milestones] == ["Milepælsplan for 2023 godkendt af bestyrelsen"]


def test_the_command_sends_as_of_a_given_day(plan, leader, setup, capsys):
    call_command("send_reminders", "--date", "2022-06-16")

    assert "3 reminder(s) sent for 16.06.2022" in capsys.readouterr().out
    assert len(mail.outbox) == 3


def test_deadlines_page_lists_them_with_who_is_responsible(plan, leader_client, setup):
    page = leader_client.get(f"/planer/{plan.slug}/frister/").content.decode()

    assert "Midtvejsevaluering til bestyrelsen" in page
    assert "Senere frist" in page


def test_the_task_workers_housekeeping_sends_the_due_reminders(monkeypatch, settings):
    """Reminders are sent by the queue's workers (each hour), not only by a timer."""
    import threading

    from reporting import reminders, services
    from reporting.management.commands import db_worker

    calls = []
    monkeypatch.setattr(reminders, "reminders_send", lambda *, today: calls.append(today))
    monkeypatch.setattr(services, "jobs_recover", lambda: 0)
    monkeypatch.setattr(services, "documents_cleanup", lambda: {})
    stop = threading.Event()
    stop.set()  # one round, then stop

    settings.REMINDERS_FROM_WORKERS = True
    db_worker.housekeeping(stop)
    assert calls == [timezone.localdate()]

    settings.REMINDERS_FROM_WORKERS = False
    db_worker.housekeeping(stop)
    assert len(calls) == 1
