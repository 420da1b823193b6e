"""The database lost during an API request: a 503 problem (RFC 9457) saying to try again, in
the API's own format rather than the pages' HTML, and the next request works."""

import json

import pytest
from django.db import connection
from django.test import Client

from palabre.api import actions as api_actions
from palabre.api.models import Resource, TokenKind

# A real connection is made to fail: the test runs outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api(coordinator):
    _token, text = api_actions.create_token(
        by=coordinator,
        holder=coordinator,
        kind=TokenKind.APPLICATION,
        label="Logiciel du service",
        resources=[Resource.CASES],
        days=30,
    )
    return Client(raise_request_exception=False, headers={"authorization": f"Bearer {text}"})


def test_a_lost_database_gives_a_503_problem_then_the_next_request_works(api, monkeypatch):
    assert api.get("/api/v1/cases").status_code == 200
    connection.close()
    if connection.vendor == "sqlite":
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent/palabre.sqlite3")
    else:
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")  # nothing listens there

    response = api.get("/api/v1/cases", headers={"accept-language": "fr"})

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    problem = json.loads(response.content)
    assert problem["type"] == "urn:palabre:problem:unavailable"
    assert problem["status"] == 503
    assert problem["title"] == "Service indisponible"
    assert "ne joint plus sa base de données" in problem["detail"]

    monkeypatch.undo()
    assert api.get("/api/v1/cases").status_code == 200


def test_the_problem_is_in_english_for_an_english_client(api, monkeypatch):
    connection.close()
    if connection.vendor == "sqlite":
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent/palabre.sqlite3")
    else:
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")

    response = api.get("/api/v1/cases", headers={"accept-language": "en"})

    monkeypatch.undo()
    assert response.status_code == 503
    assert json.loads(response.content)["title"] == "Service unavailable"
