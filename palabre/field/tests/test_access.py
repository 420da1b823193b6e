"""Every field view, every role, and another service's objects: the table of access.py."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, OrganisationFactory
from palabre.field import actions, nights
from palabre.field.codes import InterventionType
from palabre.field.models import Intervention, RoadmapItem
from palabre.field.tests.conftest import EVENING

# The people the table is made of: each role of the service, the mediator who is on the shift
# (``correspondent``), a mediator of the team who is not on it, one in no team, and a network's
# admin (field work belongs to services).
MANAGERS = {"admin", "coordinator"}
ON_THE_SHIFT = MANAGERS | {"correspondent"}
THE_TEAM = ON_THE_SHIFT | {"teammate off the shift"}
MEDIATORS = THE_TEAM | {"mediator in no team"}
PEOPLE = [
    "admin",
    "coordinator",
    "correspondent",
    "teammate off the shift",
    "mediator in no team",
    "reception",
    "board",
    "partner",
    "network_staff",
    "network admin",
]


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture
    allowed: frozenset
    method: str = "get"

    def url(self, objects):
        return reverse(f"field:{self.name}", args=[objects[arg].pk for arg in self.args])


VIEWS = [
    View("planning", (), frozenset(MEDIATORS)),
    View("entry", (), frozenset(MEDIATORS)),
    View("shift", ("shift",), frozenset(THE_TEAM)),
    View("shift_entry", ("shift",), frozenset(ON_THE_SHIFT)),
    View("shift_entry", ("shift",), frozenset(ON_THE_SHIFT), "post"),
    View("shift_create", (), frozenset(MANAGERS)),
    View("shift_edit", ("shift",), frozenset(MANAGERS)),
    View("shift_cancel", ("shift",), frozenset(MANAGERS)),
    View("roadmap_add", ("shift",), frozenset(MANAGERS), "post"),
    View("roadmap_remove", ("item",), frozenset(MANAGERS), "post"),
    View("teams", (), frozenset(MANAGERS)),
    View("team_create", (), frozenset(MANAGERS)),
    View("team_edit", ("team",), frozenset(MANAGERS)),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _objects(organisation, coordinator, commune):
    """A team of two, tonight's shift through ``commune`` with one of them, a priority on it."""
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
        communes=[commune],
    )
    item = actions.add_roadmap_item(shift=shift, by=coordinator, text="Passer dans les halls")
    return {
        "team": team,
        "shift": shift,
        "item": item,
        "commune": commune,
        "correspondent": correspondent,
        "teammate": teammate,
    }


@pytest.fixture
def objects(service, coordinator, place, clock):
    return _objects(service, coordinator, place["rennes"])


@pytest.fixture
def foreign(other_service, clock):
    coordinator = MembershipFactory(organisation=other_service)
    return _objects(other_service, coordinator, CommuneFactory(organisation=other_service))


def _person(name, objects, member):
    if name == "correspondent":
        return objects["correspondent"]
    if name == "teammate off the shift":
        return objects["teammate"]
    if name == "mediator in no team":
        return member("mediator")
    if name == "network admin":
        network = OrganisationFactory(slug="reseau", kind="NETWORK")
        return MembershipFactory(organisation=network, role="admin")
    return member(name)


def _data(view, objects):
    if view.name == "shift_entry":
        return {"type": InterventionType.NOISE_NIGHT, "where": f"c:{objects['commune'].pk}",
                "time": "23:15", "initiated_by": "PATROL", "result": "SETTLED"}  # fmt: skip
    if view.name == "roadmap_add":
        return {"text": "Passer à la sortie du métro", "residence": ""}
    return {}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_each_person_opens_exactly_the_field_pages_of_their_row(login, member, objects, view, who):
    client = login(_person(who, objects, member))
    if view.method == "post":
        response = client.post(view.url(objects), _data(view, objects))
    else:
        response = client.get(view.url(objects))
    if who in view.allowed:
        assert response.status_code == (302 if view.method == "post" else 200), response.content
    else:
        assert response.status_code == 404
    if view.name == "shift_entry" and view.method == "post":
        assert Intervention.objects.exists() == (who in view.allowed)
    if view.name == "roadmap_remove":
        assert RoadmapItem.objects.exists() == (who not in view.allowed)


@pytest.mark.parametrize("who", ["admin", "coordinator", "correspondent"])
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_another_services_objects_answer_404_like_missing_ones(
    login, member, objects, foreign, view, who
):
    client = login(_person(who, objects, member))
    response = getattr(client, view.method)(view.url(foreign), _data(view, foreign))
    assert response.status_code == 404
    assert not Intervention.objects.exists()
    assert RoadmapItem.objects.filter(organisation=foreign["shift"].organisation).count() == 1


def test_a_made_up_identifier_is_404(login, coordinator):
    url = reverse("field:shift", args=["00000000-0000-0000-0000-000000000000"])
    assert login(coordinator).get(url).status_code == 404


def test_the_roadmap_buttons_answer_only_to_post(login, coordinator, objects):
    client = login(coordinator)
    assert client.get(reverse("field:roadmap_remove", args=[objects["item"].pk])).status_code == 405
    assert client.get(reverse("field:roadmap_add", args=[objects["shift"].pk])).status_code == 405


