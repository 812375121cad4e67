"""Signing in: Argon2 hashes, the login throttle (django-axes), session lifetime, deactivation
and password reset by e-mail.

- user:  has an account with the factory's password; signs in, fails, is locked out.
- other: another account, signing in from the same address as the locked-out user.
"""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from helhedsplan import security
from helhedsplan.accounts import user_deactivate

from .factories import UserFactory

LOGIN = "/konto/log-ind/"
PASSWORD = "hemmeligt-kodeord-42"
PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- Password hashing -----------------------------------------------------------------------


def test_new_passwords_are_hashed_with_argon2(settings, user):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS

    user.set_password("et-nyt-kodeord-2024")

    assert user.password.startswith("argon2$")


def test_old_pbkdf2_hash_still_signs_in_and_is_upgraded_to_argon2(settings, user):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()

    response = sign_in(Client(), user.username, PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


# --- Login throttle -------------------------------------------------------------------------


def test_four_wrong_passwords_answer_with_the_form_again(user):
    client = Client()
    for _ in range(4):
        response = sign_in(client, user.username, "forkert")
        assert response.status_code == 200
        assert "Brugernavnet eller adgangskoden er forkert" in response.content.decode()


def test_sixth_failed_sign_in_from_one_address_gets_429(user):
    client = Client()
    statuses = [sign_in(client, user.username, "forkert").status_code for _ in range(6)]

    # The fifth failure locks the user name at this address; its answer already says so.
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_locked_out_user_is_refused_even_with_the_right_password(user):
    client = Client()
    for _ in range(5):
        sign_in(client, user.username, "forkert")

    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "15 minutter" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_affect_another_user_from_the_same_address(user):
    other = UserFactory()
    for _ in range(6):
        sign_in(Client(), user.username, "forkert")

    response = sign_in(Client(), other.username, PASSWORD)

    assert response.status_code == 302


def test_lockout_does_not_affect_the_user_from_another_address(user):
    for _ in range(6):
        sign_in(Client(), user.username, "forkert", address="192.0.2.10")

    response = sign_in(Client(), user.username, PASSWORD, address="198.51.100.7")

    assert response.status_code == 302


def test_lockout_ends_after_15_minutes(user):
    for _ in range(6):
        sign_in(Client(), user.username, "forkert")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))

    response = sign_in(Client(), user.username, PASSWORD)

    assert response.status_code == 302


def test_still_locked_just_before_15_minutes(user):
    for _ in range(6):
        sign_in(Client(), user.username, "forkert")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))

    assert sign_in(Client(), user.username, PASSWORD).status_code == 429


