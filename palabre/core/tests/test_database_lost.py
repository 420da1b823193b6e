"""The database lost during a request: a French 503 saying to try again, and the next request
works on a new connection (docs/operations.md, « Pannes »)."""

import html

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

# A real connection is cut or made to fail: each test runs outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

UNAVAILABLE = (
    "Le service est momentanément indisponible : Palabre ne joint plus sa base de données."
)


@pytest.fixture
def browser(coordinator):
    """A logged-in browser that gets error pages as a person would, not as exceptions."""
    client = Client(raise_request_exception=False)
    client.force_login(coordinator.user)
    session = client.session
    session["palabre_membership_id"] = str(coordinator.pk)
    session.save()
    return client


def page():
    return reverse("cases:list")


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = html.unescape(response.content.decode())
    assert UNAVAILABLE in text
    assert '<html lang="fr">' in text


@pytest.mark.postgresql_only
def test_a_connection_cut_by_the_server_gives_the_503_page_then_the_next_request_works(browser):
    assert browser.get(page()).status_code == 200
    backend = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    finally:
        other.close()

    assert_unavailable(browser.get(page()))
    assert browser.get(page()).status_code == 200
    assert connection.connection.info.backend_pid != backend


@pytest.mark.sqlite_only
def test_a_database_file_that_cannot_be_opened_gives_the_503_page_then_work_resumes(
    browser, tmp_path, monkeypatch
):
    assert browser.get(page()).status_code == 200
    connection.close()
    # The file's folder is gone (an unmounted volume): SQLite itself refuses to open it.
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "gone" / "db.sqlite3"))
    assert_unavailable(browser.get(page()))
    assert connection.connection is None  # nothing half-open kept for the next request

    monkeypatch.undo()
    assert browser.get(page()).status_code == 200


def test_a_post_that_loses_the_database_saves_nothing_and_says_so(browser, case, monkeypatch):
    """A step posted while the database is unreachable: the 503 page, and the case unchanged
    once it is back."""
    connection.close()
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent/palabre.sqlite3")
    else:
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")  # nothing listens there
    response = browser.post(
        reverse("cases:action", args=[case.pk, "modifier"]), {"referrer_name": "Agence Nord"}
    )
    assert_unavailable(response)
    monkeypatch.undo()
    assert connection.settings_dict["NAME"] == name
    case.refresh_from_db()
    assert case.referrer_name == ""
