"""Failed logins do not flood the database nor the log lines (Primero's lesson): a thousand failures
for one account leave a bounded number of rows, the lockout still fires, and no log line names
the e-mail typed or the address of the computer."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from palabre.cases.tests.factories import UserFactory
from palabre.privacy.logins import client_str

LOGIN = reverse("accounts:login")
EMAIL = "marie.dupont@exemple.fr"
FAILURES = 1_000  # the row stops growing at the lockout: a thousand tries show it as well


def _login(client, password, **headers):
    return client.post(LOGIN, {"username": EMAIL, "password": password}, **headers)


def _rows():
    return AccessAttempt.objects.count() + AccessFailureLog.objects.count()


@pytest.fixture
def account(db):
    return UserFactory(email=EMAIL)


def _fail_through_axes(times):
    """What the login form does on each try, without rendering a page: ``authenticate`` with
    the request, through axes' backend and its failure handler."""
    for _attempt in range(times):
        request = RequestFactory().post(LOGIN, {"username": EMAIL, "password": "pas-le-bon"})
        assert authenticate(request, username=EMAIL, password="pas-le-bon") is None


def test_a_thousand_failures_for_one_account_keep_one_row_of_a_fixed_size(client, account):
    _fail_through_axes(settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get()
    size = len(attempt.get_data) + len(attempt.post_data)

    _fail_through_axes(FAILURES - settings.AXES_FAILURE_LIMIT)

    assert _rows() == 1
    attempt.refresh_from_db()
    assert len(attempt.get_data) + len(attempt.post_data) == size
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert AccessLog.objects.count() == 0
    # The lockout still holds, on the login page, with the right password.
    response = client.post(LOGIN, {"username": EMAIL, "password": "palabre-test"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_the_lockout_fires_on_the_login_page_whatever_the_number_of_failures(client, account):
    for _attempt in range(settings.AXES_FAILURE_LIMIT * 20):
        _login(client, "pas-le-bon")

    response = _login(client, "palabre-test")

    assert response.status_code in (403, 429)
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _rows() == 1


def test_failures_from_ever_new_browsers_still_stop_at_the_lockout(client, account):
    """A row per account, address and browser: changing the browser at each try adds rows only
    until the lockout, which counts the account and the address alone."""
    for attempt in range(200):
        _login(client, "pas-le-bon", HTTP_USER_AGENT=f"robot/{attempt}")

    assert _rows() == settings.AXES_FAILURE_LIMIT
    assert _login(client, "palabre-test").status_code in (403, 429)


def test_log_lines_of_failed_logins_name_neither_the_e_mail_nor_the_address(
    client, account, caplog
):
    with caplog.at_level(logging.DEBUG):
        for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
            _login(client, "pas-le-bon", REMOTE_ADDR="203.0.113.77")

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Locking out" in text  # the lockout is logged…
    assert EMAIL not in text  # …under a pseudonym
    assert "marie.dupont" not in text
    assert "203.0.113.77" not in text


def test_the_pseudonym_follows_one_account_and_address_and_tells_others_apart():
    same = client_str(EMAIL, "203.0.113.77", "Firefox", "/compte/connexion/", None)

    assert same == client_str(EMAIL, "203.0.113.77", "Chrome", "/compte/connexion/", None)
    assert same != client_str(EMAIL, "203.0.113.78", "Firefox", "/compte/connexion/", None)
    assert same != client_str("yann@exemple.fr", "203.0.113.77", "Firefox", "/", None)
    assert EMAIL not in same
    assert "203.0.113.77" not in same
