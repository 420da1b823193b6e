"""Every endpoint, every role, through the token: the same table as the pages' access.py, and
another organisation's ids answer a 404 problem, never data."""

import json

import pytest

from .conftest import CANARY, ROLES

MANAGERS = {"admin", "coordinator"}
DIRECTORY = MANAGERS | {"reception"}
# (path with {object} placeholders, who reads it)
ENDPOINTS = [
    ("/partners", DIRECTORY),
    ("/partners/{partner}", DIRECTORY),
    ("/venues", DIRECTORY | {"mediator"}),
    ("/venues/{venue}", DIRECTORY | {"mediator"}),
    ("/conventions", DIRECTORY | {"board"}),
    ("/conventions/{convention}", DIRECTORY | {"board"}),
    ("/permanences", DIRECTORY | {"mediator"}),
    ("/permanences/{permanence}", DIRECTORY | {"mediator"}),
    ("/permanences/{permanence}/sessions", DIRECTORY | {"mediator"}),
    ("/sessions/{occurrence}", DIRECTORY | {"mediator"}),
    ("/bookings", DIRECTORY | {"mediator", "partner"}),
    ("/bookings/{booking}", DIRECTORY | {"partner"}),
    ("/referrals", DIRECTORY | {"partner"}),
    ("/referrals/{referral}", DIRECTORY | {"partner"}),
    ("/cases", MANAGERS),
    ("/cases/{case}", MANAGERS),
    ("/figures", MANAGERS | {"board"}),
]
NETWORK_ENDPOINTS = [
    "/network/members",
    "/network/members/{member}",
    "/network/events",
    "/network/trainings",
    "/network/observatory",
]


def _url(path, objects):
    return path.format(**{key: value.pk for key, value in objects.items() if hasattr(value, "pk")})


def _is_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == status
    return body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "allowed"), ENDPOINTS, ids=[p for p, _a in ENDPOINTS])
def test_each_role_reads_through_the_api_exactly_what_its_pages_show(
    world, make_token, api_get, path, allowed, role
):
    response = api_get(_url(path, world["own"]), make_token(role))
    if role in allowed:
        assert response.status_code == 200, response.content
    else:
        _is_problem(response, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", NETWORK_ENDPOINTS)
def test_only_the_network_staff_reads_the_network(world, make_token, api_get, path, role):
    response = api_get(_url(path, world["net"]), make_token(role))
    if role == "network_staff":
        assert response.status_code == 200, response.content
    else:
        _is_problem(response, 404)


@pytest.mark.parametrize(
    "path", [p for p, _a in ENDPOINTS if "{" in p], ids=[p for p, _a in ENDPOINTS if "{" in p]
)
@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_another_service_ids_answer_a_404_problem_never_data(
    world, make_token, api_get, path, role
):
    response = api_get(_url(path, world["foreign"]), make_token(role))
    body = _is_problem(response, 404)
    assert str(world["foreign"]["coordinator"].organisation.name) not in json.dumps(body)


def test_lists_never_hold_another_service_rows(world, make_token, api_get):
    token = make_token("coordinator")
    foreign_ids = {str(obj.pk) for obj in world["foreign"].values() if hasattr(obj, "pk")}
    for path, _allowed in ENDPOINTS:
        if "{" not in path:
            text = api_get(path, token).content.decode()
            assert not any(found in text for found in foreign_ids), path


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (None, "unauthenticated"),
        ("Bearer plb_00000000_" + "a" * 43, "invalid-token"),
        ("Bearer n'importe quoi", "invalid-token"),
        ("Basic dXNlcjpwYXNz", "unauthenticated"),
    ],
)
def test_without_a_valid_token_the_answer_is_a_401_problem(world, client, header, kind):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/partners", **extra)
    body = _is_problem(response, 401)
    assert body["type"] == f"urn:palabre:problem:{kind}"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_session_is_no_token(world, login, client):
    login(world["people"]["coordinator"])
    _is_problem(client.get("/api/v1/partners"), 401)


def test_a_token_out_of_its_resources_gets_a_403_problem(world, make_token, api_get):
    token = make_token("coordinator", resources=["directory"])
    assert api_get("/partners", token).status_code == 200
    body = _is_problem(api_get("/cases", token), 403)
    assert body["type"] == "urn:palabre:problem:out-of-scope"


def test_an_unknown_address_under_api_is_a_404_problem(world, client):
    _is_problem(client.get("/api/v1/nothing-here"), 404)
    _is_problem(client.get("/api/v2/partners"), 404)


def test_a_malformed_id_is_a_422_problem(world, make_token, api_get):
    body = _is_problem(api_get("/partners/not-a-uuid", make_token("coordinator")), 422)
    assert body["errors"]


def test_errors_speak_english_when_asked(world, api_get):
    response = api_get("/partners", HTTP_ACCEPT_LANGUAGE="en")
    body = _is_problem(response, 401)
    assert body["title"] == "Authentication required"
    assert "Authorization" in body["detail"] and "Présentez" not in body["detail"]
    french = json.loads(api_get("/partners").content)
    assert french["title"] == "Authentification requise"


def test_the_reception_reads_conventions_without_their_amount(world, make_token, api_get):
    url = f"/conventions/{world['own']['convention'].pk}"
    assert json.loads(api_get(url, make_token("reception")).content)["amount"] is None
    assert json.loads(api_get(url, make_token("board")).content)["amount"] == "12000.00"


def test_a_venue_carries_its_coordinates_when_the_service_gave_them(world, make_token, api_get):
    venue = world["own"]["venue"]
    url = f"/venues/{venue.pk}"
    assert json.loads(api_get(url, make_token("mediator")).content)["latitude"] is None
    venue.latitude, venue.longitude = "48.1296000", "-1.7049000"
    venue.save(update_fields=["latitude", "longitude"])
    body = json.loads(api_get(url, make_token("mediator")).content)
    assert (body["latitude"], body["longitude"]) == (48.1296, -1.7049)


def test_a_partner_reads_its_referral_as_a_status_only(world, make_token, api_get):
    body = json.loads(
        api_get(f"/referrals/{world['own']['referral'].pk}", make_token("partner")).content
    )
    assert body["progress"]["code"] == "RECEIVED"
    assert CANARY not in json.dumps(body)


def test_a_method_an_address_does_not_take_is_a_405_problem(world, make_token, client):
    response = client.delete(
        "/api/v1/partners", HTTP_AUTHORIZATION=f"Bearer {make_token('coordinator')}"
    )
    body = _is_problem(response, 405)
    assert "DELETE" in body["detail"] and "GET" in response["Allow"]


def test_a_body_that_is_not_json_is_a_problem(world, make_token, client):
    response = client.post(
        "/api/v1/referrals",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {make_token('partner')}",
    )
    assert response.status_code in (400, 422)
    _is_problem(response, response.status_code)


def test_the_list_of_cases_costs_the_same_queries_whatever_its_size(
    world, make_token, api_get, django_assert_max_num_queries
):
    from palabre.cases.tests.factories import CaseFactory

    token = make_token("coordinator")
    for _ in range(12):
        CaseFactory(organisation=world["own"]["case"].organisation, by=world["people"]["admin"])
    with django_assert_max_num_queries(12):
        response = api_get("/cases?limit=100", token)
    assert len(response.json()["items"]) == 14
