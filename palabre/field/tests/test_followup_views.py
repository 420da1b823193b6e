"""The intervention's page and what follows it, through the HTTP client: the person form keeps
nothing without the agreement, the case form comes prefilled and only the coordination sees its
button, an orientation is recorded then moved on, and quick entry leads there."""

import re

import pytest
from django.urls import reverse

from palabre.cases.models import Case
from palabre.field import followup_actions
from palabre.field.codes import InterventionType, OrientationReason, PlaceKind
from palabre.field.models import NamedPerson, PartnerOrientation
from palabre.field.territory import Place
from palabre.partners.models import PartnerKind
from palabre.partners.tests.factories import PartnerFactory


@pytest.fixture
def correspondent(correspondents):
    return correspondents[0]


@pytest.fixture
def intervention(shift, record, correspondent, place):
    return record(
        shift,
        by=correspondent,
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.HALL,
        place=Place(residence=place["glycines"]),
    )


@pytest.fixture
def ccas(service):
    return PartnerFactory(organisation=service, kind=PartnerKind.SOCIAL_SERVICE, name="CCAS")


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def url(name, obj):
    return reverse(f"field:{name}", args=[obj.pk])


def test_the_page_shows_the_intervention_and_offers_to_name_the_person(
    login, correspondent, intervention
):
    response = login(correspondent).get(url("intervention", intervention))
    content = page(response)
    assert "Bruit nocturne" in content and "Les Glycines" in content
    assert "Personne n'est nommé" in content
    assert url("intervention_person", intervention) in content
    assert url("intervention_orient", intervention) in content
    assert response["Cache-Control"] == "private, no-store"


def test_a_name_without_the_agreement_comes_back_with_the_reason_and_nothing_saved(
    login, correspondent, intervention
):
    response = login(correspondent).post(
        url("intervention_person", intervention),
        {"last_name": "Le Bihan", "phone": "0612345678", "agreed_to_be_contacted": "on"},
    )
    content = page(response)
    assert "la personne n&#x27;a pas accepté d&#x27;être nommée" in content
    assert 'value="Le Bihan"' in content  # what was typed is kept on the form
    assert not NamedPerson.objects.exists()


def test_the_person_is_named_with_their_agreement_and_shown_on_the_page(
    login, correspondent, intervention
):
    client = login(correspondent)
    response = client.post(
        url("intervention_person", intervention),
        {"first_name": "Rosine", "last_name": "Le Bihan", "agreed_to_be_named": "on"},
    )
    assert response.status_code == 302 and response.url == url("intervention", intervention)
    content = page(client.get(url("intervention", intervention)))
    assert "Rosine Le Bihan" in content and "être nommée" in content
    assert correspondent.user.get_full_name() in content  # who recorded the agreement
    # A correspondent does not open cases: no button, only who does.
    assert url("intervention_case", intervention) not in content
    assert "La coordination ouvre un dossier" in content


def test_the_person_is_erased_on_request(login, correspondent, intervention):
    followup_actions.record_person(
        intervention=intervention, by=correspondent, agreed_to_be_named=True, last_name="Le Bihan"
    )
    client = login(correspondent)
    response = client.post(url("intervention_person_forget", intervention))
    assert response.status_code == 302
    assert not NamedPerson.objects.exists()
    assert "Le Bihan" not in page(client.get(url("intervention", intervention)))


