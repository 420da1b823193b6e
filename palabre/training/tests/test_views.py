"""The pages at work: staff build the catalogue, a coordinator enrols, attendance is taken,
the person finds their certificate and evaluates; the FDVA summary page."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from palabre.training import actions
from palabre.training.models import Enrolment, Module, Session
from palabre.training.tests.conftest import NEXT_MONDAY, TODAY, person


def test_network_staff_adds_a_module_and_schedules_a_session(network, staff, login):
    client = login(staff)
    response = client.post(
        reverse("training:module_create"),
        {
            "title": "Analyse de la pratique",
            "kind": "PRACTICE_ANALYSIS",
            "audience": ["MEDIATORS"],
            "duration_hours": "3",
        },
    )
    module = Module.objects.get(title="Analyse de la pratique")
    assert response.status_code == 302 and module.organiser == network
    response = client.post(
        reverse("training:session_create", args=[module.pk]),
        {
            "starts_on": NEXT_MONDAY.isoformat(),
            "ends_on": NEXT_MONDAY.isoformat(),
            "is_remote": "on",
            "remote_link": "https://visio.exemple.fr/analyse",
            "trainer": "Paul Superviseur",
            "capacity": "8",
        },
    )
    session = Session.objects.get(module=module)
    assert response.status_code == 302
    assert [(h.period, h.hours) for h in session.half_days.all()] == [("AM", 3)]
    page = client.get(reverse("training:index")).content.decode()
    assert "Analyse de la pratique" in page and "Paul Superviseur" in page


def test_a_refused_session_comes_back_with_the_reason(module, staff, login):
    client = login(staff)
    response = client.post(
        reverse("training:session_create", args=[module.pk]),
        {
            "starts_on": NEXT_MONDAY.isoformat(),
            "ends_on": (NEXT_MONDAY - dt.timedelta(days=1)).isoformat(),
            "place": "Rennes",
            "trainer": "X",
            "capacity": "8",
        },
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()


def test_a_coordinator_enrols_two_mediators_the_second_waits_when_full(
    make_session, service, coordinator, login
):
    session = make_session(capacity=1)
    awa = person(service, "mediator", "Awa", "Diallo")
    bruno = person(service, "mediator", "Bruno", "Le Goff")
    client = login(coordinator)
    url = reverse("training:enrol", args=[session.pk])
    assert "Awa Diallo" in client.get(url).content.decode()
    client.post(url, {"person": awa.pk})
    response = client.post(url, {"person": bruno.pk}, follow=True)
    assert "liste d'attente" in html.unescape(response.content.decode())
    assert {e.last_name: e.state for e in session.enrolments.all()} == {
        "Diallo": "ENROLLED",
        "Le Goff": "WAITING",
    }
    # Awa is no longer offered; cancelling her gives Bruno the place.
    assert "Awa Diallo" not in client.get(url).content.decode()
    client.post(
        reverse("training:enrolment_cancel", args=[session.enrolments.get(user=awa.user).pk])
    )
    assert session.enrolments.get(user=bruno.user).state == "ENROLLED"


@pytest.fixture
def held(module, staff, service, coordinator):
    """A one-day session yesterday-or-today with Awa enrolled."""
    session = actions.create_session(
        module=module,
        by=staff,
        starts_on=TODAY,
        ends_on=TODAY,
        place="Rennes",
        trainer="Claire Formatrice",
        capacity=5,
    )
    awa = person(service, "mediator", "Awa", "Diallo")
    enrolment = actions.enrol(session=session, person=awa, by=coordinator)
    return session, awa, enrolment


def test_staff_take_attendance_half_day_by_half_day(held, staff, login):
    session, _awa, enrolment = held
    client = login(staff)
    for half_day in session.half_days.all():
        url = reverse("training:attendance", args=[session.pk, half_day.pk])
        assert "Awa Diallo" in client.get(url).content.decode()
        assert client.post(url, {f"p_{enrolment.pk}": "on"}).status_code == 302
    assert enrolment.attendances.filter(present=True).count() == 2
    page = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "Feuille d'émargement (PDF)" in html.unescape(page)
    response = client.get(reverse("training:attendance_sheet", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_person_finds_the_certificate_in_their_history_and_evaluates(
    held, staff, service, coordinator, login
):
    session, awa, enrolment = held
    for half_day in session.half_days.all():
        actions.record_attendance(half_day=half_day, by=staff, present=[enrolment.pk])
    client = login(awa)
    history = reverse("training:person", args=[awa.pk])
    page = client.get(history).content.decode()
    certificate = reverse("training:certificate", args=[enrolment.pk])
    evaluate = reverse("training:evaluate", args=[enrolment.pk])
    assert certificate in page and evaluate in page
    assert client.get(certificate)["Content-Type"] == "application/pdf"
    response = client.post(evaluate, {"score": "5", "useful": "yes", "comment": "Très concret."})
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).evaluation.useful is True
    assert evaluate not in client.get(history).content.decode()
    # The coordination reads the history too, but the evaluation is the person's own.
    coordination = login(coordinator)
    assert coordination.get(history).status_code == 200
    assert coordination.get(evaluate).status_code == 404


def test_no_certificate_before_the_person_attended(held, login):
    _session, awa, enrolment = held
    response = login(awa).get(reverse("training:certificate", args=[enrolment.pk]))
    assert response.status_code == 302


def test_the_fdva_page_shows_the_year_of_volunteer_trainings(service, coordinator, login):
    module = actions.create_module(
        organiser=service,
        by=coordinator,
        title="Le rôle des administrateurs",
        audience=["BOARD"],
        duration_hours=3,
    )
    actions.create_session(
        module=module,
        by=coordinator,
        starts_on=TODAY,
        ends_on=TODAY,
        place="Local",
        trainer="Jeanne",
        capacity=10,
        fdva=True,
        fdva_objective="Comprendre la gouvernance associative.",
    )
    page = login(coordinator).get(reverse("training:fdva")).content.decode()
    assert "Comprendre la gouvernance associative." in page
    assert "Le rôle des administrateurs" in page
