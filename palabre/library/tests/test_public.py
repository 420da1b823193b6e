"""What the network's public pages get from the library: public, current resources of that
network only, with their public fields; members' and poles' resources never come out."""

import dataclasses

from django.urls import reverse

from palabre.library.public import PublicResource, public_resources
from palabre.library.tests.support import share


def test_only_the_current_public_resources_of_the_network_come_out(world):
    found = public_resources(world.network)

    assert [r.title for r in found] == ["Charte de la médiation"]
    assert all(isinstance(r, PublicResource) for r in found)


def test_members_and_pole_resources_never_come_out_whatever_the_query(world):
    hidden = {
        world.resources[key].title
        for key in ("members", "pole_bre", "pole_idf", "by_rennes", "by_montreuil", "withdrawn")
    }
    for query in [None, "", "guide", "échanges", "pôle", "modèle", "ancienne", "étude"]:
        titles = {r.title for r in public_resources(world.network, query=query)}
        assert not titles & hidden, query


def test_the_public_fields_say_nothing_of_who_shared_it_or_of_poles(world):
    (shown,) = public_resources(world.network)

    assert {field.name for field in dataclasses.fields(shown)} == {
        "id",
        "title",
        "summary",
        "kind",
        "audience",
        "licence",
        "version",
        "author",
        "tags",
        "updated_on",
        "url",
    }
    assert shown.author == "Réseau test"
    assert shown.url == reverse("library:public_download", args=[shown.id])
    assert not shown.is_link


def test_a_query_and_a_limit_narrow_the_public_list(world):
    staff = world.people["network_staff"]
    share(world.network, staff, title="Vidéo : la MÉDIATION", kind="VIDEO", visibility="PUBLIC")
    share(world.network, staff, title="Rapport annuel", visibility="PUBLIC")

    found = public_resources(world.network, query="Médiation")
    assert [r.title for r in found] == ["Charte de la médiation", "Vidéo : la MÉDIATION"]
    assert found[1].is_link and found[1].url == "https://exemple.fr/video"
    assert len(public_resources(world.network, limit=2)) == 2


def test_a_service_or_nothing_has_no_public_library(world):
    assert public_resources(world.services["rennes"]) == []
    assert public_resources(None) == []


def test_the_foreign_network_s_public_resources_stay_its_own(world):
    assert [r.title for r in public_resources(world.foreign)] == ["Ressource d'un autre réseau"]
