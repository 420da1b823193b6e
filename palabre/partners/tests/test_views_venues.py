import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory, QuartierFactory
from palabre.partners.models import Venue
from palabre.partners.tests.factories import PartnerFactory, VenueFactory
from palabre.partners.tests.helpers import page

LIST = reverse("partners:venue_list")
CREATE = reverse("partners:venue_create")


@pytest.fixture
def territory(service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    return {
        "rennes": rennes,
        "villejean": QuartierFactory(commune=rennes, name="Villejean - Beauregard"),
        "cesson": CommuneFactory(organisation=service, name="Cesson-Sévigné"),
    }


def venue_data(territory, **overrides):
    data = {
        "name": "Le Cadran",
        "host": "",
        "address": "11 avenue André Mussat",
        "commune": str(territory["rennes"].pk),
        "quartier": str(territory["villejean"].pk),
        "access_notes": "Métro Villejean-Université",
    }
    data.update(overrides)
    return data


def test_a_mediator_reads_where_the_service_receives_but_not_the_directory(
    login, member, service, other_service
):
    host = PartnerFactory(organisation=service, name="Association 3 Regards")
    own = VenueFactory(organisation=service, name="Le Cadran", host=host)
    foreign = VenueFactory(organisation=other_service, name="Lieu d'ailleurs")
    content = page(login(member("mediator")).get(LIST))
    assert own.name in content and "Association 3 Regards" in content
    assert foreign.name not in content
    assert reverse("partners:detail", args=[host.pk]) not in content
    assert CREATE not in content


def test_inactive_venues_are_listed_apart(login, coordinator, service):
    VenueFactory(organisation=service, name="Ancienne permanence", is_active=False)
    content = page(login(coordinator).get(LIST))
    assert "Lieux qui ne servent plus" in content
    assert content.index("Lieux qui ne servent plus") < content.index("Ancienne permanence")


def test_a_coordinator_adds_a_venue_hosted_by_a_partner(login, coordinator, service, territory):
    host = PartnerFactory(organisation=service, name="Association 3 Regards")
    response = login(coordinator).post(CREATE, venue_data(territory, host=str(host.pk)))
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.organisation, venue.host, venue.quartier) == (
        service,
        host,
        territory["villejean"],
    )


def test_a_venue_in_a_quartier_of_another_commune_is_refused(login, coordinator, territory):
    data = venue_data(territory, commune=str(territory["cesson"].pk))
    content = page(login(coordinator).post(CREATE, data))
    assert "n'est pas dans la commune « Cesson-Sévigné »" in content
    assert not Venue.objects.exists()


def test_a_venue_needs_an_address_and_a_commune_and_a_free_name(
    login, coordinator, service, territory
):
    VenueFactory(organisation=service, name="Le Cadran")
    content = page(login(coordinator).post(CREATE, venue_data(territory, address="", commune="")))
    assert content.count("Ce champ est obligatoire.") == 2
    assert "Un lieu du service s'appelle déjà « Le Cadran »." in content
    assert Venue.objects.count() == 1


def test_a_partner_of_another_service_cannot_host_a_venue(
    login, coordinator, other_service, territory
):
    foreign = PartnerFactory(organisation=other_service)
    content = page(login(coordinator).post(CREATE, venue_data(territory, host=str(foreign.pk))))
    assert "Sélectionnez un choix valide" in content
    assert not Venue.objects.exists()


def test_a_coordinator_closes_a_venue_by_editing_it(login, coordinator, service, territory):
    venue = VenueFactory(organisation=service, commune=territory["rennes"], name="Le Cadran")
    url = reverse("partners:venue_edit", args=[venue.pk])
    client = login(coordinator)
    assert 'name="is_active"' in page(client.get(url))
    assert client.post(url, venue_data(territory)).status_code == 302
    venue.refresh_from_db()
    assert not venue.is_active
    assert venue.access_notes == "Métro Villejean-Université"