def test_a_cancelled_shift_takes_no_entry(login, coordinator, objects):
    actions.cancel_shift(shift=objects["shift"], by=coordinator)
    url = reverse("field:shift_entry", args=[objects["shift"].pk])
    assert login(objects["correspondent"]).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, objects):
    response = client.get(reverse("field:entry"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


# --- What follows an intervention: its page, the person, a case, orientations -------------------

# The intervention of the table is the correspondent's; the person agreed to everything.
AUTHOR_OR_MANAGERS = MANAGERS | {"correspondent"}
FOLLOW_UP_VIEWS = [
    View("intervention", ("intervention",), frozenset(THE_TEAM)),
    View("intervention_person", ("intervention",), frozenset(AUTHOR_OR_MANAGERS)),
    View("intervention_person", ("intervention",), frozenset(AUTHOR_OR_MANAGERS), "post"),
    View("intervention_person_forget", ("intervention",), frozenset(AUTHOR_OR_MANAGERS), "post"),
    View("intervention_case", ("intervention",), frozenset(MANAGERS)),
    View("intervention_case", ("intervention",), frozenset(MANAGERS), "post"),
    View("intervention_orient", ("intervention",), frozenset(AUTHOR_OR_MANAGERS)),
    View("intervention_orient", ("intervention",), frozenset(AUTHOR_OR_MANAGERS), "post"),
    View("orientation_step", ("orientation",), frozenset(AUTHOR_OR_MANAGERS), "post"),
]


def _followed(objects):
    """The correspondent's intervention on the shift, its person named with every agreement, and
    an orientation of it to the service's CCAS."""
    from palabre.field import followup_actions
    from palabre.field.codes import OrientationReason, PlaceKind
    from palabre.field.territory import Place
    from palabre.field.tests.conftest import at
    from palabre.partners.tests.factories import PartnerFactory

    correspondent = objects["correspondent"]
    intervention = actions.record_intervention(
        shift=objects["shift"],
        by=correspondent,
        happened_at=at(EVENING, 23),
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(commune=objects["commune"]),
    )
    followup_actions.record_person(
        intervention=intervention, by=correspondent, last_name="Le Bihan", phone="0612345678",
        agreed_to_be_named=True, agreed_to_be_contacted=True, agreed_to_be_oriented=True,
    )  # fmt: skip
    organisation = objects["shift"].organisation
    ccas = PartnerFactory(organisation=organisation, name="CCAS")
    adil = PartnerFactory(organisation=organisation, name="ADIL")
    orientation = followup_actions.orient(
        intervention=intervention, by=correspondent, partner=ccas,
        reason=OrientationReason.SOCIAL_SUPPORT,
    )  # fmt: skip
    return objects | {"intervention": intervention, "orientation": orientation, "adil": adil}


@pytest.fixture
def followed(objects):
    return _followed(objects)


@pytest.fixture
def foreign_followed(foreign):
    return _followed(foreign)


def _follow_up_data(view, found):
    if view.name == "intervention_person":
        return {"agreed_to_be_named": "on", "agreed_to_be_oriented": "on", "last_name": "Autre"}
    if view.name == "intervention_case":
        quartier = found["commune"].quartiers.first()
        return {"referral_source": "NIGHT_MEDIATION", "requester_last_name": "Le Bihan",
                "primary_conflict": "NOISE", "commune": found["commune"].pk,
                "quartier": quartier.pk if quartier else "",
                "housing": "UNKNOWN", "building_type": "UNKNOWN"}  # fmt: skip
    if view.name == "intervention_orient":
        return {"partner": found["adil"].pk, "reason": "LEGAL_ADVICE",
                "oriented_on": EVENING.isoformat(), "status": "PROPOSED"}  # fmt: skip
    if view.name == "orientation_step":
        return {"status": "CONTACT_MADE"}
    return {}


def _follow_up_state(found):
    """What the posts change, read back: the person's name, whether they are still there, the
    case, the orientations and the first one's step."""
    from palabre.field.models import NamedPerson, PartnerOrientation

    intervention = Intervention.objects.get(pk=found["intervention"].pk)
    person = NamedPerson.objects.filter(intervention=intervention).first()
    return {
        "person": person.last_name if person else None,
        "case": intervention.case_id is not None,
        "orientations": PartnerOrientation.objects.filter(intervention=intervention).count(),
        "step": PartnerOrientation.objects.get(pk=found["orientation"].pk).status,
    }


BEFORE = {"person": "Le Bihan", "case": False, "orientations": 1, "step": "PROPOSED"}
AFTER_POST = {
    "intervention_person": {"person": "Autre"},
    "intervention_person_forget": {"person": None},
    "intervention_case": {"case": True},
    "intervention_orient": {"orientations": 2},
    "orientation_step": {"step": "CONTACT_MADE"},
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", FOLLOW_UP_VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_each_person_reaches_exactly_the_follow_up_pages_of_their_row(
    login, member, followed, view, who
):
    client = login(_person(who, followed, member))
    if view.method == "post":
        response = client.post(view.url(followed), _follow_up_data(view, followed))
    else:
        response = client.get(view.url(followed))
    allowed = who in view.allowed
    if allowed:
        assert response.status_code == (302 if view.method == "post" else 200), response.content
    else:
        assert response.status_code == 404
    changed = allowed and view.method == "post"
    assert _follow_up_state(followed) == BEFORE | (AFTER_POST[view.name] if changed else {})


@pytest.mark.parametrize("who", ["admin", "coordinator", "correspondent"])
@pytest.mark.parametrize("view", FOLLOW_UP_VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_another_services_interventions_and_orientations_answer_404(
    login, member, followed, foreign_followed, view, who
):
    client = login(_person(who, followed, member))
    response = getattr(client, view.method)(
        view.url(foreign_followed), _follow_up_data(view, foreign_followed)
    )
    assert response.status_code == 404
    assert _follow_up_state(foreign_followed) == BEFORE
