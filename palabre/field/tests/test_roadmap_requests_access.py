"""Every page of partners' requests for rounds, every role, another service's request and another
partner's: the table of roadmap_requests_access.py."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, QuartierFactory
from palabre.field import actions, nights
from palabre.field import roadmap_requests_actions as requests
from palabre.field.models import RoadmapItem, RoadmapRequest
from palabre.field.roadmap_requests import RequestStatus
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory

MANAGERS = {"admin", "coordinator"}
THE_LANDLORD = {"partner of the landlord"}
PARTNERS = THE_LANDLORD | {"partner of another landlord"}
PEOPLE = [
    "admin",
    "coordinator",
    "mediator",
    "reception",
    "board",
    "partner of the landlord",
    "partner of another landlord",
    "network_staff",
    "anonymous",
]


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the world
    # Who reaches it and the status they get; everyone else: 404 (302 to log in, anonymous).
    reach: dict = field(default_factory=dict)
    method: str = "get"

    def url(self, world):
        return reverse(f"field:{self.name}", args=[world[arg].pk for arg in self.args])


def answers(people, status):
    return dict.fromkeys(people, status)


VIEWS = [
    View("roadmap_requests", (), answers(MANAGERS, 200)),
    View("roadmap_request", ("request",), answers(MANAGERS, 200)),
    View("roadmap_request_accept", ("request",), answers(MANAGERS, 302), "post"),
    View("roadmap_request_decline", ("request",), answers(MANAGERS, 302), "post"),
    View("portal_roadmap_requests", (), answers(PARTNERS, 200)),
    View("portal_roadmap_request_create", (), answers(PARTNERS, 200)),
    # The other landlord's account asks for Les Glycines: not its own, refused on the form.
    View(
        "portal_roadmap_request_create",
        (),
        {"partner of the landlord": 302, "partner of another landlord": 400},
        "post",
    ),
    View("portal_roadmap_request", ("request",), answers(THE_LANDLORD, 200)),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _world(organisation, coordinator, member):
    """A landlord and another, each with a residence in the quartier; tonight's shift through
    it; a pending request of the first landlord; a partner account at each."""
    commune = CommuneFactory(organisation=organisation, name="Rennes")
    quartier = QuartierFactory(commune=commune, name="Maurepas")
    landlord = PartnerFactory(organisation=organisation, landlord=True, name="Archipel Habitat")
    other = PartnerFactory(organisation=organisation, landlord=True, name="Néotoa")
    residence = ResidenceFactory(landlord=landlord, quartier=quartier, commune=commune)
    ResidenceFactory(landlord=other, quartier=quartier, commune=commune)
    correspondent = MembershipFactory(organisation=organisation, role="mediator")
    team = actions.create_team(
        organisation=organisation, by=coordinator, name="Nuit", members=[correspondent]
    )
    starts_at, ends_at = nights.bounds(EVENING, dt.time(22), dt.time(6))
    shift = actions.plan_shift(
        organisation=organisation,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        quartiers=[quartier],
    )
    agent = watch_world.partner_account(member, landlord)
    request = requests.ask_for_rounds(
        partner=landlord,
        by=agent,
        residence=residence,
        text="Regroupements dans les halls",
        first_day=EVENING,
        last_day=EVENING + dt.timedelta(days=6),
    )
    return {
        "shift": shift,
        "residence": residence,
        "request": request,
        "correspondent": correspondent,
        "landlord agent": agent,
        "other agent": watch_world.partner_account(member, other),
    }


@pytest.fixture
def world(service, coordinator, member, clock):
    return _world(service, coordinator, member)


@pytest.fixture
def foreign(other_service, member, clock):
    coordinator = MembershipFactory(organisation=other_service, role="coordinator")
    return _world(other_service, coordinator, member)


def _client(who, world, member, login, client):
    if who == "anonymous":
        return client
    people = {
        "mediator": world["correspondent"],
        "partner of the landlord": world["landlord agent"],
        "partner of another landlord": world["other agent"],
    }
    return login(people.get(who) or member(who))


def _data(view, world):
    if view.name == "roadmap_request_accept":
        return {"shift": world["shift"].pk}
    if view.name == "roadmap_request_decline":
        return {"reason": "Pas de tournée dans ce secteur ce mois-ci"}
    if view.name == "portal_roadmap_request_create":
        return {
            "residence": world["residence"].pk,
            "text": "Passages dans les halls",
            "first_day": "2026-12-12",
            "last_day": "2026-12-14",
        }
    return {}


def _ids(view):
    return f"{view.method} {view.name}"


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=_ids)
def test_each_person_opens_exactly_the_request_pages_of_their_row(
    login, client, member, world, view, who
):
    browser = _client(who, world, member, login, client)
    requests_before = RoadmapRequest.objects.count()

    response = getattr(browser, view.method)(view.url(world), _data(view, world))

    if who == "anonymous":
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    else:
        assert response.status_code == view.reach.get(who, 404), response
    if response.status_code == 200:
        assert "INVALID[" not in response.content.decode()
    changed = response.status_code == 302 and who != "anonymous"
    request = RoadmapRequest.objects.get(pk=world["request"].pk)
    if view.name == "roadmap_request_accept":
        assert RoadmapItem.objects.exists() == changed
    if view.name == "roadmap_request_decline":
        assert (request.status == RequestStatus.DECLINED) == changed
    if view.name == "portal_roadmap_request_create" and view.method == "post":
        assert RoadmapRequest.objects.count() - requests_before == (1 if changed else 0)


@pytest.mark.parametrize("who", ["admin", "coordinator", "partner of the landlord"])
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=_ids)
def test_another_services_request_answers_404_like_a_missing_one(
    login, client, member, world, foreign, view, who
):
    browser = _client(who, world, member, login, client)

    response = getattr(browser, view.method)(view.url(foreign), _data(view, world))

    assert response.status_code == 404
    assert not RoadmapItem.objects.exists()
    assert not RoadmapRequest.objects.exclude(status=RequestStatus.PENDING).exists()


def test_a_partner_lists_only_its_own_organisations_requests(login, world, member, foreign):
    own = login(world["landlord agent"]).get(reverse("field:portal_roadmap_requests"))
    other = login(world["other agent"]).get(reverse("field:portal_roadmap_requests"))

    mine = reverse("field:portal_roadmap_request", args=[world["request"].pk])
    theirs = reverse("field:portal_roadmap_request", args=[foreign["request"].pk])
    assert mine in own.content.decode() and theirs not in own.content.decode()
    assert mine not in other.content.decode()
    assert "Aucune demande pour l'instant." in other.content.decode()


def test_a_colleague_at_the_same_landlord_follows_the_request_too(login, world, member):
    landlord = world["residence"].landlord
    colleague = watch_world.partner_account(member, landlord)

    page = login(colleague).get(reverse("field:portal_roadmap_request", args=[world["request"].pk]))

    assert page.status_code == 200


def test_a_partner_account_without_a_partner_organisation_reaches_nothing(login, member, world):
    loose = member("partner")

    for name in ("portal_roadmap_requests", "portal_roadmap_request_create"):
        assert login(loose).get(reverse(f"field:{name}")).status_code == 404


def test_the_request_buttons_answer_only_to_post(login, coordinator, world):
    client = login(coordinator)
    for name in ("roadmap_request_accept", "roadmap_request_decline"):
        url = reverse(f"field:{name}", args=[world["request"].pk])
        assert client.get(url).status_code == 405
