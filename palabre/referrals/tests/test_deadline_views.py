"""The time limits' pages: who reaches them (roles × a foreign service's referral), the referral's
page with its deadlines and its « Premier contact tenté », the targets page, the queue's flags,
and the card of « Aujourd'hui » (one query)."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.cases.tests.factories import MembershipFactory
from palabre.core.panels import panels_for
from palabre.referrals import actions, deadline_actions
from palabre.referrals.deadlines import ReferralTarget, Targets, targets_of
from palabre.referrals.panels import today_panel

from .conftest import MONDAY, days_after

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def as_role(member, agent, login, client):
    """Logs in as a role (``partner``: the landlord agent); ``anonymous``: nobody."""

    def do(role):
        if role == "anonymous":
            return client
        return login(agent if role == "partner" else member(role))

    return do


def contact_post(day=2):
    return {
        "contact-channel": "PHONE",
        "contact-attempted_at": days_after(day).strftime("%Y-%m-%dT%H:%M"),
    }


# --- Who reaches what ---------------------------------------------------------------------------

CONTACT = {"admin", "coordinator", "reception"}
TARGETS = {"admin", "coordinator"}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_first_contact_is_recorded_only_by_those_who_read_the_queue(
    role, as_role, refer, clock
):
    referral = refer()
    clock(days_after(3))
    response = as_role(role).post(f"/orientations/{referral.pk}/premier-contact/", contact_post())
    referral.refresh_from_db()
    if role in CONTACT:
        assert response.status_code == 302
        assert referral.first_contact_at == days_after(2)
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert referral.first_contact_at is None
    if role == "anonymous":
        assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_targets_page_serves_only_the_coordination(role, as_role, service):
    client = as_role(role)
    page = client.get("/orientations/delais/")
    posted = client.post("/orientations/delais/", {"first_contact_days": 7, "decision_days": 21})
    if role in TARGETS:
        assert page.status_code == 200 and posted.status_code == 302
        assert targets_of(service.pk) == Targets(7, 21)
    else:
        expected = 302 if role == "anonymous" else 404
        assert (page.status_code, posted.status_code) == (expected, expected)
        assert not ReferralTarget.objects.exists()


@pytest.mark.parametrize("role", ["admin", "coordinator", "reception"])
def test_another_service_never_records_a_contact_on_a_referral(
    role, refer, other_service, login, clock
):
    referral = refer()
    clock(days_after(3))
    client = login(MembershipFactory(organisation=other_service, role=role))
    response = client.post(f"/orientations/{referral.pk}/premier-contact/", contact_post())
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.first_contact_at is None


def test_another_service_sets_only_its_own_targets(other_service, login, service):
    client = login(MembershipFactory(organisation=other_service, role="coordinator"))
    client.post("/orientations/delais/", {"first_contact_days": 2, "decision_days": 5})
    assert targets_of(other_service.pk) == Targets(2, 5)
    assert targets_of(service.pk) == Targets(10, 30)


# --- The referral's page ------------------------------------------------------------------------


def test_the_referral_page_says_its_deadlines_and_offers_the_first_contact(
    refer, coordinator, login, clock
):
    referral = refer()
    clock(days_after(2))
    page = text(login(coordinator).get(f"/orientations/{referral.pk}/"))
    assert "Premier contact</dt>" in page and "avant le 11/03/2027 09:00" in page
    assert "avant le 31/03/2027 09:00, sinon l'orientation sera close sans réponse" in page
    assert "Enregistrer le premier contact" in page

    clock(days_after(11))
    page = text(login(coordinator).get(f"/orientations/{referral.pk}/"))
    assert "en retard : à tenter depuis le 11/03/2027 09:00" in page


def test_recording_the_first_contact_from_the_page(refer, login, member, clock):
    referral = refer()
    clock(days_after(3))
    client = login(member("reception"))
    response = client.post(f"/orientations/{referral.pk}/premier-contact/", contact_post(2))
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Le premier contact est enregistré." in page
    assert "le 03/03/2027 09:00, téléphone" in page
    assert "Enregistrer le premier contact" not in page


def test_a_first_contact_in_the_future_is_refused_with_a_french_message(
    refer, coordinator, login, clock
):
    referral = refer()
    clock(days_after(1))
    response = login(coordinator).post(
        f"/orientations/{referral.pk}/premier-contact/", contact_post(day=5)
    )
    assert response.status_code == 400
    assert "Le premier contact ne peut pas être dans le futur." in text(response)
    referral.refresh_from_db()
    assert referral.first_contact_at is None


def test_a_first_contact_on_a_declined_referral_is_not_offered(refer, coordinator, login, clock):
    referral = refer()
    actions.decline_referral(referral=referral, by=coordinator, reason="OUT_OF_SCOPE")
    client = login(coordinator)
    assert "Enregistrer le premier contact" not in text(client.get(f"/orientations/{referral.pk}/"))
    response = client.post(f"/orientations/{referral.pk}/premier-contact/", contact_post(0))
    assert response.status_code == 302
    assert "ne peut plus être enregistré" in text(client.get(response["Location"]))


def test_the_targets_page_refuses_a_decision_before_the_contact(coordinator, login, service):
    response = login(coordinator).post(
        "/orientations/delais/", {"first_contact_days": 10, "decision_days": 5}
    )
    assert response.status_code == 400
    assert "La décision ne peut pas venir avant le premier contact" in text(response)
    assert targets_of(service.pk) == Targets(10, 30)


def test_the_queue_flags_a_request_late_for_its_first_contact(refer, coordinator, login, clock):
    refer()
    refer(requester_last_name="Plustard", requester_phone="0711111111", received_at=None)
    clock(days_after(10, minutes=1))
    page = text(login(coordinator).get("/orientations/"))
    assert page.count(">En retard<") == 2
    assert "décision avant le 31/03/2027" in page


# --- « Aujourd'hui » ---------------------------------------------------------------------------


def test_the_today_card_lists_the_nearest_deadline_first_and_flags_the_late(
    refer, service, coordinator, clock
):
    late = refer()
    clock(days_after(4))
    soon = refer(requester_last_name="Bientôt", requester_phone="0711111111")
    clock(days_after(6))
    contacted = refer(requester_last_name="Appelée", requester_phone="0722222222")
    deadline_actions.record_first_contact(
        referral=contacted, by=coordinator, channel="PHONE", attempted_at=days_after(6)
    )
    clock(days_after(11))
    card = today_panel(coordinator, MONDAY)["card"]
    assert card["title"] == "Orientations à traiter, dont 1 en retard"
    assert card["count"] == 3
    assert [line["label"] for line in card["lines"]] == [
        late.requester_name,
        soon.requester_name,
        contacted.requester_name,
    ]
    assert card["lines"][0]["flag"] == "En retard"
    assert card["lines"][0]["detail"] == "premier contact attendu depuis le 11/03/2027"
    assert card["lines"][1]["detail"] == "premier contact avant le 15/03/2027"
    assert card["lines"][2]["detail"] == "contact tenté ; décision avant le 06/04/2027"


@pytest.mark.parametrize("role", ["mediator", "board", "partner", "network_staff"])
def test_the_today_card_is_for_those_who_read_the_queue(role, member, refer):
    refer()
    assert today_panel(member(role), MONDAY) is None


def test_the_today_card_costs_one_query_however_full_the_queue(refer, coordinator, clock):
    for n in range(12):
        refer(requester_last_name=f"Personne{n}", requester_phone=f"07000000{n:02d}")
    clock(days_after(12))
    with CaptureQueriesContext(connection) as queries:
        panel = today_panel(coordinator, MONDAY)
    assert len(queries) == 1
    assert panel["card"]["count"] == 12 and len(panel["card"]["lines"]) == 6
    assert panel["card"]["more_url"] == "/orientations/"


def test_the_today_page_shows_the_card(refer, coordinator, login, clock):
    refer()
    clock(days_after(10, minutes=1))
    page = text(login(coordinator).get("/dossiers/aujourdhui/"))
    assert "Orientations à traiter, dont 1 en retard" in page
    assert any(p["card"]["key"] == "orientations" for p in panels_for("today", coordinator, MONDAY))
