"""What the funding tests share: a fixed day, a network with its staff and funder, a member
service (Palabre organisation linked through its member entry) with its coordination, another
member service, and calls published through the real verb."""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.core.tests.clock import pin_clock
from palabre.network import actions_funding
from palabre.network.tests.members_support import make_member, make_network
from palabre.partners.models import Partner

TODAY = dt.date(2026, 12, 9)


def make_funder(network, name="Fondation de France"):
    return Partner.objects.create(
        organisation=network, name=name, kind="FOUNDATION", is_funder=True
    )


def publish(network, funder, title="Médiation de voisinage", deadline_in=30, **fields):
    fields.setdefault("opens_on", TODAY - dt.timedelta(days=20))
    fields.setdefault("deadline", TODAY + dt.timedelta(days=deadline_in))
    fields.setdefault("amount_max", Decimal("20000"))
    return actions_funding.publish_call(
        network=network, by=None, funder=funder, title=title, **fields
    )


def link_service(network, organisation, name, **fields):
    """A member entry that stands for ``organisation``, with its coordinator."""
    organisation.networks.add(network)
    member = make_member(network, name=name, organisation=organisation, **fields)
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    return member, coordinator


@pytest.fixture
def funding_world(db, monkeypatch):
    """A dict: network, staff, funder, service, member, coordinator, other_member,
    other_coordinator, call."""
    pin_clock(monkeypatch, TODAY)
    network, staff = make_network()
    funder = make_funder(network)
    service = OrganisationFactory(name="Service Un", slug="service-un")
    other_service = OrganisationFactory(name="Service Deux", slug="service-deux")
    member, coordinator = link_service(
        network, service, "Médiation de Rennes", domains=["NEIGHBOURHOOD_CONFLICTS"]
    )
    other_member, other_coordinator = link_service(
        network, other_service, "Médiation de Lille", region="HDF", domains=["TRANSPORT"]
    )
    call = publish(network, funder)
    return {
        "network": network,
        "staff": staff,
        "funder": funder,
        "service": service,
        "member": member,
        "coordinator": coordinator,
        "other_service": other_service,
        "other_member": other_member,
        "other_coordinator": other_coordinator,
        "call": call,
    }
