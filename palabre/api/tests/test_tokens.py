"""A token's life: shown once, its digest only in the database, revoked, expired, counted; and
the page where the coordination manages them."""

import datetime as dt
import hashlib
import json

import pytest
from django.urls import reverse

from palabre.api.models import ApiToken
from palabre.core.models import JournalEntry

from .conftest import NOW

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]


def _kind(response):
    return json.loads(response.content)["type"].rsplit(":", 1)[1]


def test_the_database_keeps_the_digest_and_the_prefix_never_the_secret(world, make_token):
    text = make_token("coordinator")
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(text.encode()).hexdigest()
    assert text.startswith(f"plb_{token.prefix}_") and len(text.split("_", 2)[2]) == 43
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    journal = json.dumps(list(JournalEntry.objects.values("summary", "data")), default=str)
    secret = text.split("_", 2)[2]
    assert secret not in stored and secret not in journal


def test_the_secret_is_shown_once_on_the_page_that_creates_it(world, login):
    coordinator = world["people"]["coordinator"]
    client = login(coordinator)
    response = client.post(
        reverse("api:create"),
        {
            "label": "Tableur du CCAS",
            "kind": "application",
            "holder": world["people"]["board"].pk,
            "resources": ["figures"],
            "days": "365",
        },
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.role == "board" and token.resources == ["figures"]
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert secret not in client.get(reverse("api:tokens")).content.decode()
    assert client.get("/api/v1/figures", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert JournalEntry.objects.filter(verb="api_token_created", subject_id=token.pk).exists()


def test_a_personal_token_longer_than_ninety_days_is_refused_and_nothing_is_saved(world, login):
    client = login(world["people"]["coordinator"])
    response = client.post(
        reverse("api:create"),
        {
            "label": "Trop long",
            "kind": "personal",
            "holder": world["people"]["coordinator"].pk,
            "resources": ["cases"],
            "days": "91",
        },
    )
    assert response.status_code == 400
    assert "90 jours" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_member_of_another_organisation_cannot_hold_a_token(world, login):
    client = login(world["people"]["coordinator"])
    response = client.post(
        reverse("api:create"),
        {
            "label": "Ailleurs",
            "kind": "personal",
            "holder": world["foreign"]["coordinator"].pk,
            "resources": ["cases"],
            "days": "10",
        },
    )
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_at_once(world, make_token, api_get, login):
    text = make_token("coordinator")
    token = ApiToken.objects.get()
    assert api_get("/partners", text).status_code == 200
    client = login(world["people"]["coordinator"])
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 302
    response = api_get("/partners", text)
    assert response.status_code == 401 and _kind(response) == "token-revoked"
    assert JournalEntry.objects.filter(verb="api_token_revoked", subject_id=token.pk).exists()


def test_a_token_expires(world, make_token, api_get, clock):
    text = make_token("coordinator", days=1)
    assert api_get("/partners", text).status_code == 200
    clock(NOW + dt.timedelta(days=1, seconds=1))
    response = api_get("/partners", text)
    assert response.status_code == 401 and _kind(response) == "token-expired"


def test_a_token_stops_when_its_holder_changes_role(world, make_token, api_get):
    text = make_token("reception")
    holder = world["people"]["reception"]
    holder.role = "board"
    holder.save()
    response = api_get("/partners", text)
    assert response.status_code == 401 and _kind(response) == "holder-changed"


def test_each_use_is_counted_and_the_journal_says_once_a_day(world, make_token, api_get, clock):
    text = make_token("coordinator")
    for _ in range(3):
        api_get("/partners", text)
    token = ApiToken.objects.get()
    assert token.last_used_at == NOW
    assert JournalEntry.objects.filter(verb="api_token_used", subject_id=token.pk).count() == 1
    clock(NOW + dt.timedelta(days=1))
    api_get("/partners", text)
    assert JournalEntry.objects.filter(verb="api_token_used", subject_id=token.pk).count() == 2


def test_a_case_read_through_the_api_is_in_the_access_log(world, make_token, api_get):
    from palabre.privacy.models import AccessRecord

    case = world["own"]["case"]
    api_get(f"/cases/{case.pk}", make_token("coordinator"))
    record = AccessRecord.objects.get(case_id=case.pk)
    assert record.membership == world["people"]["coordinator"]
    assert record.path == f"/api/v1/cases/{case.pk}"


def test_the_rate_limit_answers_429_with_retry_after_then_lets_through(
    world, make_token, api_get, clock, settings
):
    settings.PALABRE_API_REQUESTS_PER_MINUTE = 3
    text = make_token("coordinator")
    clock(NOW + dt.timedelta(seconds=15))
    assert [api_get("/venues", text).status_code for _ in range(3)] == [200, 200, 200]
    refused = api_get("/venues", text)
    assert refused.status_code == 429 and _kind(refused) == "rate-limited"
    assert refused["Retry-After"] == "45"
    assert refused["Content-Type"] == "application/problem+json"
    clock(NOW + dt.timedelta(minutes=1))
    assert api_get("/venues", text).status_code == 200


def test_a_blocked_service_refuses_the_tokens_of_its_people(world, make_token, api_get):
    text = make_token("reception")
    organisation = world["people"]["reception"].organisation
    organisation.logins_blocked = True
    organisation.save()
    response = api_get("/partners", text)
    assert response.status_code == 403 and _kind(response) == "logins-blocked"


# --- The page of the tokens -----------------------------------------------------------------------

PAGES = [("tokens", "get"), ("create", "get"), ("revoke", "post")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), PAGES)
def test_only_the_coordination_manages_tokens(world, make_token, login, role, name, method):
    make_token("coordinator")
    token = ApiToken.objects.get()
    url = reverse(f"api:{name}", args=[token.pk] if name == "revoke" else [])
    response = getattr(login(world["people"][role]), method)(url)
    if role in {"admin", "coordinator"}:
        assert response.status_code == (302 if method == "post" else 200)
    else:
        assert response.status_code == 404


def test_another_organisation_token_cannot_be_revoked(world, login, make_token):
    make_token(world["foreign"]["partner_member"])
    token = ApiToken.objects.get()
    response = login(world["people"]["coordinator"]).post(reverse("api:revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("role", ROLES)
def test_the_docs_are_a_page_for_the_coordination_the_document_is_public(
    world, login, client, role
):
    assert client.get("/api/v1/openapi.json").status_code == 200
    response = login(world["people"][role]).get("/api/v1/docs")
    if role in {"admin", "coordinator"}:
        assert response.status_code == 200
        assert "ninja/swagger-ui-bundle" in response.content.decode()
    else:
        assert response.status_code == 404
