import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory
from palabre.core.models import JournalEntry
from palabre.partners.models import Partner, PartnerKind, PartnerName
from palabre.partners.tests.factories import (
    ContactFactory,
    ConventionFactory,
    PartnerFactory,
    ResidenceFactory,
    VenueFactory,
)
from palabre.partners.tests.helpers import page

LIST = reverse("partners:list")
CREATE = reverse("partners:create")


def detail_url(partner):
    return reverse("partners:detail", args=[partner.pk])


def partner_data(**overrides):
    data = {
        "kind": PartnerKind.SOCIAL_LANDLORD,
        "name": "Néotoa",
        "short_name": "",
        "address": "",
        "commune": "",
        "phone": "",
        "email": "",
        "website": "",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def rennes(service):
    return CommuneFactory(organisation=service, name="Rennes")


# --- The list --------------------------------------------------------------------------------


def test_the_directory_lists_the_service_partners_and_none_of_another(
    login, coordinator, service, other_service
):
    own = PartnerFactory(organisation=service, name="Archipel Habitat")
    foreign = PartnerFactory(organisation=other_service, name="Archipel d'ailleurs")
    content = page(login(coordinator).get(LIST))
    assert detail_url(own) in content
    assert detail_url(foreign) not in content
    assert "1 partenaire" in content


@pytest.mark.parametrize("query", ["neotoa", "NÉOTOA", "Neo"])
def test_search_ignores_accents_and_case(login, coordinator, service, query):
    neotoa = PartnerFactory(organisation=service, name="Néotoa")
    other = PartnerFactory(organisation=service, name="Aiguillon Construction")
    content = page(login(coordinator).get(LIST, {"q": query}))
    assert detail_url(neotoa) in content
    assert detail_url(other) not in content


def test_search_finds_a_partner_by_its_short_name(login, coordinator, service):
    arcs = PartnerFactory(
        organisation=service, name="Association rennaise des centres sociaux", short_name="ARCS"
    )
    assert detail_url(arcs) in page(login(coordinator).get(LIST, {"q": "arcs"}))


def test_the_directory_filters_by_kind_and_by_funders(login, coordinator, service):
    landlord = PartnerFactory(organisation=service, landlord=True, name="Bailleur")
    funder = PartnerFactory(organisation=service, funder=True, name="Financeur")
    client = login(coordinator)
    by_kind = page(client.get(LIST, {"kind": PartnerKind.SOCIAL_LANDLORD}))
    assert detail_url(landlord) in by_kind and detail_url(funder) not in by_kind
    funders = page(client.get(LIST, {"funders": "on"}))
    assert detail_url(funder) in funders and detail_url(landlord) not in funders


def test_inactive_partners_are_listed_only_on_request(login, coordinator, service):
    former = PartnerFactory(organisation=service, is_active=False)
    client = login(coordinator)
    assert detail_url(former) not in page(client.get(LIST))
    assert detail_url(former) in page(client.get(LIST, {"inactive": "on"}))


def test_a_bad_filter_value_answers_in_french_and_lists_nothing(login, coordinator, service):
    partner = PartnerFactory(organisation=service)
    content = page(login(coordinator).get(LIST, {"kind": "ALIENS"}))
    assert "Sélectionnez un choix valide" in content
    assert detail_url(partner) not in content


def test_an_htmx_search_returns_only_the_results(login, coordinator, service):
    partner = PartnerFactory(organisation=service, name="Néotoa")
    response = login(coordinator).get(LIST, {"q": "neo"}, headers={"HX-Request": "true"})
    content = page(response)
    assert detail_url(partner) in content
    assert "<form" not in content and "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_the_list_costs_the_same_queries_whatever_the_number_of_partners(
    login, coordinator, service, rennes, django_assert_max_num_queries
):
    client = login(coordinator)
    for number in range(3):
        PartnerFactory(organisation=service, commune=rennes, name=f"Petit {number}")
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for number in range(15):
        PartnerFactory(organisation=service, commune=rennes, name=f"Grand {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_reception_reads_the_directory_but_is_offered_no_edit(login, member, service):
    partner = PartnerFactory(organisation=service)
    client = login(member("reception"))
    assert CREATE not in page(client.get(LIST))
    content = page(client.get(detail_url(partner)))
    assert reverse("partners:edit", args=[partner.pk]) not in content
    assert "Livrables à rendre" not in page(client.get(LIST))


# --- The partner page ------------------------------------------------------------------------


def test_the_partner_page_shows_contacts_residences_venues_conventions_and_former_names(
    login, coordinator, service
):
    landlord = PartnerFactory(organisation=service, landlord=True, funder=True, name="Néotoa")
    ContactFactory(partner=landlord, first_name="Maëlle", last_name="Fictive")
    ContactFactory(partner=landlord, first_name="Ancien", last_name="Contact", is_active=False)
    ResidenceFactory(landlord=landlord, name="Résidence Les Tilleuls")
    VenueFactory(organisation=service, host=landlord, name="Local des Tilleuls")
    signed = ConventionFactory(organisation=service, partners=[landlord], title="Convention A")
    funded = ConventionFactory(organisation=service, funder=landlord, title="Convention B")
    PartnerName.objects.create(
        organisation=service, partner=landlord, name="OPH 35", valid_until=dt.date(2010, 1, 1)
    )
    content = page(login(coordinator).get(detail_url(landlord)))
    assert "Maëlle Fictive" in content
    assert "Anciens contacts" in content and "Ancien Contact" in content
    assert "Résidence Les Tilleuls" in content
    assert "Local des Tilleuls" in content
    assert reverse("partners:convention_detail", args=[signed.pk]) in content
    assert reverse("partners:convention_detail", args=[funded.pk]) in content
    assert "OPH 35" in content and "jusqu'au 01/01/2010" in content


def test_reception_does_not_see_former_contacts_nor_the_history(login, member, service):
    partner = PartnerFactory(organisation=service)
    ContactFactory(partner=partner, first_name="Ancien", last_name="Contact", is_active=False)
    content = page(login(member("reception")).get(detail_url(partner)))
    assert "Ancien Contact" not in content
    assert "Historique" not in content


# --- Creating and editing a partner ----------------------------------------------------------


def test_a_coordinator_adds_a_partner_and_the_journal_says_so(login, coordinator, service, rennes):
    response = login(coordinator).post(CREATE, partner_data(commune=str(rennes.pk), is_funder="on"))
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(partner)
    assert partner.organisation == service
    assert partner.is_funder and partner.commune == rennes
    assert partner.search_text == "neotoa"
    entry = JournalEntry.objects.get(subject_id=partner.pk)
    assert entry.verb == "partner_created" and entry.actor == coordinator.user


@pytest.mark.parametrize("duplicate", ["Néotoa", "neotoa", "NEOTOA "])
def test_a_duplicate_partner_name_is_refused_clearly(login, coordinator, service, duplicate):
    PartnerFactory(organisation=service, name="Néotoa")
    content = page(login(coordinator).post(CREATE, partner_data(name=duplicate)))
    assert "Un partenaire du service s'appelle déjà" in content
    assert "rien n'a été enregistré" in content
    assert Partner.objects.count() == 1


def test_the_same_name_is_free_in_another_service(login, coordinator, other_service):
    PartnerFactory(organisation=other_service, name="Néotoa")
    assert login(coordinator).post(CREATE, partner_data()).status_code == 302


def test_bad_partner_input_answers_field_by_field_in_french(login, coordinator, other_service):
    foreign_commune = CommuneFactory(organisation=other_service)
    content = page(
        login(coordinator).post(
            CREATE,
            partner_data(
                kind="", email="pas-une-adresse", commune=str(foreign_commune.pk), website="x"
            ),
        )
    )
    assert "Ce champ est obligatoire." in content
    assert "Saisissez une adresse de courriel valide." in content
    assert "Sélectionnez un choix valide" in content
    assert "Saisissez une URL valide." in content
    assert not Partner.objects.exists()


def test_editing_a_partner_keeps_the_page_unchanged_when_the_input_is_wrong(
    login, coordinator, service
):
    partner = PartnerFactory(organisation=service, name="Néotoa", landlord=True)
    url = reverse("partners:edit", args=[partner.pk])
    content = page(login(coordinator).post(url, partner_data(email="faux", is_active="on")))
    assert "Saisissez une adresse de courriel valide." in content
    partner.refresh_from_db()
    assert partner.email == ""


def test_a_coordinator_deactivates_a_partner_through_its_record(login, coordinator, service):
    partner = PartnerFactory(organisation=service, name="Néotoa", landlord=True)
    url = reverse("partners:edit", args=[partner.pk])
    assert login(coordinator).post(url, partner_data()).status_code == 302
    partner.refresh_from_db()
    assert not partner.is_active


def test_a_funder_of_conventions_stays_a_funder(login, coordinator, service):
    partner = PartnerFactory(organisation=service, name="Néotoa", landlord=True, funder=True)
    ConventionFactory(organisation=service, funder=partner)
    url = reverse("partners:edit", args=[partner.pk])
    content = page(login(coordinator).post(url, partner_data(is_active="on")))
    assert "Ce partenaire finance des conventions : il reste financeur." in content
    partner.refresh_from_db()
    assert partner.is_funder


def test_a_landlord_with_residences_stays_a_landlord(login, coordinator, service):
    landlord = PartnerFactory(organisation=service, name="Néotoa", landlord=True)
    ResidenceFactory(landlord=landlord)
    url = reverse("partners:edit", args=[landlord.pk])
    content = page(
        login(coordinator).post(url, partner_data(kind=PartnerKind.SYNDIC, is_active="on"))
    )
    assert "il reste bailleur social" in content
