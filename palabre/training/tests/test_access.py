"""Who reaches which training page: table-driven over roles, a foreign network's and a
foreign service's objects answering 404, and a member never seeing another member's people."""

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import OrganisationFactory
from palabre.training import actions
from palabre.training.tests.conftest import person

MARKER = "Zéphyrin Marqueurdautreservice"


@pytest.fixture
def world(network, staff, session, service, other_service, module):
    foreign_network = OrganisationFactory(name="Autre réseau", slug="autre-reseau", kind="NETWORK")
    outsider = OrganisationFactory(name="Hors réseau", slug="hors-reseau")
    foreign_staff = person(foreign_network, "network_staff", "F", "Staff")
    foreign_module = actions.create_module(
        organiser=foreign_network, by=foreign_staff, title="Module étranger", duration_hours=7
    )
    foreign_session = actions.create_session(
        module=foreign_module,
        by=foreign_staff,
        starts_on=session.starts_on,
        ends_on=session.starts_on,
        place="Ailleurs",
        trainer="X",
        capacity=5,
    )
    people = {
        "network admin": person(network, "admin", "N", "Admin"),
        "network staff": staff,
        "network coordinator": person(network, "coordinator", "N", "Coord"),
        "admin": person(service, "admin", "S", "Admin"),
        "coordinator": person(service, "coordinator", "S", "Coord"),
        "mediator": person(service, "mediator", "Awa", "Diallo"),
        "other mediator": person(service, "mediator", "Bruno", "Le Goff"),
        "reception": person(service, "reception", "S", "Accueil"),
        "board": person(service, "board", "S", "Bureau"),
        "partner": person(service, "partner", "S", "Partenaire"),
        "other member's coordinator": person(other_service, "coordinator", "O", "Coord"),
        "outsider coordinator": person(outsider, "coordinator", "H", "Coord"),
        "foreign staff": foreign_staff,
    }
    enrolment = actions.enrol(session=session, person=people["mediator"], by=people["coordinator"])
    first, last = MARKER.split()
    marked = person(other_service, "mediator", first, last)
    actions.enrol(session=session, person=marked, by=people["other member's coordinator"])
    return {
        "people": people,
        "session": session,
        "module": module,
        "enrolment": enrolment,
        "foreign_session": foreign_session,
    }


PAGES = {
    "index": lambda w: reverse("training:index"),
    "module create": lambda w: reverse("training:module_create"),
    "module": lambda w: reverse("training:module", args=[w["module"].pk]),
    "session": lambda w: reverse("training:session", args=[w["session"].pk]),
    "foreign session": lambda w: reverse("training:session", args=[w["foreign_session"].pk]),
    "enrol": lambda w: reverse("training:enrol", args=[w["session"].pk]),
    "half days": lambda w: reverse("training:half_days", args=[w["session"].pk]),
    "attendance": lambda w: reverse(
        "training:attendance", args=[w["session"].pk, w["session"].half_days.first().pk]
    ),
    "sheet": lambda w: reverse("training:attendance_sheet", args=[w["session"].pk]),
    "fdva": lambda w: reverse("training:fdva"),
    "mediator's history": lambda w: reverse("training:person", args=[w["people"]["mediator"].pk]),
}

# The groups the table below is made of. The network's staff run the sessions; its staff and
# its members' people see its modules and sessions; whoever may organise a training (a member's
# or an outsider's coordination, another network's staff) creates modules and reads the FDVA page.
NETWORK_STAFF = {"network admin", "network staff"}
THE_NETWORK_S_PEOPLE = NETWORK_STAFF | {
    "admin",
    "coordinator",
    "mediator",
    "other mediator",
    "other member's coordinator",
}
ORGANISERS = NETWORK_STAFF | {
    "admin",
    "coordinator",
    "other member's coordinator",
    "outsider coordinator",
    "foreign staff",
}

# page → the people who reach it (everyone else: 404).
REACH = {
    "index": THE_NETWORK_S_PEOPLE | {"outsider coordinator", "foreign staff"},
    "module create": ORGANISERS,
    "module": THE_NETWORK_S_PEOPLE,
    "session": THE_NETWORK_S_PEOPLE,
    "foreign session": {"foreign staff"},
    "enrol": {"admin", "coordinator", "other member's coordinator"},
    "half days": NETWORK_STAFF,
    "attendance": NETWORK_STAFF,
    "sheet": NETWORK_STAFF,
    "fdva": ORGANISERS,
    "mediator's history": {"admin", "coordinator", "mediator"},
}

WHO = [
    "network admin",
    "network staff",
    "network coordinator",
    "admin",
    "coordinator",
    "mediator",
    "other mediator",
    "reception",
    "board",
    "partner",
    "other member's coordinator",
    "outsider coordinator",
    "foreign staff",
]


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", WHO)
def test_who_reaches_which_training_page(world, login, who, page):
    client = login(world["people"][who])
    response = client.get(PAGES[page](world))
    expected = 200 if who in REACH[page] else 404
    assert response.status_code == expected, f"{who} → {page}"


def test_a_members_coordinator_never_sees_another_members_people(world, login):
    client = login(world["people"]["coordinator"])
    session = world["session"]
    for url in (
        reverse("training:index"),
        reverse("training:session", args=[session.pk]),
        reverse("training:enrol", args=[session.pk]),
        reverse("training:module", args=[world["module"].pk]),
    ):
        content = client.get(url).content.decode()
        assert "Marqueurdautreservice" not in content, url
    page = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "Awa Diallo" in page


def test_the_organisers_staff_sees_everyone_enrolled(world, login):
    client = login(world["people"]["network staff"])
    page = client.get(reverse("training:session", args=[world["session"].pk])).content.decode()
    assert "Marqueurdautreservice" in page and "Awa Diallo" in page


def test_the_enrol_form_offers_only_the_coordinations_own_people(world, login):
    client = login(world["people"]["other member's coordinator"])
    page = client.get(reverse("training:enrol", args=[world["session"].pk])).content.decode()
    assert "Le Goff" not in page and "Diallo" not in page


def test_a_coordinator_cannot_enrol_someone_of_another_service_by_forging_the_form(world, login):
    client = login(world["people"]["other member's coordinator"])
    response = client.post(
        reverse("training:enrol", args=[world["session"].pk]),
        {"person": world["people"]["other mediator"].pk},
    )
    assert response.status_code == 200
    assert (
        not world["session"].enrolments.filter(user=world["people"]["other mediator"].user).exists()
    )


def test_an_enrolment_of_another_service_cannot_be_cancelled(world, login):
    client = login(world["people"]["other member's coordinator"])
    url = reverse("training:enrolment_cancel", args=[world["enrolment"].pk])
    assert client.post(url).status_code == 404
    world["enrolment"].refresh_from_db()
    assert world["enrolment"].state == "ENROLLED"
