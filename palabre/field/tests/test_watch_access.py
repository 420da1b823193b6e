"""Every technical-watch view, every role, and another service's signal: the table of
watch_access.py."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    QuartierFactory,
)
from palabre.field import actions, nights
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.models import TechnicalSignal
from palabre.field.territory import Place
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING, at
from palabre.field.watch import SignalStatus
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory

MANAGERS = {"admin", "coordinator"}
ON_THE_SHIFT = MANAGERS | {"team mediator"}
MEDIATORS = ON_THE_SHIFT | {"other mediator"}
THE_LANDLORD = {"partner of the landlord"}
PARTNERS = THE_LANDLORD | {"partner of another landlord"}
PEOPLE = [
    "admin",
    "coordinator",
    "team mediator",
    "other mediator",
    "reception",
    "board",
    "partner of the landlord",
    "partner of another landlord",
    "network_staff",
]


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture, or literal values
    allowed: frozenset
    method: str = "get"

    def url(self, objects):
        values = [objects[arg].pk if arg in objects else arg for arg in self.args]
        return reverse(f"field:{self.name}", args=values)


VIEWS = [
    View("signals", (), frozenset(MEDIATORS)),
    View("signal", ("signal",), frozenset(ON_THE_SHIFT)),
    View("signal_photo", ("signal",), frozenset(ON_THE_SHIFT | THE_LANDLORD)),
    View("signal_create", (), frozenset(MANAGERS)),
    View("signal_create", (), frozenset(MANAGERS), "post"),
    View("signal_routing", (), frozenset(MANAGERS)),
    View("shift_signal", ("shift",), frozenset(ON_THE_SHIFT)),
    View("shift_signal", ("shift",), frozenset(ON_THE_SHIFT), "post"),
    View("intervention_signal", ("intervention",), frozenset(ON_THE_SHIFT)),
    View("intervention_signal", ("intervention",), frozenset(ON_THE_SHIFT), "post"),
    View("portal_signals", (), frozenset(PARTNERS)),
    View("portal_signal", ("signal",), frozenset(THE_LANDLORD)),
    View("portal_signal_step", ("signal", "pris-en-compte"), frozenset(THE_LANDLORD), "post"),
    View("portal_signal_step", ("signal", "resolu"), frozenset(THE_LANDLORD), "post"),
]
OBJECT_VIEWS = [view for view in VIEWS if any(arg in ("signal", "shift", "intervention")
                                               for arg in view.args)]  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _world(organisation, coordinator, member):
    """A landlord and another with a residence each in one quartier, the city for the public
    space, a team of two and tonight's shift with one of them, an intervention and its signal
    (with a photo), and a partner account at each landlord."""
    commune = CommuneFactory(organisation=organisation, name="Rennes")
    quartier = QuartierFactory(commune=commune, name="Maurepas")
    landlord = PartnerFactory(organisation=organisation, landlord=True, email="b@bailleur.example")
    other = PartnerFactory(organisation=organisation, landlord=True, email="c@autre.example")
    residence = ResidenceFactory(landlord=landlord, quartier=quartier, commune=commune)
    ResidenceFactory(landlord=other, quartier=quartier, commune=commune)
    city = PartnerFactory(organisation=organisation, kind="CITY", email="v@ville.example")
    from palabre.field import watch_actions

    watch_actions.set_public_space_partner(organisation=organisation, by=coordinator, partner=city)
    correspondent = MembershipFactory(organisation=organisation, role="mediator")
    teammate = MembershipFactory(organisation=organisation, role="mediator")
    team = actions.create_team(
        organisation=organisation, by=coordinator, name="Nuit", members=[correspondent, teammate]
    )
    starts_at, ends_at = nights.bounds(EVENING, dt.time(22), dt.time(6))
    shift = actions.plan_shift(
        organisation=organisation,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        members=[correspondent],
        quartiers=[quartier],
    )
    intervention = actions.record_intervention(
        shift=shift,
        by=correspondent,
        happened_at=at(EVENING, 23),
        type=InterventionType.TECHNICAL_WATCH_ROUND,
        place_kind=PlaceKind.HALL,
        place=Place(residence=residence),
    )
    signal = watch_world.report(
        by=correspondent,
        organisation=organisation,
        intervention=intervention,
        residence=residence,
        photo=watch_world.small_photo(),
    )
    return {
        "shift": shift,
        "intervention": intervention,
        "signal": signal,
        "residence": residence,
        "correspondent": correspondent,
        "landlord agent": watch_world.partner_account(member, landlord),
        "other agent": watch_world.partner_account(member, other),
    }


@pytest.fixture
def objects(service, coordinator, member, clock):
    return _world(service, coordinator, member)


@pytest.fixture
def foreign(other_service, member, clock):
    coordinator = MembershipFactory(organisation=other_service)
    return _world(other_service, coordinator, member)


def _person(who, objects, member):
    if who == "team mediator":
        return objects["correspondent"]
    if who == "other mediator":
        return member("mediator")
    if who == "partner of the landlord":
        return objects["landlord agent"]
    if who == "partner of another landlord":
        return objects["other agent"]
    return member(who)


def _data(view, objects):
    if view.name in ("signal_create", "shift_signal", "intervention_signal"):
        return {"category": "LIFT", "where": f"r:{objects['residence'].pk}", "urgency": "URGENT"}
    return {}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    "view", VIEWS, ids=lambda view: f"{view.method} {'/'.join([view.name, *view.args[1:]])}"
)
def test_each_person_opens_exactly_the_watch_pages_of_their_row(login, member, objects, view, who):
    client = login(_person(who, objects, member))
    before = TechnicalSignal.objects.count()
    if view.method == "post":
        response = client.post(view.url(objects), _data(view, objects))
    else:
        response = client.get(view.url(objects))
    if who in view.allowed:
        assert response.status_code == (302 if view.method == "post" else 200), response
        if response["Content-Type"].startswith("text/html"):
            assert "INVALID[" not in response.content.decode()
    else:
        assert response.status_code == 404
    created = TechnicalSignal.objects.count() - before
    answered = TechnicalSignal.objects.exclude(status=SignalStatus.SENT).exists()
    if view.name in ("signal_create", "shift_signal", "intervention_signal"):
        assert created == (1 if view.method == "post" and who in view.allowed else 0)
    if view.name == "portal_signal_step":
        assert answered == (who in view.allowed)


@pytest.mark.parametrize(
    "who", ["admin", "coordinator", "team mediator", "partner of the landlord"]
)
@pytest.mark.parametrize(
    "view", OBJECT_VIEWS, ids=lambda view: f"{view.method} {'/'.join([view.name, *view.args[1:]])}"
)
def test_another_services_signal_answers_404_like_a_missing_one(
    login, member, objects, foreign, view, who
):
    client = login(_person(who, objects, member))
    response = getattr(client, view.method)(view.url(foreign), _data(view, foreign))
    assert response.status_code == 404
    assert TechnicalSignal.objects.count() == 2
    assert not TechnicalSignal.objects.exclude(status=SignalStatus.SENT).exists()


def test_a_mediator_outside_the_team_sees_an_empty_list(login, member, objects):
    content = login(member("mediator")).get(reverse("field:signals")).content.decode()
    assert reverse("field:signal", args=[objects["signal"].pk]) not in content
    assert "Aucun signalement ici." in content


def test_the_team_sees_the_status_come_back_on_its_list(login, objects):
    from palabre.field import watch_actions

    watch_actions.acknowledge_signal(signal=objects["signal"], by=objects["landlord agent"])
    client = login(objects["correspondent"])
    content = client.get(reverse("field:signals")).content.decode()
    assert reverse("field:signal", args=[objects["signal"].pk]) in content
    assert "Pris en compte" in content
    detail = client.get(reverse("field:signal", args=[objects["signal"].pk])).content.decode()
    assert "Pris en compte le" in detail and "11/12/2026 à 23:30" in detail


def test_the_partner_link_appears_in_the_navbar_once_a_signal_is_routed(login, objects, member):
    def navbar(client):
        content = client.get(reverse("field:portal_signals")).content.decode()
        return content[content.index("<nav") : content.index("</nav>")]

    assert reverse("field:portal_signals") in navbar(login(objects["landlord agent"]))
    assert reverse("field:portal_signals") not in navbar(login(objects["other agent"]))


def test_the_quick_entry_and_the_shift_lead_to_reporting(login, objects):
    client = login(objects["correspondent"])
    shift = objects["shift"]
    entry = client.get(reverse("field:shift_entry", args=[shift.pk])).content.decode()
    assert reverse("field:shift_signal", args=[shift.pk]) in entry
    detail = client.get(reverse("field:shift", args=[shift.pk])).content.decode()
    assert reverse("field:intervention_signal", args=[objects["intervention"].pk]) in detail


def test_anonymous_visitors_are_sent_to_the_login_page(client, objects):
    for name in ("signals", "portal_signals"):
        response = client.get(reverse(f"field:{name}"))
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    photo = client.get(reverse("field:signal_photo", args=[objects["signal"].pk]))
    assert photo.status_code == 302
