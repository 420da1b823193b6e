"""Renames, contacts and residences of a partner."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, QuartierFactory
from palabre.core.models import JournalEntry
from palabre.partners import actions
from palabre.partners.models import Contact, Partner, PartnerKind, PartnerName, Residence
from palabre.partners.tests.factories import ContactFactory, PartnerFactory, ResidenceFactory
from palabre.partners.tests.helpers import page


def detail_url(partner):
    return reverse("partners:detail", args=[partner.pk])


# --- Renaming --------------------------------------------------------------------------------

FORMER = "Fondation Abbé Pierre pour le logement des défavorisés"
NEW = "Fondation pour le logement des défavorisés"


def test_renaming_the_fondation_abbe_pierre_keeps_its_former_name_for_earlier_days(
    login, coordinator, service
):
    fondation = PartnerFactory(
        organisation=service, name=FORMER, kind=PartnerKind.FOUNDATION, funder=True
    )
    url = reverse("partners:rename", args=[fondation.pk])
    response = login(coordinator).post(url, {"new_name": NEW, "renamed_on": "2025-03-17"})
    assert response.status_code == 302
    fondation.refresh_from_db()
    assert fondation.name == NEW
    former = fondation.former_names.get()
    assert (former.name, former.valid_from, former.valid_until) == (
        FORMER,
        None,
        dt.date(2025, 3, 16),
    )
    assert fondation.name_on(dt.date(2024, 6, 1)) == FORMER
    assert fondation.name_on(dt.date(2025, 3, 16)) == FORMER
    assert fondation.name_on(dt.date(2025, 3, 17)) == NEW
    assert Partner.objects.matching("logement defavorises").get() == fondation
    content = page(login(coordinator).get(detail_url(fondation)))
    assert "Anciens noms" in content and "jusqu'au 16/03/2025" in content


def test_a_second_rename_starts_where_the_first_ended(login, coordinator, service):
    partner = PartnerFactory(organisation=service, name="OPHLM de Rennes")
    actions.rename_partner(
        partner=partner, by=coordinator, new_name="Office 2", renamed_on=dt.date(2004, 1, 1)
    )
    url = reverse("partners:rename", args=[partner.pk])
    client = login(coordinator)
    too_early = page(client.post(url, {"new_name": "Archipel Habitat", "renamed_on": "2003-06-01"}))
    assert "le changement doit être postérieur" in too_early
    client.post(url, {"new_name": "Archipel Habitat", "renamed_on": "2010-01-01"})
    partner.refresh_from_db()
    assert [partner.name_on(dt.date(year, 6, 1)) for year in (2000, 2005, 2011)] == [
        "OPHLM de Rennes",
        "Office 2",
        "Archipel Habitat",
    ]
    assert partner.former_names.get(name="Office 2").valid_from == dt.date(2004, 1, 1)


@pytest.mark.parametrize(
    ("new_name", "message"),
    [
        ("Néotoa", "C'est déjà le nom du partenaire."),
        ("Archipel Habitat", "Un partenaire du service s'appelle déjà « Archipel Habitat »."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_a_rename_is_refused_when_it_would_change_nothing_or_clash(
    login, coordinator, service, new_name, message
):
    partner = PartnerFactory(organisation=service, name="Néotoa")
    PartnerFactory(organisation=service, name="Archipel Habitat")
    url = reverse("partners:rename", args=[partner.pk])
    content = page(login(coordinator).post(url, {"new_name": new_name, "renamed_on": "2025-01-01"}))
    assert message in content
    assert not PartnerName.objects.exists()


# --- Contacts --------------------------------------------------------------------------------


def contact_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Exemple",
        "job_title": "Chargée de gestion locative",
        "email": "camille.exemple@bailleur.example",
        "phone": "02 61 91 00 00",
        "membership": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_a_contact_without_naming_them_in_the_journal(
    login, coordinator, service
):
    partner = PartnerFactory(organisation=service)
    url = reverse("partners:contact_create", args=[partner.pk])
    assert login(coordinator).post(url, contact_data()).status_code == 302
    contact = partner.contacts.get()
    assert contact.organisation == service and contact.email.startswith("camille")
    entry = JournalEntry.objects.get(subject_id=partner.pk, verb="contact_added")
    assert "Camille" not in entry.summary and "Exemple" not in entry.summary


def test_a_malformed_contact_email_is_refused_and_nothing_is_saved(login, coordinator, service):
    partner = PartnerFactory(organisation=service)
    url = reverse("partners:contact_create", args=[partner.pk])
    content = page(login(coordinator).post(url, contact_data(email="camille@", last_name="")))
    assert "Saisissez une adresse de courriel valide." in content
    assert "Ce champ est obligatoire." in content
    assert not Contact.objects.exists()


def test_a_contact_may_hold_a_partner_account_of_the_service_only(
    login, coordinator, member, service, other_service
):
    partner = PartnerFactory(organisation=service)
    account = member("partner")
    taken = member("partner")
    ContactFactory(partner=PartnerFactory(organisation=service), membership=taken)
    mediator = member("mediator")
    foreign = MembershipFactory(organisation=other_service, role="partner")
    url = reverse("partners:contact_create", args=[partner.pk])
    client = login(coordinator)
    form = page(client.get(url))
    assert f'value="{account.pk}"' in form
    for refused in (taken, mediator, foreign):
        assert f'value="{refused.pk}"' not in form
        content = page(client.post(url, contact_data(membership=str(refused.pk))))
        assert "Sélectionnez un choix valide" in content
    assert client.post(url, contact_data(membership=str(account.pk))).status_code == 302
    assert partner.contacts.get().membership == account


def test_editing_a_contact_keeps_their_own_account_selectable(login, coordinator, member, service):
    account = member("partner")
    contact = ContactFactory(partner=PartnerFactory(organisation=service), membership=account)
    url = reverse("partners:contact_edit", args=[contact.partner.pk, contact.pk])
    client = login(coordinator)
    assert f'value="{account.pk}" selected' in page(client.get(url))
    response = client.post(url, contact_data(membership=str(account.pk), job_title="Directrice"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.job_title == "Directrice" and contact.membership == account


def test_deactivating_a_contact_closes_their_partner_portal(login, coordinator, member, service):
    from palabre.partners.access import partner_of

    account = member("partner")
    contact = ContactFactory(partner=PartnerFactory(organisation=service), membership=account)
    assert partner_of(account) == contact.partner
    url = reverse("partners:contact_deactivate", args=[contact.partner.pk, contact.pk])
    client = login(coordinator)
    assert client.post(url).status_code == 302
    contact.refresh_from_db()
    assert not contact.is_active
    assert partner_of(account) is None
    again = page(client.post(url, follow=True))
    assert "Ce contact est déjà désactivé." in again


# --- Residences ------------------------------------------------------------------------------


def test_a_coordinator_adds_a_residence_in_a_quartier_of_its_commune(login, coordinator, service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas")
    landlord = PartnerFactory(organisation=service, landlord=True)
    url = reverse("partners:residence_create", args=[landlord.pk])
    data = {"name": "Les Tilleuls", "address": "", "commune": "", "quartier": str(maurepas.pk)}
    assert login(coordinator).post(url, data).status_code == 302
    residence = landlord.residences.get()
    assert (residence.commune, residence.quartier) == (rennes, maurepas)


def test_a_residence_in_a_quartier_of_another_commune_is_refused(login, coordinator, service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas")
    landlord = PartnerFactory(organisation=service, landlord=True)
    ResidenceFactory(landlord=landlord, name="Les Érables")
    url = reverse("partners:residence_create", args=[landlord.pk])
    client = login(coordinator)
    content = page(
        client.post(
            url,
            {"name": "Les Tilleuls", "commune": str(cesson.pk), "quartier": str(maurepas.pk)},
        )
    )
    assert "Le quartier « Maurepas » n'est pas dans la commune « Cesson-Sévigné »." in content
    duplicate = page(client.post(url, {"name": "les érables"}))
    assert "a déjà une résidence « les érables »" in duplicate
    assert Residence.objects.count() == 1
