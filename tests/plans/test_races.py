"""Races with real threads on the database in use (issue 17, point 3): an invitation is redeemed
exactly once, however many people press accept at the same moment."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from plans.models import Invitation, Membership

ACCEPTORS = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_simultaneous_acceptances_of_one_invitation_one_wins(monkeypatch):
    """Five people open the same invitation link and press accept at once, each with their
    own user name. The membership write is slowed down inside the transaction, so without the
    lock on the invitation every one of them would pass the 'not used yet' check."""
    from django.db import connection

    from tests.conftest import build_filled_plan

    plan = build_filled_plan()
    invitation = Invitation.objects.create(
        plan=plan, email="ny@example.dk", role=Membership.Role.LEADER, token="t" * 40
    )
    url = reverse("invitation_accept", args=[invitation.token])
    clients = [Client() for _ in range(ACCEPTORS)]
    for client in clients:
        assert client.get(url).status_code == 200

    original_save = Membership.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.3)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Membership, "save", slow_save)
    start = threading.Barrier(ACCEPTORS)
    results: dict[int, int] = {}

    def accept(number: int) -> None:
        try:
            start.wait()
            password = "langt-og-godt-kodeord-42"
            response = clients[number].post(
                url,
                {"username": f"person{number}", "password1": password, "password2": password},
            )
            results[number] = response.status_code
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's number
            results[number] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(ACCEPTORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results.values(), key=str)[:1] == [302], results
    assert list(results.values()).count(302) == 1, results
    assert all(status in (302, 400, 404) for status in results.values()), results
    assert get_user_model().objects.filter(email="ny@example.dk").count() == 1
    assert plan.memberships.filter(user__email="ny@example.dk").count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