def test_the_coordination_opens_a_case_from_a_prefilled_form(
    login, coordinator, correspondent, intervention, place
):
    followup_actions.record_person(
        intervention=intervention, by=correspondent, agreed_to_be_named=True,
        first_name="Rosine", last_name="Le Bihan",
    )  # fmt: skip
    client = login(coordinator)
    content = page(client.get(url("intervention", intervention)))
    assert url("intervention_case", intervention) in content
    form = page(client.get(url("intervention_case", intervention)))
    assert 'value="Le Bihan"' in form and 'value="Rosine"' in form
    assert re.search(r'<option value="NIGHT_MEDIATION" selected>', form)
    assert re.search(rf'<option value="{place["maurepas"].pk}" selected>', form)
    assert re.search(r'<option value="NOISE" selected>', form)
    assert "Archipel Habitat" in form  # the residence's landlord
    response = client.post(
        url("intervention_case", intervention),
        {
            "referral_source": "NIGHT_MEDIATION",
            "requester_last_name": "Le Bihan",
            "requester_first_name": "Rosine",
            "primary_conflict": "NOISE",
            "commune": place["rennes"].pk,
            "quartier": place["maurepas"].pk,
            "housing": "SOCIAL_RENTAL",
            "building_type": "APARTMENT_BLOCK",
            "landlord_name": "Archipel Habitat",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    content = page(client.get(url("intervention", intervention)))
    assert case.reference in content and reverse("cases:detail", args=[case.pk]) in content
    assert url("intervention_case", intervention) not in content  # one case per intervention


def test_the_case_form_is_refused_without_the_agreement_to_be_named(
    login, coordinator, intervention
):
    client = login(coordinator)
    assert url("intervention_case", intervention) not in page(
        client.get(url("intervention", intervention))
    )
    response = client.get(url("intervention_case", intervention))
    assert response.status_code == 302 and response.url == url("intervention", intervention)
    assert not Case.objects.exists()


def test_the_correspondent_sees_the_case_reference_without_a_link_they_could_not_follow(
    login, coordinator, correspondent, intervention
):
    followup_actions.record_person(
        intervention=intervention, by=correspondent, agreed_to_be_named=True, last_name="Le Bihan"
    )
    case = followup_actions.open_case_from(intervention=intervention, by=coordinator)
    content = page(login(correspondent).get(url("intervention", intervention)))
    assert f"Dossier {case.reference}" in content
    assert reverse("cases:detail", args=[case.pk]) not in content


def test_an_orientation_with_the_agreement_given_now_then_moved_on(
    login, correspondent, intervention, ccas, mailoutbox
):
    client = login(correspondent)
    form = page(client.get(url("intervention_orient", intervention)))
    assert "La personne accepte d&#x27;être orientée vers ce partenaire" in form
    data = {"partner": ccas.pk, "reason": "SHELTER", "oriented_on": "2026-12-11",
            "status": "PROPOSED"}  # fmt: skip
    refused = page(client.post(url("intervention_orient", intervention), data))
    assert "avec l&#x27;accord de la personne" in refused
    assert not PartnerOrientation.objects.exists()
    response = client.post(url("intervention_orient", intervention), data | {"agreed_now": "on"})
    assert response.status_code == 302
    orientation = PartnerOrientation.objects.get()
    content = page(client.get(url("intervention", intervention)))
    assert "CCAS" in content and "Mise à l&#x27;abri, hébergement" in content
    assert url("orientation_step", orientation) in content
    response = client.post(url("orientation_step", orientation), {"status": "CONTACT_MADE"})
    assert response.status_code == 302
    orientation.refresh_from_db()
    assert orientation.status == "CONTACT_MADE"
    assert url("orientation_step", orientation) not in page(
        client.get(url("intervention", intervention))
    )  # nothing further
    assert mailoutbox == []


def test_an_orientation_offers_only_the_services_active_partners(
    login, correspondent, intervention, ccas, service, other_service
):
    PartnerFactory(organisation=service, name="Ancien partenaire", is_active=False)
    PartnerFactory(organisation=other_service, name="Partenaire d'ailleurs")
    form = page(login(correspondent).get(url("intervention_orient", intervention)))
    assert "CCAS" in form
    assert "Ancien partenaire" not in form and "Partenaire d&#x27;ailleurs" not in form


def test_a_step_backwards_is_refused_with_a_message(login, correspondent, intervention, ccas):
    orientation = followup_actions.orient(
        intervention=intervention, by=correspondent, partner=ccas,
        reason=OrientationReason.RIGHTS, agreed_now=True, status="CONTACT_MADE",
    )  # fmt: skip
    client = login(correspondent)
    response = client.post(
        url("orientation_step", orientation), {"status": "ACCEPTED"}, follow=True
    )
    assert "ne revient pas en arrière" in response.content.decode()
    orientation.refresh_from_db()
    assert orientation.status == "CONTACT_MADE"


def test_quick_entry_and_the_edit_page_lead_to_the_interventions_page(
    login, correspondent, intervention, shift
):
    client = login(correspondent)
    entry = page(client.get(reverse("field:shift_entry", args=[shift.pk])))
    assert url("intervention", intervention) in entry
    edit = page(client.get(url("intervention_edit", intervention)))
    assert url("intervention", intervention) in edit
    detail = page(client.get(reverse("field:shift", args=[shift.pk])))
    assert url("intervention", intervention) in detail


def test_quick_entry_and_the_edit_page_never_show_the_name(
    login, correspondent, intervention, shift
):
    """Those pages are kept on the phone for use without a network (adr/0012): a name must not
    be among them."""
    followup_actions.record_person(
        intervention=intervention, by=correspondent, agreed_to_be_named=True,
        last_name="Marqueurnomterrain",
    )  # fmt: skip
    client = login(correspondent)
    for address in (
        reverse("field:shift_entry", args=[shift.pk]),
        reverse("field:entry"),
        url("intervention_edit", intervention),
        reverse("field:shift", args=[shift.pk]),
    ):
        assert "Marqueurnomterrain" not in page(client.get(address)), address
