"""The library's verbs: a resource is whole (its file or address, a pole of its network), a file
is what its name says, a new version keeps the history, a withdrawal hides the resource; a
refusal changes nothing, and each verb writes one Journal row on the network."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.core.actions import Refused
from palabre.core.models import JournalEntry
from palabre.library import access, actions
from palabre.library.models import Resource, ResourceVersion, Tag
from palabre.library.tests.support import pdf, share, text


def _counts():
    return (Resource.objects.count(), ResourceVersion.objects.count(), Tag.objects.count())


def test_sharing_writes_the_first_version_the_tags_and_the_journal(world):
    staff = world.people["network_staff"]

    resource = share(world.network, staff, title="Guide", tags=["Écoute", "écoute ", "Voisinage"])

    assert resource.version == 1
    assert resource.versions.get().filename == "fiche.pdf"
    assert sorted(t.name for t in resource.tags.all()) == ["Voisinage", "Écoute"]
    assert resource.author == world.network
    assert "ecoute" in resource.search_text and resource.search_title == "guide"
    entry = JournalEntry.objects.filter(subject_id=resource.pk).get()
    assert (entry.organisation, entry.verb) == (world.network, "resource_shared")


def test_a_member_shares_as_its_own_service(world):
    resource = world.resources["by_rennes"]

    assert resource.author == world.services["rennes"]
    assert resource.network == world.network


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"visibility": "POLE"}, "pôle"),
        ({"kind": "LINK", "url": ""}, "adresse"),
        ({"kind": "VIDEO", "url": "https://exemple.fr/v", "file": pdf()}, "sans fichier"),
        ({"file": None}, "fichier"),
        ({"file": SimpleUploadedFile("fiche.pdf", b"MZ\x90\x00programme")}, "contenu"),
        ({"file": SimpleUploadedFile("photo.png", b"du texte")}, "contenu"),
        ({"tags": [f"mot {n}" for n in range(11)]}, "mots-clés"),
    ],
)
def test_an_incomplete_or_false_resource_is_refused_and_nothing_is_saved(world, fields, message):
    before = _counts()
    with pytest.raises(Refused) as refused:
        share(world.network, world.people["network_staff"], **fields)

    assert message in refused.value.message
    assert _counts() == before


def test_a_pole_of_another_network_is_refused(world):
    other_pole = world.poles["bre"]
    before = _counts()
    with pytest.raises(Refused):
        share(world.foreign, world.people["foreign_staff"], visibility="POLE", pole=other_pole)
    assert _counts() == before


def test_a_pole_is_dropped_when_the_resource_is_not_for_a_pole(world):
    resource = share(
        world.network, world.people["network_staff"], visibility="MEMBERS", pole=world.poles["bre"]
    )
    assert resource.pole is None


def test_a_new_version_replaces_the_file_and_keeps_the_history(world, login):
    resource = world.resources["by_rennes"]
    coordinator = world.people["coordinator"]

    version = actions.add_version(
        resource=resource, by=coordinator, file=text("compte-rendu.txt"), note="Plus court"
    )

    resource.refresh_from_db()
    assert (resource.version, version.number) == (2, 2)
    assert [v.number for v in resource.versions.all()] == [2, 1]
    client = login(world.people["mediator"])
    current = client.get(f"/ressources/{resource.pk}/telecharger/")
    assert b"".join(current.streaming_content) == b"Une note de travail.\n"
    first = client.get(f"/ressources/{resource.pk}/versions/1/telecharger/")
    assert b"".join(first.streaming_content).startswith(b"%PDF-")


def test_a_link_s_new_version_changes_its_address(world):
    staff = world.people["network_staff"]
    link = share(world.network, staff, title="Vidéo", kind="VIDEO", url="https://exemple.fr/1")

    actions.add_version(resource=link, by=staff, url="https://exemple.fr/2", note="Sous-titres")

    link.refresh_from_db()
    assert (link.version, link.url) == (2, "https://exemple.fr/2")
    assert [v.url for v in link.versions.all()] == ["https://exemple.fr/2", "https://exemple.fr/1"]


def test_a_file_never_becomes_a_link(world):
    resource = world.resources["members"]
    with pytest.raises(Refused):
        actions.update_resource(
            resource=resource,
            by=world.people["network_staff"],
            kind="LINK",
            title="Autre",
            summary="x",
            audience="MEDIATORS",
            licence="CC_BY",
            visibility="MEMBERS",
        )
    resource.refresh_from_db()
    assert (resource.kind, resource.title) == ("PRACTICE_SHEET", "Guide d'évaluation")


def test_an_update_refreshes_the_search_columns(world):
    resource = world.resources["members"]

    actions.update_resource(
        resource=resource,
        by=world.people["network_staff"],
        kind="STUDY",
        title="Étude ÉTÉ",
        summary="Résumé",
        audience="DIRECTORS",
        licence="ETALAB_2",
        visibility="PUBLIC",
        tags=["Évaluation"],
    )

    resource.refresh_from_db()
    assert resource.search_title == "etude ete"
    assert "evaluation" in resource.search_text


def test_a_withdrawn_resource_leaves_its_readers_and_cannot_change(world):
    resource = world.resources["members"]
    staff = world.people["network_staff"]

    actions.withdraw_resource(resource=resource, by=staff)

    assert not access.resources_for(world.people["mediator"]).filter(pk=resource.pk).exists()
    assert access.resources_for(staff).filter(pk=resource.pk).exists()
    with pytest.raises(Refused):
        actions.withdraw_resource(resource=resource, by=staff)
    with pytest.raises(Refused):
        actions.add_version(resource=resource, by=staff, file=pdf())
    assert resource.versions.count() == 1
