"""What the members, poles and events tests share: a network with its staff, members made
through the real actions, and the roles that must not reach the network's pages."""

import datetime as dt

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.network import actions
from palabre.network.models import DuesCategory

TODAY = dt.date(2026, 3, 16)


def make_network(slug="reseau-test", name="Réseau test"):
    network = OrganisationFactory(kind="NETWORK", slug=slug, name=name)
    staff = MembershipFactory(organisation=network, role="network_staff")
    return network, staff


def make_member(network, name="Médiation sociale de Lorient", **fields):
    fields.setdefault("legal_type", "ASSOCIATION")
    fields.setdefault("region", "BRE")
    fields.setdefault("dues_category", DuesCategory.SMALL)
    return actions.create_member(network=network, by=None, name=name, **fields)


def make_contact(member, last_name="Le Floch", email="annaig.lefloch@exemple.fr", **fields):
    fields.setdefault("first_name", "Annaïg")
    return actions.add_contact(member=member, by=None, last_name=last_name, email=email, **fields)


def assert_page_ok(response):
    assert response.status_code == 200
    assert "INVALID[" not in response.content.decode()


# Everyone who must get a 404 from the network's pages: the network's other roles and every
# role of a member service. (The staff of another network reach their own network's lists; its
# objects answer them 404: each test file checks that too.)
OUTSIDERS = [
    ("network", "coordinator"),
    ("network", "mediator"),
    ("network", "board"),
    ("service", "admin"),
    ("service", "coordinator"),
    ("service", "mediator"),
    ("service", "reception"),
    ("service", "board"),
    ("service", "partner"),
    ("service", "network_staff"),
]


def make_outsider(where, role, network, service):
    if where == "network":
        organisation = network
    else:
        service.networks.add(network)
        organisation = service
    return MembershipFactory(organisation=organisation, role=role)
