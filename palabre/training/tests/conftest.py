"""A network with two member services, its staff, a two-day module and a session next week.
The clock starts at 10:00 on a fixed Wednesday and ticks from there."""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.core.tests.clock import pin_clock
from palabre.training import actions

# A fixed day: "today" and "next week" would otherwise be the day the module was imported, and
# a run that crosses midnight would find today's session already over.
TODAY = dt.date(2026, 12, 9)
NEXT_MONDAY = TODAY + dt.timedelta(days=7 - TODAY.weekday())


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


def person(organisation, role, first_name, last_name):
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        organisation=organisation,
        role=role,
    )


@pytest.fixture
def network(db, service, other_service):
    network = OrganisationFactory(name="Réseau Test", slug="reseau-test", kind="NETWORK")
    service.networks.add(network)
    other_service.networks.add(network)
    return network


@pytest.fixture
def staff(network):
    return person(network, "network_staff", "Nadia", "Réseau")


@pytest.fixture
def module(network, staff):
    return actions.create_module(
        organiser=network,
        by=staff,
        title="Gestion des conflits et communication non violente",
        objective="Désamorcer un conflit.",
        audience=["MEDIATORS", "COORDINATORS"],
        duration_hours=Decimal("14"),
        price_member=Decimal("180"),
        price_other=Decimal("320"),
    )


@pytest.fixture
def make_session(module, staff):
    def make(**fields):
        values = {
            "starts_on": NEXT_MONDAY,
            "ends_on": NEXT_MONDAY + dt.timedelta(days=1),
            "place": "Maison des associations, Rennes",
            "trainer": "Claire Formatrice",
            "capacity": 2,
        }
        values.update(fields)
        return actions.create_session(module=module, by=staff, **values)

    return make


@pytest.fixture
def session(make_session):
    return make_session()
