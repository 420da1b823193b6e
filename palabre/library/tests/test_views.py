"""Sharing, editing, a new version and withdrawal through the pages: the files' checks, clear
French refusals that save nothing, and what each page shows."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palabre.library.models import Resource, ResourceVersion
from palabre.library.tests.support import PDF, pdf


def _form(**fields):
    data = {
        "kind": "PRACTICE_SHEET",
        "title": "Fiche : accueillir une plainte",
        "summary": "Les étapes d'un premier accueil.",
        "audience": "MEDIATORS",
        "licence": "CC_BY_SA",
        "visibility": "MEMBERS",
        "pole": "",
        "tags": "accueil, plainte",
        "url": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_a_member_coordinator_shares_a_file_for_its_pole(world, login):
    client = login(world.people["coordinator"])
    data = _form(visibility="POLE", pole=world.poles["bre"].pk, file=pdf("accueil.pdf"))
    data["network"] = world.network.pk

    response = client.post(reverse("library:create"), data)

    resource = Resource.objects.get(title="Fiche : accueillir une plainte")
    assert response.status_code == 302
    assert response["Location"] == reverse("library:detail", args=[resource.pk])
    assert (resource.author, resource.pole) == (world.services["rennes"], world.poles["bre"])
    page = client.get(response["Location"]).content.decode()
    assert "accueil.pdf" in page and "Pôle Ouest" in page and "Nouvelle version" in page


def test_the_network_field_is_hidden_when_there_is_one_network(world, login):
    page = login(world.people["coordinator"]).get(reverse("library:create")).content.decode()

    assert f'type="hidden" name="network" value="{world.network.pk}"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_file_whose_content_is_not_its_extension_is_refused_in_french(world, login):
    client = login(world.people["network_staff"])
    before = (Resource.objects.count(), ResourceVersion.objects.count())
    fake = SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 un programme")

    response = client.post(reverse("library:create"), _form(file=fake, network=world.network.pk))

    assert response.status_code == 200
    assert "ne correspond pas à son extension" in response.content.decode()
    assert (Resource.objects.count(), ResourceVersion.objects.count()) == before


def test_a_pole_of_another_network_is_refused(world, login):
    client = login(world.people["foreign_staff"])
    before = Resource.objects.count()

    response = client.post(
        reverse("library:create"),
        _form(visibility="POLE", pole=world.poles["bre"].pk, file=pdf(), network=world.foreign.pk),
    )

    assert response.status_code == 200
    assert Resource.objects.count() == before


def test_a_link_is_shared_by_its_address(world, login):
    client = login(world.people["network_staff"])

    client.post(
        reverse("library:create"),
        _form(kind="VIDEO", url="https://exemple.fr/film", network=world.network.pk),
    )

    resource = Resource.objects.get(kind="VIDEO")
    page = client.get(reverse("library:detail", args=[resource.pk])).content.decode()
    assert "Voir la vidéo" in page and "https://exemple.fr/film" in page


def test_editing_changes_what_is_said_and_keeps_the_file(world, login):
    resource = world.resources["by_rennes"]
    client = login(world.people["coordinator"])

    response = client.post(
        reverse("library:edit", args=[resource.pk]),
        _form(kind="TEMPLATE", title="Modèle de compte rendu (2026)", visibility="PUBLIC"),
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.visibility, resource.version) == (
        "Modèle de compte rendu (2026)",
        "PUBLIC",
        1,
    )


def test_editing_offers_only_kinds_of_the_same_shape(world, login):
    resource = world.resources["by_rennes"]
    client = login(world.people["coordinator"])

    response = client.post(reverse("library:edit", args=[resource.pk]), _form(kind="LINK"))

    assert response.status_code == 200
    resource.refresh_from_db()
    assert resource.kind == "TEMPLATE"


def test_a_new_version_through_its_page(world, login):
    resource = world.resources["members"]
    client = login(world.people["network_admin"])
    new_file = SimpleUploadedFile("guide-v2.pdf", PDF + b"% v2\n")

    response = client.post(
        reverse("library:version", args=[resource.pk]), {"note": "Mise à jour", "file": new_file}
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.version == 2
    page = client.get(reverse("library:detail", args=[resource.pk])).content.decode()
    assert "guide-v2.pdf" in page and "fiche.pdf" in page and "Mise à jour" in page


def test_a_new_version_needs_its_file(world, login):
    resource = world.resources["members"]
    client = login(world.people["network_staff"])

    response = client.post(reverse("library:version", args=[resource.pk]), {"note": "Rien"})

    assert response.status_code == 200
    resource.refresh_from_db()
    assert resource.version == 1


def test_withdrawing_hides_the_resource_from_its_readers(world, login):
    resource = world.resources["by_rennes"]
    client = login(world.people["coordinator"])

    response = client.post(reverse("library:withdraw", args=[resource.pk]))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.is_withdrawn
    page = client.get(reverse("library:detail", args=[resource.pk])).content.decode()
    assert "Retirée de la bibliothèque" in page
    mediator = login(world.people["mediator"])
    assert mediator.get(reverse("library:detail", args=[resource.pk])).status_code == 404
    assert client.get(reverse("library:edit", args=[resource.pk])).status_code == 404


def test_withdrawing_asks_for_a_post(world, login):
    resource = world.resources["by_rennes"]
    client = login(world.people["coordinator"])

    assert client.get(reverse("library:withdraw", args=[resource.pk])).status_code == 405
    resource.refresh_from_db()
    assert not resource.is_withdrawn


def test_a_search_the_list_cannot_take_is_said_not_dropped_in_silence(world, login):
    client = login(world.people["coordinator"])

    page = client.get(reverse("library:list"), {"q": "médiation\x00"}).content.decode()

    assert "Certains critères ne sont pas valides" in page
