"""The demo network's public site: published, most members listed, working groups kept inside."""

from palabre.cases.tests.factories import OrganisationFactory
from palabre.core.tests.clock import pin_clock
from palabre.network.demo import seed_network
from palabre.network.models import EventKind
from palabre.website import network_access
from palabre.website.network_demo import seed_network_site
from palabre.website.tests.network_support import TODAY


def test_the_demo_network_site_is_published_with_most_members_listed(db, client, monkeypatch):
    pin_clock(monkeypatch, TODAY)
    network = OrganisationFactory(kind="NETWORK", slug="reseau-demo", name="Réseau démo")
    seed_network(network, today=TODAY, size=10)

    shown = seed_network_site(network)

    active = network_access.member_choices(network).count()
    assert network_access.site_of(network).is_published
    assert active * 3 // 4 <= shown["members"] < active
    kinds = set(network_access.public_events(network).values_list("kind", flat=True))
    assert EventKind.WORKING_GROUP not in kinds and kinds
    assert client.get("/reseau-demo/membres/").status_code == 200