def test_successful_sign_in_resets_the_count(user):
    for _ in range(4):
        sign_in(Client(), user.username, "forkert")
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302

    statuses = [sign_in(Client(), user.username, "forkert").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


def test_client_address_comes_from_the_trusted_proxy(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )

    # The client can write anything left of what our proxy appended.
    assert security.client_ip(request) == "198.51.100.7"


def test_client_address_ignores_forwarded_for_without_a_trusted_proxy(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert security.client_ip(request) == "198.51.100.7"


# --- Session lifetime -----------------------------------------------------------------------


def _age_session(client, *, started_ago: int, seen_ago: int) -> None:
    now = int(time.time())
    session = client.session
    session[security.SESSION_STARTED] = now - started_ago
    session[security.SESSION_SEEN] = now - seen_ago
    session.save()


def test_active_session_within_both_limits_stays_signed_in(settings, leader_client):
    _age_session(
        leader_client,
        started_ago=settings.SESSION_LIFETIME - 60,
        seen_ago=settings.SESSION_IDLE_TIMEOUT - 60,
    )

    assert leader_client.get("/planer/").status_code == 200


def test_idle_session_is_signed_out(settings, leader_client):
    _age_session(leader_client, started_ago=600, seen_ago=settings.SESSION_IDLE_TIMEOUT + 1)

    response = leader_client.get("/planer/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in leader_client.session


def test_session_is_signed_out_at_its_absolute_lifetime_however_active(settings, leader_client):
    _age_session(leader_client, started_ago=settings.SESSION_LIFETIME + 1, seen_ago=10)

    response = leader_client.get("/planer/", follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "Du er blevet logget ud af sikkerhedshensyn" in response.content.decode()


def test_signing_in_starts_the_session_clock(user):
    client = Client()
    before = int(time.time())

    sign_in(client, user.username, PASSWORD)

    assert client.session[security.SESSION_STARTED] >= before


def test_session_limits_come_from_the_environment():
    from tests.test_security import _run

    result = _run(
        ["-c", "import helhedsplan.settings as s; "
               "print(s.SESSION_IDLE_TIMEOUT, s.SESSION_LIFETIME, s.SESSION_COOKIE_AGE)"],
        DEBUG="1", SESSION_IDLE_MINUTES="15", SESSION_LIFETIME_HOURS="8",
    )

    assert result.stdout.split() == ["900", "28800", "28800"]


# --- Deactivation -----------------------------------------------------------------------------


def test_deactivated_user_is_signed_out_on_the_next_request(leader, leader_client):
    """Django's ModelBackend refuses inactive users' sessions, however they were deactivated."""
    leader.is_active = False
    leader.save()

    response = leader_client.get("/planer/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_deactivating_a_user_deletes_every_session_of_theirs(leader, leader_client):
    second_browser = Client()
    second_browser.force_login(leader)
    someone_else = Client()
    someone_else.force_login(UserFactory())

    ended = user_deactivate(user=leader)

    assert ended == 2
    assert Session.objects.count() == 1
    leader.is_active = True
    leader.save()  # reactivated later: the old sessions stay ended
    assert leader_client.get("/planer/").status_code == 302


def test_admin_action_deactivates_and_signs_out(leader, leader_client):
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = admin.post(
        "/admin/auth/user/",
        {"action": "deactivate", "_selected_action": [leader.pk]},
        follow=True,
    )

    assert response.status_code == 200
    leader.refresh_from_db()
    assert leader.is_active is False
    assert leader_client.get("/planer/").status_code == 302


def test_unticking_active_in_the_admin_signs_the_user_out(leader, leader_client):
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = admin.post(
        f"/admin/auth/user/{leader.pk}/change/",
        {
            "username": leader.username,
            "email": leader.email,
            "date_joined_0": "2024-01-01",
            "date_joined_1": "12:00:00",
        },  # an unticked checkbox is not sent
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    leader.refresh_from_db()
    assert leader.is_active is False
    assert not Session.objects.filter(session_key=leader_client.session.session_key).exists()


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_by_email_sets_a_new_password(user):
    client = Client()

    response = client.post("/konto/adgangskode/glemt/", {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == "/konto/adgangskode/glemt/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Vælg en ny adgangskode til Helhedsplan"
    link = re.search(r"http://testserver(/konto/adgangskode/ny/\S+)", message.body).group(1)

    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    response = client.post(
        form_url, {"new_password1": "Solsikke-Marts-2031", "new_password2": "Solsikke-Marts-2031"}
    )

    assert response["Location"] == "/konto/adgangskode/ny/faerdig/"
    assert sign_in(Client(), user.username, "Solsikke-Marts-2031").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db):
    response = Client().post("/konto/adgangskode/glemt/", {"email": "ukendt@example.dk"})

    assert response["Location"] == "/konto/adgangskode/glemt/sendt/"
    assert mail.outbox == []


def test_used_reset_link_says_so_in_danish(user):
    response = Client().get("/konto/adgangskode/ny/MQ/forkert-token/")

    assert response.status_code == 200
    assert "Linket virker ikke længere" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/konto/log-ind/", "/konto/adgangskode/glemt/", "/konto/adgangskode/glemt/sendt/",
            "/konto/adgangskode/ny/faerdig/"],
)
def test_account_pages_are_danish(url, db):
    response = Client().get(url)

    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()
