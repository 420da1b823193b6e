"""Every view of collective mediation (docs/adr/0035), every role, and another service's case:
the steps for the case's team (the coordination alone marks a case collective); everyone else
gets the 404 of a missing case, and a refused post writes nothing. The case page's section
shows to whoever reaches the case page; partners, the board and networks never see a group's
name or a commitment's wording."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases import codes
from palabre.cases.collective import PartyGroup
from palabre.cases.models import Commitment
from palabre.cases.tests.collective_support import (
    GROUP_A,
    GROUP_B,
    WORDING,
    collective_case,
    pin_clock,
    with_agreement,
)
from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory

MANAGERS = {"admin", "coordinator"}
TEAM = MANAGERS | {"assigned mediator"}
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
CASE_PAGE = TEAM | {"reception"}


@dataclass(frozen=True)
class View:
    slug: str
    allowed: frozenset
    target: str = ""

    def url(self, world):
        url = reverse("cases:collective_action", args=[world["case"].pk, self.slug])
        if self.target == "groupe":
            url += f"?groupe={world['group'].pk}"
        if self.target == "rencontre":
            url += f"?rencontre={world['meeting'].pk}"
        return url


VIEWS = [
    View("collectif", frozenset(MANAGERS)),
    View("groupe", frozenset(TEAM)),
    View("modifier-groupe", frozenset(TEAM), "groupe"),
    View("placer", frozenset(TEAM)),
    View("presence", frozenset(TEAM), "rencontre"),
    View("engagement", frozenset(TEAM)),
]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch)


def _world(organisation, coordinator):
    mediators = [MembershipFactory(organisation=organisation, role="mediator") for _ in range(2)]
    case = with_agreement(
        collective_case(organisation, coordinator, mediators=mediators), coordinator
    )
    return {
        "case": case,
        "mediator": mediators[0],
        "group": case.party_groups.get(name=GROUP_A),
        "meeting": case.meetings.get(),
    }


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


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.slug)
def test_each_step_answers_who_may_take_it(world, who, view, member, login, client):
    response = _client(who, world, member, login, client).get(view.url(world))
    if who == "anonymous":
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    else:
        assert response.status_code == (200 if who in view.allowed else 404)


def _state():
    return (
        sorted(PartyGroup.objects.values_list("name", "description")),
        sorted(Commitment.objects.values_list("category", "wording")),
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_a_post_from_outside_the_team_writes_nothing(world, who, member, login, client):
    before = _state()
    view = View("groupe", frozenset(TEAM))
    response = _client(who, world, member, login, client).post(
        view.url(world), {"name": "Conseil syndical", "description": "", "estimated_size": ""}
    )
    if who in TEAM:
        assert response.status_code == 302 and response.url.endswith("#h-collective")
        assert world["case"].party_groups.filter(name="Conseil syndical").exists()
    else:
        assert response.status_code in (302, 404) and _state() == before


@pytest.mark.parametrize("who", sorted(TEAM))
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.slug)
def test_another_services_case_is_404_like_a_missing_one(
    world, foreign, who, view, member, login, client
):
    before = _state()
    browser = _client(who, world, member, login, client)
    assert browser.get(view.url(foreign)).status_code == 404
    assert browser.post(view.url(foreign), {"name": "X", "category": "OTHER"}).status_code == 404
    assert _state() == before


@pytest.mark.parametrize("view", [v for v in VIEWS if v.target], ids=lambda view: view.slug)
def test_a_group_or_meeting_of_another_case_is_404(world, foreign, view, coordinator, login):
    mixed = dict(world, group=foreign["group"], meeting=foreign["meeting"])
    assert login(coordinator).get(view.url(mixed)).status_code == 404


def test_a_case_not_collective_offers_only_the_mark(service, coordinator, login):
    case = collective_case(service, coordinator, held=False)
    case.collective.delete()
    browser = login(coordinator)
    for view in VIEWS[1:4]:
        url = reverse("cases:collective_action", args=[case.pk, view.slug])
        assert browser.get(url).status_code == 404
    page = browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:collective_action", args=[case.pk, "collectif"]) in page


@pytest.mark.parametrize("who", PEOPLE)
def test_the_case_page_shows_the_groups_to_who_reaches_it(world, who, member, login, client):
    from palabre.cases import collective_actions

    case = world["case"]
    collective_actions.add_group_commitment(
        case=case,
        by=MembershipFactory(organisation=case.organisation, role="coordinator"),
        group=case.party_groups.get(name=GROUP_B),
        category=codes.CommitmentCategory.COMMON_AREA_RULES,
        wording=WORDING,
    )
    response = _client(who, world, member, login, client).get(
        reverse("cases:detail", args=[case.pk])
    )
    text = response.content.decode() if response.status_code == 200 else ""
    assert (GROUP_A in text and WORDING in text) == (who in CASE_PAGE)
    # The steps' links, for the case's team only.
    assert ("Ajouter un groupe" in text) == (who in TEAM)
    assert ("Changer la dimension" in text) == (who in MANAGERS)


def test_the_partners_portal_shows_no_group_nor_commitment(world, member, login):
    from palabre.cases import actions, collective_actions
    from palabre.partners.tests.factories import ContactFactory, PartnerFactory
    from palabre.referrals.models import Decision, Origin, Referral

    case = world["case"]
    coordinator = member("coordinator")
    collective_actions.add_group_commitment(
        case=case,
        by=coordinator,
        group=world["group"],
        category=codes.CommitmentCategory.COMMON_AREA_RULES,
        wording=WORDING,
    )
    landlord = PartnerFactory(organisation=case.organisation, landlord=True)
    account = member("partner")
    ContactFactory(partner=landlord, membership=account)
    Referral.objects.create(
        organisation=case.organisation,
        origin=Origin.PARTNER_ACCOUNT,
        partner=landlord,
        requester_first_name="Zqwprenomorient",
        requester_last_name="Zqwnomorient",
        commune=case.commune,
        conflict_category=codes.ConflictCategory.NOISE,
        agreed_to_be_contacted=True,
        agreed_to_share_status=True,
        decision=Decision.ACCEPTED,
        decided_at=case.created_at,
        case=case,
    )
    actions.record_consent(
        case=case,
        by=coordinator,
        party=case.requester(),
        kind=codes.ConsentKind.SHARE_STATUS_WITH_REFERRER,
        given_on=case.opened_on,
        method=codes.ConsentMethod.IN_PERSON,
    )
    page = login(account).get(reverse("referrals:portal")).content.decode()
    assert "Zqwnomorient" in page  # the referral and its case are on the portal
    assert GROUP_A not in page and GROUP_B not in page and WORDING not in page
    assert "Zqwvoisine" not in page  # nor the people of the groups
