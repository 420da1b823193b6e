from django.contrib.sessions.models import Session
from django.urls import reverse

from palabre.accounts.middleware import REFRESHED_KEY


def stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_read_soon_after_login_writes_nothing_to_the_session(login, coordinator):
    client = login(coordinator)
    before = stored_expiry(client)
    client.get(reverse("cases:list"))
    assert stored_expiry(client) == before


def test_activity_after_a_few_minutes_pushes_the_idle_limit_back(login, coordinator, settings):
    client = login(coordinator)
    session = client.session
    session[REFRESHED_KEY] = session[REFRESHED_KEY] - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    before = stored_expiry(client)
    client.get(reverse("cases:list"))
    assert stored_expiry(client) > before
    assert client.session[REFRESHED_KEY] > session[REFRESHED_KEY]


def test_an_anonymous_visit_creates_no_session(client, db):
    client.get(reverse("accounts:login"))
    assert not Session.objects.exists()
