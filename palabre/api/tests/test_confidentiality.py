"""The canary: a marker typed into every free text (private notes, interview places, suspension
reasons, names, referrals' free fields, descriptions) never leaves through the API, whatever the
role, the endpoint or the object; and a partner sends a referral as on its portal."""

import json

import pytest

from palabre.referrals.models import Referral

from .conftest import CANARY, ROLES
from .test_access import ENDPOINTS, NETWORK_ENDPOINTS, _url


@pytest.mark.parametrize("role", ROLES)
def test_no_answer_of_any_role_holds_a_free_text(world, make_token, api_get, role):
    token = make_token(role)
    objects = {**world["own"], **world["net"]}
    paths = [path for path, _allowed in ENDPOINTS] + NETWORK_ENDPOINTS
    answered = 0
    for path in paths:
        response = api_get(_url(path, objects), token)
        assert CANARY not in response.content.decode(), path
        answered += response.status_code == 200
    assert answered, "the role read nothing: the canary would prove nothing"


def test_the_case_detail_holds_codes_and_counts_only(world, make_token, api_get):
    case = world["own"]["case"]
    body = json.loads(api_get(f"/cases/{case.pk}", make_token("coordinator")).content)
    assert body["reference"] == case.reference
    assert body["parties"] == 2
    assert CANARY not in json.dumps(body)


REFERRAL = {
    "requester_last_name": "Durand",
    "requester_first_name": "Léa",
    "requester_phone": "06 11 22 33 44",
    "conflict_category": "NOISE",
    "agreed_to_be_contacted": True,
    "agreed_to_share_status": True,
    "referrer_name": "Guichet du bailleur",
}


def _post(client, token, payload, **headers):
    return client.post(
        "/api/v1/referrals",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **headers,
    )


def test_a_partner_sends_a_referral_and_reads_its_status(world, make_token, client):
    token = make_token("partner")
    payload = {**REFERRAL, "commune": str(world["own"]["commune"].pk)}
    response = _post(client, token, payload)
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert body["progress"]["code"] == "RECEIVED"
    sent = Referral.objects.get(pk=body["id"])
    assert sent.partner == world["own"]["partner"] and sent.origin == "PARTNER_ACCOUNT"
    assert sent.sent_by == world["people"]["partner"]
    assert "Durand" not in response.content.decode()


def test_a_referral_without_consent_or_contact_is_refused_and_nothing_is_saved(
    world, make_token, client
):
    token = make_token("partner")
    before = Referral.objects.count()
    payload = {
        **REFERRAL,
        "commune": str(world["own"]["commune"].pk),
        "agreed_to_be_contacted": False,
        "requester_phone": "",
    }
    response = _post(client, token, payload)
    assert response.status_code == 422
    body = json.loads(response.content)
    assert any(error["loc"] == ["body", "agreed_to_be_contacted"] for error in body["errors"])
    assert Referral.objects.count() == before


def test_a_commune_of_another_service_is_refused(world, make_token, client):
    payload = {**REFERRAL, "commune": str(world["foreign"]["commune"].pk)}
    response = _post(client, make_token("partner"), payload)
    assert response.status_code == 422
    assert json.loads(response.content)["errors"][0]["loc"] == ["body", "commune"]


@pytest.mark.parametrize("role", ["coordinator", "reception", "board", "mediator"])
def test_only_a_partner_account_sends_referrals(world, make_token, client, role):
    payload = {**REFERRAL, "commune": str(world["own"]["commune"].pk)}
    assert _post(client, make_token(role), payload).status_code == 404
