"""Every view of invitations to book, every role, and another service's invitation
(docs/adr/0026): the team's buttons for the case's team only; the panel of the case page and the
card of « Aujourd'hui » where the coordination and the case's team work; the pages of the link for
whoever holds it, signed in or not, the same for all."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import invitation_actions, invitation_links
from palabre.cases.invitations import Invitation
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.cases.tests.invitation_support import NAMES, to_contact_stage, words_of_the_case
from palabre.core.models import JournalEntry

TEAM = {"admin", "coordinator", "assigned mediator"}
PEOPLE = [
    "admin",
    "coordinator",
    "assigned mediator",
    "other mediator",
    "reception",
    "board",
    "partner",
    "network_staff",
    "network admin",
    "anonymous",
]
# Who sees the invitations' panel on the case page: whoever reaches the case page.
CASE_PAGE = TEAM | {"reception"}


@dataclass(frozen=True)
class View:
    name: str
    allowed: frozenset

    def url(self, invitation):
        return reverse(f"cases:{self.name}", args=[invitation.case_id, invitation.pk])


STAFF_VIEWS = [
    View("invitation_called_back", frozenset(TEAM)),
    View("invitation_withdraw", frozenset(TEAM)),
]
LINK_PAGES = ["invitation", "invitation_slots", "invitation_callback", "invitation_decline"]


def _world(organisation, coordinator):
    mediator = MembershipFactory(organisation=organisation, role="mediator")
    case = to_contact_stage(
        CaseFactory(
            organisation=organisation,
            by=coordinator,
            opened_on=timezone.localdate() - dt.timedelta(days=20),
            **NAMES,
        ),
        coordinator=coordinator,
        mediator=mediator,
    )
    invitation = invitation_actions.invite_by_letter(
        case=case, party=case.other_parties()[0], by=coordinator
    )
    return {"case": case, "invitation": invitation, "mediator": mediator}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """A Monday morning of December 2026."""
    now = dt.datetime(2026, 12, 7, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def world(service, coordinator):
    return _world(service, coordinator)


@pytest.fixture
def foreign(other_service):
    return _world(other_service, MembershipFactory(organisation=other_service))


def _client(who, world, member, login, client):
    if who == "anonymous":
        return client
    if who == "assigned mediator":
        return login(world["mediator"])
    if who == "other mediator":
        return login(member("mediator"))
    if who == "network admin":
        network = OrganisationFactory(slug="reseau", kind="NETWORK")
        return login(MembershipFactory(organisation=network, role="admin"))
    return login(member(who))


def _asks_callback(invitation):
    return invitation_actions.ask_callback(
        invitation=invitation, days=["2"], bands=["AFTERNOON"], phone="06 11 22 33 44"
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_the_callback_button_answers_the_cases_team_only(world, who, member, login, client):
    invitation = _asks_callback(world["invitation"])
    response = _client(who, world, member, login, client).post(STAFF_VIEWS[0].url(invitation))
    invitation.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    elif who in TEAM:
        assert response.status_code == 302
        assert response.url.endswith("#h-invitations")
    else:
        assert response.status_code == 404
    assert (invitation.callback_done_at is not None) == (who in TEAM)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_withdraw_button_answers_the_cases_team_only(world, who, member, login, client):
    invitation = world["invitation"]
    response = _client(who, world, member, login, client).post(STAFF_VIEWS[1].url(invitation))
    invitation.refresh_from_db()
    assert response.status_code == (302 if who in TEAM or who == "anonymous" else 404)
    assert (invitation.revoked_at is not None) == (who in TEAM)


@pytest.mark.parametrize("who", ["admin", "coordinator", "assigned mediator"])
@pytest.mark.parametrize("view", STAFF_VIEWS, ids=lambda view: view.name)
def test_another_services_invitation_is_404_like_a_missing_one(
    world, foreign, who, view, member, login, client
):
    invitation = _asks_callback(foreign["invitation"])
    response = _client(who, world, member, login, client).post(view.url(invitation))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.callback_done_at is None and invitation.revoked_at is None
    # Nor through one's own case: the invitation must belong to the case in the address.
    mixed = reverse(f"cases:{view.name}", args=[world["case"].pk, invitation.pk])
    assert _client(who, world, member, login, client).post(mixed).status_code == 404


@pytest.mark.parametrize("view", STAFF_VIEWS, ids=lambda view: view.name)
def test_the_team_buttons_answer_only_to_post(world, coordinator, login, view):
    assert login(coordinator).get(view.url(world["invitation"])).status_code == 405


@pytest.mark.parametrize("who", PEOPLE)
def test_the_case_page_shows_the_invitations_to_who_reaches_it(world, who, member, login, client):
    _asks_callback(world["invitation"])
    response = _client(who, world, member, login, client).get(
        reverse("cases:detail", args=[world["case"].pk])
    )
    text = response.content.decode() if response.status_code == 200 else ""
    assert ("Invitations à prendre rendez-vous" in text) == (who in CASE_PAGE)
    assert ("06 11 22 33 44" in text) == (who in CASE_PAGE)
    # The buttons, for the case's team only.
    assert ("Rappel fait" in text) == (who in TEAM)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_callback_card_of_today_is_for_the_coordination_and_the_cases_mediators(
    world, foreign, who, member, login, client
):
    _asks_callback(world["invitation"])
    _asks_callback(foreign["invitation"])
    response = _client(who, world, member, login, client).get(reverse("cases:today"))
    text = response.content.decode() if response.status_code == 200 else ""
    assert ('id="carte-rappels"' in text) == (who in TEAM)
    if who in TEAM:
        card = text.split('id="carte-rappels"')[1].split("</section>")[0]
        assert card.count("<li") == 1  # the service's own request, not the other service's
        assert reverse("cases:detail", args=[world["case"].pk]) in card
        assert "mercredi · l&#x27;après-midi" in card


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", LINK_PAGES)
def test_the_pages_of_the_link_are_the_same_for_everyone(world, who, page, member, login, client):
    token = invitation_links.token_of(world["invitation"])
    response = _client(who, world, member, login, client).get(reverse(f"rdv:{page}", args=[token]))
    assert response.status_code == 200
    text = response.content.decode()
    assert not [word for word in words_of_the_case(world["case"]) if word in text]


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_another_services_link_works_for_whoever_holds_it_and_changes_nothing_else(
    world, foreign, who, member, login, client
):
    token = invitation_links.token_of(foreign["invitation"])
    response = _client(who, world, member, login, client).post(
        reverse("rdv:invitation_decline", args=[token])
    )
    assert response.status_code == 302
    assert Invitation.objects.get(pk=foreign["invitation"].pk).answer == "DECLINED"
    assert Invitation.objects.get(pk=world["invitation"].pk).answer == ""
    answered = JournalEntry.objects.filter(verb="invitation_answered")
    assert [entry.organisation_id for entry in answered] == [foreign["case"].organisation_id]
