"""Who reaches a network's public pages and its settings: everyone reads a published site; only
the network's own admin and staff preview it unpublished and edit it."""

import pytest

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.core.tests.clock import pin_clock
from palabre.website.tests.network_support import TODAY, build, make_network, publish

PUBLIC = ["/reseau-test/", "/reseau-test/membres/", "/reseau-test/formations/",
          "/reseau-test/rencontres/", "/reseau-test/chiffres/"]  # fmt: skip
SETTINGS = "/site-public/reseau/"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


@pytest.fixture
def world(db):
    network, staff = make_network()
    built = build(network, staff)
    service = OrganisationFactory(slug="service-membre")
    service.networks.add(network)
    foreign, _foreign_staff = make_network(slug="autre-reseau", name="Autre réseau")
    return {"network": network, "service": service, "foreign": foreign, **built}


# (who, organisation, role, previews the unpublished site, opens the settings page — its own
# network's: test_the_settings_of_another_network_are_its_own)
ROLES = [
    ("network admin", "network", "admin", True, True),
    ("network staff", "network", "network_staff", True, True),
    ("network board", "network", "board", False, False),
    ("network coordinator", "network", "coordinator", False, False),
    ("service admin", "service", "admin", False, False),
    ("service coordinator", "service", "coordinator", False, False),
    ("mediator", "service", "mediator", False, False),
    ("reception", "service", "reception", False, False),
    ("board", "service", "board", False, False),
    ("partner", "service", "partner", False, False),
    ("staff of another network", "foreign", "network_staff", False, True),
    ("admin of another network", "foreign", "admin", False, True),
]
IDS = [row[0] for row in ROLES]


def as_role(login, world, where, role):
    return login(MembershipFactory(organisation=world[where], role=role))


@pytest.mark.parametrize(("who", "where", "role", "previews", "edits"), ROLES, ids=IDS)
def test_everyone_reads_a_published_site(client, world, login, who, where, role, previews, edits):
    client = as_role(login, world, where, role)

    assert [client.get(url).status_code for url in PUBLIC] == [200] * len(PUBLIC)


def test_a_visitor_without_an_account_reads_a_published_site(client, world):
    assert [client.get(url).status_code for url in PUBLIC] == [200] * len(PUBLIC)


@pytest.mark.parametrize(("who", "where", "role", "previews", "edits"), ROLES, ids=IDS)
def test_only_the_networks_staff_previews_an_unpublished_site(
    client, world, login, who, where, role, previews, edits
):
    publish(world["network"], is_published=False)
    client = as_role(login, world, where, role)

    expected = 200 if previews else 404
    assert [client.get(url).status_code for url in PUBLIC] == [expected] * len(PUBLIC)


@pytest.mark.parametrize(("who", "where", "role", "previews", "edits"), ROLES, ids=IDS)
def test_only_the_networks_staff_opens_the_settings(
    client, world, login, who, where, role, previews, edits
):
    client = as_role(login, world, where, role)

    response = client.get(SETTINGS)

    assert response.status_code == (200 if edits else 404)


def test_the_settings_of_another_network_are_its_own(client, world, login):
    client = as_role(login, world, "foreign", "network_staff")

    html = client.get(SETTINGS).content.decode()

    assert "Médiation sociale de Brest" not in html


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_settings(client, world):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/")


def test_a_visitor_never_sees_an_unpublished_site_nor_an_unknown_one(client, world):
    publish(world["network"], is_published=False)

    assert client.get("/reseau-test/membres/").status_code == 404
    assert client.get("/autre-reseau/membres/").status_code == 404
    assert client.get("/nulle-part/membres/").status_code == 404
