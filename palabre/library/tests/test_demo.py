"""The demo's library: a dozen resources of the network in the three visibilities and one of
the demo service, with keywords and real files, read by the demo service as its pole allows."""

import pytest

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.library import access
from palabre.library.demo import seed_library
from palabre.library.models import Resource, Visibility
from palabre.library.public import public_resources
from palabre.library.tests.support import NOW
from palabre.network.demo import seed_network


@pytest.fixture
def demo(db, clock):
    network = OrganisationFactory(kind="NETWORK", slug="reseau-demo", name="Réseau (démo)")
    service = OrganisationFactory(slug="service-demo", name="Cité et médiation (démo)")
    seed_network(network, today=NOW.date(), demo_service=service, size=6)
    built = seed_library(network, demo_service=service)
    return network, service, built


def test_the_demo_library_has_every_visibility_tags_and_real_files(demo):
    network, service, built = demo
    resources = Resource.objects.of(network)

    assert built["resources"] == resources.count() == 13
    assert set(resources.values_list("visibility", flat=True)) == set(Visibility.values)
    assert resources.filter(author=service).count() == 1
    assert all(resource.tags.exists() for resource in resources)
    for resource in resources.exclude(kind__in=["VIDEO", "LINK"]):
        version = resource.versions.first()
        with version.file.open("rb") as handle:
            content = handle.read()
        if version.filename.endswith(".pdf"):
            assert content.startswith(b"%PDF-")
        else:
            assert version.filename.endswith(".txt")
            assert content.decode().startswith(resource.title)
    charter = resources.get(title__startswith="Charte")
    assert [v.number for v in charter.versions.all()] == [2, 1]


def test_the_demo_service_reads_its_pole_s_resources_and_not_the_other_pole_s(demo):
    network, service, _built = demo
    mediator = MembershipFactory(organisation=service, role="mediator")

    titles = set(access.resources_for(mediator).values_list("title", flat=True))

    assert any("Grand Ouest" in title for title in titles)
    assert not any("Pôle Sud" in title for title in titles)
    assert {r.title for r in public_resources(network)} <= titles
    assert len(public_resources(network)) == 4


def test_the_demo_network_and_service_are_deleted_with_their_library(demo):
    network, service, _built = demo

    type(network).objects.filter(pk__in=[network.pk, service.pk]).delete()

    assert not Resource.objects.exists()
