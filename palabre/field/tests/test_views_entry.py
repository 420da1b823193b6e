"""Quick entry on a phone: the shift of the moment, two taps for the common case, clear refusals
with nothing saved, a retried post recorded once, and at most 12 queries a page."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.field import actions, nights
from palabre.field.codes import InterventionType
from palabre.field.models import Intervention
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.partners.tests.helpers import page

ENTRY = reverse("field:entry")


def entry_url(shift):
    return reverse("field:shift_entry", args=[shift.pk])


def defaults(form) -> dict:
    """What the browser posts when nothing but the type is touched."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if getattr(field.widget, "input_type", "") == "checkbox":
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.strftime("%H:%M") if isinstance(value, dt.time) else str(value)
    return data


@pytest.fixture
def correspondent(correspondents):
    return correspondents[0]


def test_the_correspondent_lands_on_the_running_shift(login, correspondent, shift):
    content = page(login(correspondent).get(ENTRY))
    assert "Saisie rapide" in content
    assert "Tournée du vendredi 11 décembre 2026, 22 h – 6 h (8 h)" in content
    assert f'action="{entry_url(shift)}"' in content
    assert "Bruit nocturne" in content and "Autres types d'intervention" in content
    assert 'name="client_id"' in content
    # The − and + buttons wait for the script; without it, the numbers are typed.
    assert content.count('data-step="1"') == 6
    assert 'data-step="1" aria-controls="id_men" hidden' in content


def test_two_taps_record_the_common_case(login, correspondent, shift, place):
    client = login(correspondent)
    form = client.get(entry_url(shift)).context["form"]
    data = {**defaults(form), "type": InterventionType.COMMON_AREA_OCCUPATION}
    response = client.post(entry_url(shift), data)
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert intervention.type == InterventionType.COMMON_AREA_OCCUPATION
    assert intervention.happened_at == at(EVENING, 23, 30)
    assert intervention.residence == place["glycines"]  # the first place of the territory
    assert intervention.recorded_by == correspondent
    content = page(client.get(response.url))
    assert "Intervention enregistrée : Occupation des parties communes à 23:30." in content
    assert "1 intervention sur la tournée" in content


def test_the_next_entry_offers_the_last_place_again(login, correspondent, shift, place, record):
    record(shift, place=Place(quartier=place["maurepas"]), place_kind="PUBLIC_SPACE")
    form = login(correspondent).get(entry_url(shift)).context["form"]
    assert form["where"].value() == f"q:{place['maurepas'].pk}"
    assert form["client_id"].value()


def test_a_form_posted_twice_records_one_intervention(login, correspondent, shift):
    client = login(correspondent)
    form = client.get(entry_url(shift)).context["form"]
    data = {**defaults(form), "type": InterventionType.NOISE_NIGHT, "men": "2"}
    assert client.post(entry_url(shift), data).status_code == 302
    assert client.post(entry_url(shift), data).status_code == 302
    assert Intervention.objects.count() == 1


def test_the_counters_and_details_are_recorded(login, correspondent, shift, place, clock):
    clock(at(NEXT_MORNING, 2))
    client = login(correspondent)
    form = client.get(entry_url(shift)).context["form"]
    data = {
        **defaults(form),
        "type": InterventionType.YOUTH_GROUP_DIALOGUE,
        "where": f"q:{place['maurepas'].pk}",
        "boys": "4",
        "girls": "1",
        "time": "01:10",
        "place_label": "Square de la Motte",
        "initiated_by": "RESIDENT_CALL",
        "result": "CALMED",
        "follow_up_needed": "on",
        "note": "Revenir vers 2 h",
    }
    client.post(entry_url(shift), data)
    intervention = Intervention.objects.get()
    assert intervention.happened_at == at(NEXT_MORNING, 1, 10)
    assert intervention.people_met == 5
    assert intervention.place_kind == "PUBLIC_SPACE"
    assert intervention.place == "Espace public — Maurepas - Bellangerais, Square de la Motte"
    assert intervention.register == "CONFLICT_MANAGEMENT"
    assert intervention.follow_up_needed
    assert intervention.initiated_by == "RESIDENT_CALL"


