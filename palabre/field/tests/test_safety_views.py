"""The pages: the check-in page on a phone (one big button, the alarm, the place to share), the
team's safety settings, the shift report and serious events, the coordination's overview."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from palabre.field import safety_actions
from palabre.field.safety import (
    AlertKind,
    CheckIn,
    CheckInKind,
    OnCallContact,
    ReportStatus,
    SafetyAlert,
    SeriousEvent,
    ShiftReport,
)
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at


def page(response) -> str:
    """The page's text, entities read (« l'astreinte » whether escaped or not)."""
    content = response.content.decode()
    assert "INVALID[" not in content
    return html.unescape(content)


@pytest.fixture
def watched(team, coordinator, shift):
    safety_actions.set_team_safety(
        team=team,
        by=coordinator,
        check_in_minutes=60,
        on_call_name="Astreinte de nuit",
        on_call_email="astreinte@example.org",
        on_call_phone="06 11 22 33 44",
    )
    shift.refresh_from_db()
    return shift


# --- Checking in --------------------------------------------------------------------------------


def test_pointage_opens_the_members_running_shift(watched, correspondents, login):
    response = login(correspondents[0]).get(reverse("field:check_in_start"))
    assert response.status_code == 302
    assert response.url == reverse("field:check_in", args=[watched.pk])


def test_with_no_running_shift_pointage_says_so(watched, correspondents, login, clock):
    clock(at(NEXT_MORNING, 7))
    content = page(login(correspondents[0]).get(reverse("field:check_in_start")))
    assert "aucune tournée en cours" in content


def test_the_check_in_page_says_when_the_next_check_in_is_due(
    watched, correspondents, login, clock, place
):
    client = login(correspondents[0])
    url = reverse("field:check_in", args=[watched.pk])
    content = page(client.get(url))
    assert "Je pointe : tout va bien" in content
    assert f'formaction="{reverse("field:alarm", args=[watched.pk])}"' in content
    assert 'href="tel:0611223344"' in content
    assert "Pointage attendu depuis 23:00" in content  # nothing since 22:00

    glycines = f"r:{place['glycines'].pk}"
    response = client.post(url, {"where": glycines, "client_id": ""}, follow=True)

    content = page(response)
    assert "Pointage enregistré à 23:30." in content
    assert "Prochain pointage avant 00:30" in content
    assert f'<option value="{glycines}" selected>' in content  # the place shared comes back
    entry = CheckIn.objects.get()
    assert (entry.member, entry.residence) == (correspondents[0], place["glycines"])


def test_the_alarm_button_sends_the_place_on_the_screen(watched, correspondents, login, place):
    client = login(correspondents[1])
    data = {
        "where": f"q:{place['maurepas'].pk}",
        "client_id": "8f1f4f3e-7d7c-4b7e-9f55-2e0d2c6c2b11",
    }

    response = client.post(reverse("field:alarm", args=[watched.pk]), data, follow=True)
    client.post(reverse("field:alarm", args=[watched.pk]), data)  # tapped twice

    assert "Alarme envoyée à l'astreinte à 23:30." in page(response)
    alert = SafetyAlert.objects.get(kind=AlertKind.ALARM)
    assert (alert.member, alert.quartier) == (correspondents[1], place["maurepas"])
    assert not CheckIn.objects.exists()  # an alarm is not « tout va bien »


def test_a_place_outside_the_territory_is_refused_with_a_clear_message(
    watched, correspondents, login, place
):
    client = login(correspondents[0])
    for name in ("check_in", "alarm"):
        response = client.post(
            reverse(f"field:{name}", args=[watched.pk]),
            {"where": f"r:{place['ajoncs'].pk}", "client_id": ""},
            follow=True,
        )
        assert "Ce lieu n'est pas dans le territoire de la tournée." in page(response)
    assert not CheckIn.objects.exists() and not SafetyAlert.objects.exists()


def test_without_an_on_call_contact_there_is_no_alarm_button(shift, correspondents, login):
    content = page(login(correspondents[0]).get(reverse("field:check_in", args=[shift.pk])))
    assert "Je pointe" in content and 'formaction="' not in content
    assert "Aucune astreinte n'est désignée pour votre équipe" in content


def test_outside_the_shifts_hours_nothing_is_expected(watched, correspondents, login, clock):
    clock(at(NEXT_MORNING, 6, 30))
    client = login(correspondents[0])
    url = reverse("field:check_in", args=[watched.pk])
    assert "aucun pointage n'est attendu" in page(client.get(url))
    response = client.post(url, {"where": "", "client_id": ""}, follow=True)
    assert "La tournée n'est pas en cours" in page(response)
    assert not CheckIn.objects.exists()


def test_finishing_the_shift_ends_the_watch(watched, correspondents, login):
    client = login(correspondents[0])
    response = client.post(reverse("field:check_out", args=[watched.pk]), follow=True)
    assert "plus aucun pointage n'est attendu de vous" in page(response)
    assert CheckIn.objects.get().kind == CheckInKind.DONE


def test_the_coordination_sees_each_members_check_ins_and_the_alerts(
    watched, correspondents, coordinator, login, place
):
    safety_actions.check_in(
        shift=watched, by=correspondents[0], place=Place(residence=place["glycines"])
    )
    safety_actions.raise_alarm(shift=watched, by=correspondents[1])
    content = page(login(coordinator).get(reverse("field:shift_safety", args=[watched.pk])))
    assert "Astreinte : Astreinte de nuit." in content
    assert "00:30" in content and "en retard" in content  # the second has said nothing since 22:00
    assert "Alarme" in content and "en attente" in content


# --- The team's settings ------------------------------------------------------------------------


def test_the_coordination_sets_the_interval_and_the_on_call_contact(team, coordinator, login):
    client = login(coordinator)
    url = reverse("field:team_safety", args=[team.pk])
    assert "Sécurité de l'équipe « Équipe de nuit »" in page(client.get(url))

    refused = client.post(url, {"check_in_minutes": "30", "on_call_email": "", "on_call_phone": ""})
    assert "Indiquez l'e-mail et le téléphone portable de l'astreinte" in page(refused)
    assert not OnCallContact.objects.exists()

    response = client.post(
        url,
        {"check_in_minutes": "30", "on_call_name": "", "on_call_email": "nuit@example.org",
         "on_call_phone": "07 00 11 22 33"},
    )  # fmt: skip
    assert response.status_code == 302
    team.refresh_from_db()
    contact = OnCallContact.objects.get()
    assert (team.check_in_minutes, contact.name, contact.phone) == (
        30,
        "Astreinte",
        "07 00 11 22 33",
    )
    assert "Sécurité" in page(client.get(reverse("field:teams")))


# --- The report and serious events --------------------------------------------------------------


def test_the_team_writes_signs_and_the_coordination_validates_the_report(
    shift, record, correspondents, coordinator, login
):
    record(shift, by=correspondents[0], men=2)
    client = login(correspondents[1])
    url = reverse("field:shift_report", args=[shift.pk])
    content = page(client.get(url))
    assert 'name="people_met" value="2"' in content  # pre-filled
    assert "Bruit nocturne" in content and "Prévention et gestion des conflits" in content

    response = client.post(url, {"people_met": "5", "summary": "RAS", "sign": "on"}, follow=True)
    assert "Le compte rendu est signé et transmis à la coordination." in page(response)

    coordination = login(coordinator)
    content = page(coordination.get(reverse("field:safety_overview")))
    assert "Comptes rendus à valider" in content and url in content
    content = page(coordination.get(url))  # the team's report, to read and validate
    assert "RAS" in content and 'name="summary"' not in content
    assert reverse("field:shift_report_validate", args=[shift.pk]) in content
    response = coordination.post(
        reverse("field:shift_report_validate", args=[shift.pk]), follow=True
    )
    assert "Le compte rendu est validé." in page(response)
    report = ShiftReport.objects.get()
    assert (report.status, report.people_met, report.summary) == (ReportStatus.VALIDATED, 5, "RAS")

    client = login(correspondents[1])
    assert 'name="summary"' not in page(client.get(url))
    response = client.post(url, {"people_met": "1", "summary": "Changé"}, follow=True)
    assert "il ne change plus" in page(response)
    assert ShiftReport.objects.get().summary == "RAS"


def test_a_serious_event_is_flagged_from_the_report_and_told_to_the_coordination(
    shift, record, correspondents, coordinator, login, django_capture_on_commit_callbacks
):
    intervention = record(shift, by=correspondents[0])
    client = login(correspondents[0])
    url = reverse("field:serious_event_create", args=[shift.pk])
    content = page(client.get(url))
    assert "23:00 — Bruit nocturne" in content and 'value="23:30"' in content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"kind": "EMERGENCY_SERVICES_CALLED", "time": "23:10",
             "intervention": str(intervention.pk), "description": "Malaise"},
        )  # fmt: skip

    assert response.status_code == 302
    assert response.url == reverse("field:shift_report", args=[shift.pk]) + "#evenements"
    event = SeriousEvent.objects.get()
    assert (event.intervention, event.occurred_at) == (intervention, at(EVENING, 23, 10))
    [message] = mail.outbox
    assert message.to == [coordinator.user.email]
    content = page(login(coordinator).get(reverse("field:serious_event", args=[event.pk])))
    assert "Secours appelés (SAMU, pompiers)" in content and "Malaise" in content
    response = login(coordinator).post(
        reverse("field:serious_event_acknowledge", args=[event.pk]), follow=True
    )
    assert "L'événement est marqué pris en compte." in page(response)


def test_an_event_at_a_time_outside_the_shift_is_refused(shift, correspondents, login):
    response = login(correspondents[0]).post(
        reverse("field:serious_event_create", args=[shift.pk]),
        {"kind": "OTHER", "time": "12:00", "intervention": "", "description": ""},
    )
    assert "L'heure doit tomber pendant la tournée (22 h – 6 h)." in page(response)
    assert not SeriousEvent.objects.exists()


def test_the_overview_lists_the_shifts_ended_without_a_report(shift, coordinator, login, clock):
    clock(at(NEXT_MORNING, 9))
    content = page(login(coordinator).get(reverse("field:safety_overview")))
    assert "Tournées terminées sans compte rendu" in content
    assert reverse("field:shift_report", args=[shift.pk]) in content


def test_the_shift_page_leads_to_its_report_and_its_safety(
    shift, coordinator, correspondents, login
):
    content = page(login(coordinator).get(reverse("field:shift", args=[shift.pk])))
    assert reverse("field:shift_report", args=[shift.pk]) in content
    assert reverse("field:shift_safety", args=[shift.pk]) in content
    content = page(login(correspondents[0]).get(reverse("field:shift", args=[shift.pk])))
    assert reverse("field:shift_report", args=[shift.pk]) in content
    assert reverse("field:shift_safety", args=[shift.pk]) not in content


def test_the_check_in_page_costs_few_queries(
    watched, correspondents, login, place, django_assert_max_num_queries
):
    """The page a correspondent opens every hour at night, on a poor connection."""
    client = login(correspondents[0])
    safety_actions.check_in(
        shift=watched, by=correspondents[0], place=Place(residence=place["glycines"])
    )
    url = reverse("field:check_in", args=[watched.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
