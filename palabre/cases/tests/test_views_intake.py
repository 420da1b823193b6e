import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.models import Case, InformationRequest
from palabre.cases.tests.factories import CaseFactory, CommuneFactory, QuartierFactory
from palabre.core.models import JournalEntry
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory

URL = reverse("cases:first_contact")


def page(response, status=200):
    assert response.status_code == status
    content = response.content.decode()
    assert "INVALID[" not in content
    return html.unescape(content)


@pytest.fixture
def reception(member):
    return member("reception")


@pytest.fixture
def commune(service):
    return CommuneFactory(organisation=service, name="Cesson-Sévigné")


@pytest.fixture
def rennes(service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    QuartierFactory(commune=rennes, name="Maurepas", is_qpv=True)
    QuartierFactory(commune=rennes, name="Centre")
    return rennes


def case_data(commune, **overrides):
    data = {
        "kind": "case",
        "opened_on": timezone.localdate().isoformat(),
        "channel": codes.Channel.PHONE,
        "referral_source": codes.ReferralSource.SOCIAL_LANDLORD,
        "referrer_name": "Archipel Habitat",
        "requester_last_name": "Le Gall",
        "requester_first_name": "Éloïse",
        "requester_phone": "06 12 34 56 78",
        "requester_email": "eloise@exemple.fr",
        "requester_address": "12 rue de Brest",
        "other_party_last_name": "Moreau",
        "other_party_first_name": "Jérôme",
        "other_party_address": "14 rue de Brest",
        "primary_conflict": codes.ConflictCategory.NOISE,
        "subcategory": "MUSIC_TV",
        "secondary_conflicts": [codes.ConflictCategory.COMMON_AREAS, codes.ConflictCategory.NOISE],
        "commune": str(commune.pk),
        "quartier": "",
        "housing": codes.Housing.SOCIAL_RENTAL,
        "building_type": codes.BuildingType.APARTMENT_BLOCK,
        "landlord_name": "Archipel Habitat",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def information_data(**overrides):
    data = {
        "kind": "information",
        "received_on": timezone.localdate().isoformat(),
        "channel": codes.Channel.PHONE,
        "topic": codes.InformationTopic.HOW_MEDIATION_WORKS,
        "referral_source": codes.ReferralSource.CITY_SERVICE,
        "commune": "",
        "oriented_to": "Conciliateur de justice",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["admin", "coordinator", "reception"])
def test_intake_roles_see_both_forms_with_today_as_default_date(login, member, role):
    content = page(login(member(role)).get(URL))
    assert "Demande d'information (pas de dossier)" in content
    assert "Ouvrir un dossier de médiation" in content
    assert content.count('name="kind"') == 2
    assert 'value="information"' in content and 'value="case"' in content
    assert f'value="{timezone.localdate().isoformat()}"' in content
    assert "main courante" in content  # the warning against offence data


@pytest.mark.parametrize("role", ["mediator", "board", "partner", "network_staff"])
def test_other_roles_cannot_record_a_first_contact(login, member, commune, role):
    client = login(member(role))
    assert client.get(URL).status_code == 404
    assert client.post(URL, case_data(commune)).status_code == 404
    assert Case.objects.count() == 0


def test_reception_records_an_information_request_without_opening_a_case(
    login, service, reception, commune
):
    response = login(reception).post(URL, information_data(commune=str(commune.pk)))
    assert response.status_code == 302
    assert response.url == URL
    request = InformationRequest.objects.get()
    assert request.organisation == service
    assert request.topic == codes.InformationTopic.HOW_MEDIATION_WORKS
    assert request.commune == commune
    assert request.oriented_to == "Conciliateur de justice"
    assert request.recorded_by == reception.user
    assert Case.objects.count() == 0
    followed = page(login(reception).get(URL))
    assert "La demande d'information est enregistrée." in followed


def test_an_invalid_information_request_keeps_the_input_and_saves_nothing(login, reception):
    content = page(
        login(reception).post(
            URL,
            information_data(
                received_on="32/13/2026", topic="GOSSIP", oriented_to="Maison de la justice"
            ),
        )
    )
    assert "Saisissez une date valide." in content
    assert "Sélectionnez un choix valide" in content
    assert 'value="Maison de la justice"' in content
    assert InformationRequest.objects.count() == 0


def test_coordinator_opens_a_case_and_is_sent_to_it(login, service, coordinator, commune):
    response = login(coordinator).post(URL, case_data(commune))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert case.organisation == service
    assert case.status == codes.Status.NEW
    assert case.referral_source == codes.ReferralSource.SOCIAL_LANDLORD
    assert case.commune == commune
    assert case.landlord_name == "Archipel Habitat"
    requester, other = case.requester(), case.other_parties()[0]
    assert (requester.first_name, requester.last_name) == ("Éloïse", "Le Gall")
    assert requester.address == "12 rue de Brest"
    assert requester.email == "eloise@exemple.fr"
    assert other.last_name == "Moreau"
    conflicts = {(c.category, c.subcategory, c.is_primary) for c in case.conflicts.all()}
    assert conflicts == {("NOISE", "MUSIC_TV", True), ("COMMON_AREAS", "", False)}
    assert JournalEntry.objects.filter(subject_id=case.pk, verb="opened").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Le dossier {case.reference} est ouvert."]


def test_a_case_opened_in_a_landlords_residence_names_it_and_its_earlier_cases(
    login, service, other_service, coordinator, commune
):
    residence = ResidenceFactory(
        landlord=PartnerFactory(organisation=service, name="Néotoa", landlord=True),
        name="Résidence des Lilas",
    )
    earlier = CaseFactory(organisation=service, by=coordinator, requester_last_name="Tanguy")
    Case.objects.filter(pk=earlier.pk).update(residence=residence)
    foreign = ResidenceFactory(landlord=PartnerFactory(organisation=other_service, landlord=True))
    client = login(coordinator)
    form = page(client.get(URL))
    assert "Résidence des Lilas (Néotoa)" in form and foreign.name not in form

    refused = page(client.post(URL, case_data(commune, residence=str(foreign.pk))))
    assert "Sélectionnez un choix valide" in refused
    assert Case.objects.count() == 1

    response = client.post(URL, case_data(commune, landlord_name="", residence=str(residence.pk)))
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert (case.residence, case.landlord, case.landlord_name) == (
        residence,
        residence.landlord,
        "Néotoa",
    )
    shown = page(client.get(response.url))
    assert earlier.reference in shown and "même résidence" in shown


def test_reception_opens_a_case_with_only_the_requester(login, reception, commune):
    data = case_data(
        commune,
        other_party_last_name="",
        other_party_first_name="",
        other_party_address="",
        subcategory="",
        secondary_conflicts=None,
    )
    assert login(reception).post(URL, data).status_code == 302
    case = Case.objects.get()
    assert case.other_parties() == []
    assert case.coordinator is None


def test_a_quartier_is_required_when_the_commune_has_quartiers(login, coordinator, rennes):
    content = page(login(coordinator).post(URL, case_data(rennes)))
    assert "Choisissez le quartier : la commune Rennes est découpée en quartiers." in content
    assert Case.objects.count() == 0


def test_a_quartier_of_rennes_makes_the_case_qpv(login, coordinator, rennes):
    maurepas = rennes.quartiers.get(name="Maurepas")
    response = login(coordinator).post(URL, case_data(rennes, quartier=str(maurepas.pk)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.quartier == maurepas
    assert case.is_qpv


def test_a_quartier_of_another_commune_is_refused(login, coordinator, rennes, commune):
    maurepas = rennes.quartiers.get(name="Maurepas")
    content = page(login(coordinator).post(URL, case_data(commune, quartier=str(maurepas.pk))))
    assert "Ce quartier n'appartient pas à la commune choisie." in content
    assert Case.objects.count() == 0


def test_a_subcategory_must_belong_to_the_primary_category(login, coordinator, commune):
    content = page(
        login(coordinator).post(
            URL, case_data(commune, primary_conflict="VEGETATION", subcategory="MUSIC_TV")
        )
    )
    assert "Cette précision ne correspond pas au motif principal « Végétation »." in content
    assert Case.objects.count() == 0


def test_invalid_input_answers_in_french_keeps_the_input_and_saves_nothing(
    login, coordinator, commune
):
    data = case_data(
        commune, requester_last_name="", requester_email="pas-un-courriel", opened_on="hier"
    )
    data["commune"] = ""
    content = page(login(coordinator).post(URL, data))
    assert "Le formulaire contient des erreurs ; rien n'a été enregistré." in content
    assert "Ce champ est obligatoire." in content
    assert "Saisissez une adresse de courriel valide." in content
    assert "Saisissez une date valide." in content
    assert 'value="Éloïse"' in content
    assert 'value="12 rue de Brest"' in content
    assert 'value="Archipel Habitat"' in content
    assert re.search(r'<input type="checkbox"[^>]*value="COMMON_AREAS"[^>]*checked', content)
    assert Case.objects.count() == 0
    assert InformationRequest.objects.count() == 0


def test_a_commune_of_another_service_is_refused(login, coordinator, other_service):
    foreign = CommuneFactory(organisation=other_service)
    content = page(login(coordinator).post(URL, case_data(foreign)))
    assert "Sélectionnez un choix valide" in content
    assert Case.objects.count() == 0


def test_a_future_opening_date_is_refused(login, coordinator, commune):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    content = page(login(coordinator).post(URL, case_data(commune, opened_on=tomorrow.isoformat())))
    assert "La date ne peut pas être dans le futur." in content
    assert Case.objects.count() == 0


def test_details_of_the_other_party_without_a_name_are_refused(login, coordinator, commune):
    content = page(login(coordinator).post(URL, case_data(commune, other_party_last_name="")))
    assert "Indiquez au moins le nom de l'autre partie" in content
    assert Case.objects.count() == 0


def test_a_refused_transition_is_shown_as_a_form_error(login, coordinator, commune, monkeypatch):
    def refuse(**kwargs):
        raise actions.TransitionRefused("Le service n'accepte plus de saisines cette semaine.")

    monkeypatch.setattr(actions, "open_case", refuse)
    content = page(login(coordinator).post(URL, case_data(commune)))
    assert "Le service n'accepte plus de saisines cette semaine." in content
    assert 'value="Le Gall"' in content
    assert Case.objects.count() == 0


def test_an_unknown_kind_of_first_contact_is_a_bad_request(login, coordinator, commune):
    content = page(login(coordinator).post(URL, case_data(commune, kind="autre")), status=400)
    assert "Choisissez le type de premier contact à enregistrer." in content
    assert Case.objects.count() == 0


def test_the_information_form_is_kept_apart_from_the_case_form(login, coordinator, commune):
    """Posting one form leaves the other blank: no error shows up on the form not sent."""
    content = page(login(coordinator).post(URL, information_data(topic="")))
    assert content.count("Le formulaire contient des erreurs") == 1
    assert 'id="info_topic"' in content and 'id="case_channel"' in content