def test_after_midnight_the_time_offered_is_the_mornings(login, correspondent, shift, clock):
    clock(at(NEXT_MORNING, 1, 30))
    form = login(correspondent).get(entry_url(shift)).context["form"]
    assert form["time"].value() == dt.time(1, 30)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"where": "r:ajoncs"}, "Ce lieu n'est pas dans le territoire de la tournée."),
        ({"time": "21:00"}, "L'heure doit tomber pendant la tournée (22 h – 6 h)."),
        ({"place_kind": "HALL", "where": "q:maurepas"}, "Pour une résidence ou un hall"),
        ({"type": ""}, "Choisissez le type d'intervention."),
        ({"men": "150"}, "inférieure ou égale à 99"),
    ],
    ids=["place outside", "time outside", "hall without residence", "no type", "too many"],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(
    login, correspondent, shift, place, change, message
):
    client = login(correspondent)
    form = client.get(entry_url(shift)).context["form"]
    data = {**defaults(form), "type": InterventionType.NOISE_NIGHT}
    for name, value in change.items():
        if value.startswith(("r:", "q:")):
            value = f"{value[:2]}{place[value[2:]].pk}"
        data[name] = value
    content = page(client.post(entry_url(shift), data))
    assert message in content
    assert "L'intervention n'est pas enregistrée" in content
    assert not Intervention.objects.exists()


def test_a_past_shift_is_written_up_in_the_morning(login, correspondent, shift, clock):
    clock(at(NEXT_MORNING, 9))
    client = login(correspondent)
    response = client.get(ENTRY)
    assert response.context["form"]["time"].value() == dt.time(6)
    data = {**defaults(response.context["form"]), "type": InterventionType.NOISE_NIGHT}
    client.post(entry_url(shift), data)
    assert Intervention.objects.get().happened_at == at(NEXT_MORNING, 6)


def test_with_two_shifts_of_the_moment_the_coordinator_chooses(
    login, coordinator, shift, team, service, place
):
    starts_at, ends_at = nights.bounds(EVENING, dt.time(21), dt.time(2))
    other = actions.plan_shift(
        organisation=service, by=coordinator, team=team, starts_at=starts_at, ends_at=ends_at,
        communes=[place["rennes"]],
    )  # fmt: skip
    content = page(login(coordinator).get(ENTRY))
    assert "Sur quelle tournée enregistrer ?" in content
    assert entry_url(shift) in content and entry_url(other) in content


def test_a_mediator_on_no_shift_is_told_so(login, member, shift):
    content = page(login(member("mediator")).get(ENTRY))
    assert "Vous n'êtes sur aucune tournée en cours" in content


def test_long_after_the_shift_the_last_one_is_still_offered(login, correspondent, shift, clock):
    clock(at(NEXT_MORNING, 20))
    content = page(login(correspondent).get(ENTRY))
    assert "Vous n'êtes sur aucune tournée en cours" in content
    assert "on peut encore y saisir des interventions" in content
    assert entry_url(shift) in content


def test_the_quick_entry_page_takes_at_most_12_queries(
    login, correspondent, shift, record, coordinator, place, django_assert_max_num_queries
):
    for minute in range(0, 50, 5):
        record(shift, happened_at=at(EVENING, 22, minute), men=1)
    actions.add_roadmap_item(shift=shift, by=coordinator, text="Halls", residence=place["glycines"])
    client = login(correspondent)
    client.get(ENTRY)  # the session is warm, as on a phone during the shift
    with django_assert_max_num_queries(12):
        response = client.get(ENTRY)
    assert "10 interventions sur la tournée" in page(response)
    with django_assert_max_num_queries(12):
        page(client.get(entry_url(shift)))


def test_the_days_page_leads_the_correspondent_to_quick_entry(login, correspondent, shift):
    content = page(login(correspondent).get(reverse("cases:today")))
    assert "Mes tournées" in content
    assert entry_url(shift) in content
    assert reverse("field:entry") in content  # in the navigation too


@pytest.mark.parametrize("role", ["reception", "board"])
def test_people_outside_field_work_are_not_offered_its_pages(login, member, shift, role):
    content = page(login(member(role)).get("/", follow=True))
    assert reverse("field:entry") not in content
    assert "Mes tournées" not in content


def test_a_mediator_on_no_shift_gets_no_shift_card_on_the_days_page(login, member, shift):
    content = page(login(member("mediator")).get(reverse("cases:today")))
    assert "Mes tournées" not in content
