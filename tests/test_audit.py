"""The audit log: sign-ins, failed sign-ins, lockouts and permission denials as JSON lines in
UTC, naming the user by id only."""

import json
import logging

import pytest
from django.test import Client

from helhedsplan.audit import audit_event
from helhedsplan.logs import JsonFormatter

LOGIN = "/konto/log-ind/"
ADDRESS = "192.0.2.44"


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO)

    def events():
        return [r for r in caplog.records if r.name == "helhedsplan.audit"]

    return events


def _sign_in(username, password):
    return Client().post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ADDRESS
    )


def _lines(records) -> str:
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in records)


def test_sign_in_is_logged_with_the_user_id(user, audit):
    _sign_in(user.username, "hemmeligt-kodeord-42")

    [record] = audit()
    assert (record.event, record.user_id) == ("sign_in", user.pk)


def test_failed_sign_in_names_the_account_by_id_only(user, audit):
    _sign_in(user.username, "forkert")

    [record] = audit()
    assert (record.event, record.user_id) == ("sign_in_failed", user.pk)
    line = _lines([record])
    for personal in (user.username, user.email, ADDRESS, "forkert"):
        assert personal not in line


def test_failed_sign_in_with_an_unknown_user_name_names_no_account(db, audit):
    _sign_in("maria.jensen@example.dk", "forkert")

    [record] = audit()
    assert (record.event, record.user_id) == ("sign_in_failed", None)
    assert "maria" not in _lines([record])


def test_lockout_is_logged(user, audit):
    for _ in range(5):
        _sign_in(user.username, "forkert")

    assert ("sign_in_locked_out", user.pk) in [(r.event, r.user_id) for r in audit()]


def test_permission_denial_is_logged_with_user_and_path(filled_plan, reader, reader_client, audit):
    url = f"/planer/{filled_plan.slug}/rediger/"

    assert reader_client.get(url).status_code == 403

    [record] = [r for r in audit() if r.event == "permission_denied"]
    assert (record.user_id, record.method, record.path) == (reader.pk, "GET", url)


def test_sign_out_is_logged(leader, leader_client, audit):
    leader_client.post("/konto/log-ud/")

    assert [(r.event, r.user_id) for r in audit()] == [("sign_out", leader.pk)]


def test_axes_writes_nothing_with_user_names_or_addresses(user, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(6):
        _sign_in(user.username, "forkert")

    assert not [r for r in caplog.records if r.name.startswith("axes")]


def test_log_lines_are_json_in_utc(caplog):
    caplog.set_level(logging.INFO)

    audit_event("approval", user_id=7, plan_id=3, object_type="delaftale", object_id=12)

    entry = json.loads(_lines(caplog.records))
    assert entry["time"].endswith("Z")
    assert entry == {
        "time": entry["time"], "level": "INFO", "logger": "helhedsplan.audit",
        "message": "approval", "event": "approval", "user_id": 7, "plan_id": 3,
        "object_type": "delaftale", "object_id": 12,
    }


def test_audit_event_refuses_fields_outside_the_list():
    with pytest.raises(ValueError, match="email"):
        audit_event("sign_in", user_id=1, email="a@example.dk")


def test_request_in_a_log_record_is_not_written_out(rf):
    request = rf.get("/planer/", REMOTE_ADDR=ADDRESS, HTTP_COOKIE="__Host-sessionid=hemmelig")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s",
                               ("/planer/",), None)
    record.request = request
    record.status_code = 404

    line = _lines([record])

    assert json.loads(line)["status_code"] == 404
    assert ADDRESS not in line and "hemmelig" not in line
