"""Idle sessions end after SESSION_IDLE_SECONDS (30 minutes by default), measured on a fixed
clock; the warning dialog knows how long is left; asking does not count as activity."""

import json

from django.contrib.sessions.models import Session
from django.urls import reverse

from palabre.accounts.sessions import REFRESHED_KEY
from palabre.accounts.tests.conftest import LOGIN, MORNING, is_logged_in

STATUS = reverse("accounts:session_status")
STAY = reverse("accounts:session_stay")


def stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_default_idle_limit_is_30_minutes_with_a_refresh_step_well_below_it():
    from config import settings as defaults

    assert defaults.SESSION_IDLE_SECONDS == 30 * 60
    assert defaults.SESSION_REFRESH_SECONDS * 10 <= defaults.SESSION_IDLE_SECONDS
    assert 0 < defaults.SESSION_IDLE_WARNING_SECONDS < defaults.SESSION_IDLE_SECONDS
    assert defaults.SESSION_COOKIE_AGE > defaults.SESSION_IDLE_SECONDS


def test_a_page_read_soon_after_login_writes_nothing_to_the_session(login, coordinator, clock):
    client = login(coordinator)
    before = stored_expiry(client)
    clock.advance(60)
    client.get(reverse("cases:list"))
    assert stored_expiry(client) == before


def test_activity_after_a_few_minutes_pushes_the_idle_limit_back(
    login, coordinator, settings, clock
):
    client = login(coordinator)
    before = stored_expiry(client)
    clock.advance(settings.SESSION_REFRESH_SECONDS + 1)
    client.get(reverse("cases:list"))
    assert stored_expiry(client) > before
    assert client.session[REFRESHED_KEY] == int(clock.timestamp)


def test_an_anonymous_visit_creates_no_session(client, db):
    client.get(reverse("accounts:login"))
    assert not Session.objects.exists()


def test_a_session_idle_for_the_limit_ends_and_the_login_page_says_why(
    login, coordinator, settings, clock
):
    settings.SESSION_IDLE_SECONDS = 1800
    client = login(coordinator)
    clock.advance(1799)
    assert client.get(reverse("cases:list")).status_code == 200

    clock.advance(1800)
    response = client.get(reverse("cases:list"))

    assert response["Location"] == f"{LOGIN}?next={reverse('cases:list')}"
    assert not is_logged_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Votre session a été fermée après 30 minutes sans activité" in page
    assert "Votre session a été fermée" not in client.get(LOGIN).content.decode()


def test_each_page_keeps_the_session_alive_within_the_refresh_step(
    login, coordinator, settings, clock
):
    client = login(coordinator)
    for _page in range(6):  # an hour and a half of work, a page every quarter of an hour
        clock.advance(15 * 60)
        assert client.get(reverse("cases:list")).status_code == 200
    assert is_logged_in(client)


def test_the_limit_is_configurable(login, coordinator, settings, clock):
    settings.SESSION_IDLE_SECONDS = 600
    settings.SESSION_REFRESH_SECONDS = 60
    client = login(coordinator)

    clock.advance(601)

    assert client.get(reverse("cases:list")).status_code == 302
    assert not is_logged_in(client)


def test_the_status_tells_how_long_is_left_without_counting_as_activity(
    login, coordinator, settings, clock
):
    client = login(coordinator)
    clock.advance(settings.SESSION_REFRESH_SECONDS + 100)

    state = client.get(STATUS).json()

    assert state == {
        "active": True,
        "remaining": settings.SESSION_IDLE_SECONDS - settings.SESSION_REFRESH_SECONDS - 100,
        "idle": settings.SESSION_IDLE_SECONDS,
    }
    assert client.session[REFRESHED_KEY] == int(MORNING.timestamp())
    clock.advance(settings.SESSION_IDLE_SECONDS)
    assert client.get(STATUS).json()["active"] is False
    assert not is_logged_in(client)


def test_the_status_of_an_anonymous_visitor_is_inactive(client, db):
    response = client.get(STATUS)

    assert response.status_code == 200
    assert json.loads(response.content) == {"active": False, "remaining": 0, "idle": 1800}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_staying_connected_pushes_the_limit_back_to_its_full_length(
    login, coordinator, settings, clock
):
    client = login(coordinator)
    clock.advance(settings.SESSION_IDLE_SECONDS - 60)

    state = client.post(STAY, HTTP_ACCEPT="application/json").json()

    assert state["active"] is True and state["remaining"] == settings.SESSION_IDLE_SECONDS
    clock.advance(settings.SESSION_IDLE_SECONDS - 60)
    assert client.get(reverse("cases:list")).status_code == 200


def test_staying_connected_without_javascript_comes_back_to_the_page(login, coordinator, clock):
    client = login(coordinator)

    response = client.post(STAY, {"next": "/dossiers/"})
    assert response["Location"] == "/dossiers/"
    assert client.post(STAY, {"next": "https://evil.example/"})["Location"] == "/"


def test_pages_carry_the_warning_dialog_and_its_script_with_the_time_left(
    login, coordinator, settings, clock
):
    client = login(coordinator)
    clock.advance(settings.SESSION_REFRESH_SECONDS - 1)

    content = client.get(reverse("cases:list")).content.decode()

    remaining = settings.SESSION_IDLE_SECONDS - settings.SESSION_REFRESH_SECONDS + 1
    assert f'data-remaining="{remaining}"' in content
    assert 'role="alertdialog"' in content
    assert "Votre session va expirer dans 2 minutes" in content
    assert "palabre/session-timeout.js" in content
    assert "Rester connecté·e" in content


def test_the_login_page_has_no_warning_dialog(client, db):
    assert "session-timeout" not in client.get(LOGIN).content.decode()


def test_a_refresh_step_too_close_to_the_limit_fails_the_checks(settings):
    from palabre.accounts.checks import session_idle_settings

    assert session_idle_settings() == []
    settings.SESSION_REFRESH_SECONDS = settings.SESSION_IDLE_SECONDS // 2
    settings.SESSION_IDLE_WARNING_SECONDS = settings.SESSION_IDLE_SECONDS
    settings.SESSION_COOKIE_AGE = 60

    assert [error.id for error in session_idle_settings()] == [
        "accounts.E001",
        "accounts.E002",
        "accounts.E003",
    ]
