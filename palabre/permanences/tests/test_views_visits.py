"""At the session: recording who came, walk-ins, and the case a visit opens or continues."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases.models import Case
from palabre.permanences import actions
from palabre.permanences.models import Appointment, AppointmentState, BookingChannel
from palabre.permanences.tests.conftest import MONDAY, at

TUESDAY = MONDAY + dt.timedelta(days=1)
ROLES = ["admin", "coordinator", "reception", "mediator", "board", "partner", "network_staff"]


@pytest.fixture
def booked(occurrence):
    return [
        actions.book(
            occurrence=occurrence,
            starts_at=at(TUESDAY, hour, minute),
            channel=BookingChannel.STAFF,
            last_name=name,
        )
        for hour, minute, name in ((14, 0, "Venue"), (14, 45, "Absente"))
    ]


@pytest.fixture
def after_session(clock):
    clock(at(TUESDAY, 17, 30))


@pytest.mark.parametrize("role", ROLES)
def test_who_records_visits(role, member, login, coordinator, occurrence, after_session):
    membership = member(role)
    client = login(membership)
    url = reverse("permanences:visits", args=[occurrence.pk])
    allowed = role in ("admin", "coordinator")
    assert client.get(url).status_code == (200 if allowed else 404)
    if role == "mediator":
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=membership)
        assert client.get(url).status_code == 200


def test_mediator_on_duty_records_visits(
    login, coordinator, mediators, occurrence, booked, after_session
):
    mediator = mediators[0]
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediator)
    came, absent = booked
    client = login(mediator)
    url = reverse("permanences:visits", args=[occurrence.pk])
    response = client.post(
        url, {f"a_{came.pk}": "came", f"a_{absent.pk}": "no_show", "informed_count": "2"}
    )
    assert response.status_code == 302
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.state, absent.state) == (AppointmentState.CAME, AppointmentState.NO_SHOW)
    occurrence.refresh_from_db()
    assert occurrence.informed_count == 2
    response = client.post(
        reverse("permanences:walk_in", args=[occurrence.pk]), {"last_name": "Sansrdv"}
    )
    walk_in = Appointment.objects.get(last_name="Sansrdv")
    assert walk_in.state == AppointmentState.CAME and walk_in.starts_at is None
    page = client.get(url).content.decode()
    assert "Sansrdv" in page and reverse("permanences:open_case", args=[walk_in.pk]) in page


def test_negative_informed_count_is_refused(login, coordinator, occurrence, after_session):
    url = reverse("permanences:visits", args=[occurrence.pk])
    response = login(coordinator).post(url, {"informed_count": "-1"})
    assert response.status_code == 200
    occurrence.refresh_from_db()
    assert occurrence.visits_recorded_at is None


def test_a_visit_opens_a_case_then_another_continues_it(
    login, coordinator, occurrence, booked, after_session
):
    came, _absent = booked
    actions.record_visits(
        occurrence=occurrence, by=coordinator, came=[came.pk], no_show=[], informed_count=0
    )
    client = login(coordinator)
    form_url = reverse("permanences:open_case", args=[came.pk])
    page = client.get(form_url).content.decode()
    assert 'value="Venue"' in page
    venue = occurrence.permanence.venue
    response = client.post(
        form_url,
        {
            "referral_source": "SELF",
            "requester_last_name": "Venue",
            "primary_conflict": "NOISE",
            "commune": str(venue.commune_id),
            "housing": "UNKNOWN",
            "building_type": "UNKNOWN",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.first_contact_channel == "PHONE"
    walk_in = actions.add_walk_in(occurrence=occurrence, by=coordinator, last_name="Revenu")
    response = client.post(
        reverse("permanences:link_case", args=[walk_in.pk]), {"reference": case.reference}
    )
    walk_in.refresh_from_db()
    assert walk_in.case == case


def test_a_mediator_on_duty_is_linked_only_to_the_cases_she_may_open(
    login, coordinator, mediators, occurrence, booked, after_session
):
    from palabre.cases.tests.factories import CaseFactory

    mediator = mediators[0]
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediator)
    came, _absent = booked
    actions.record_visits(
        occurrence=occurrence, by=coordinator, came=[came.pk], no_show=[], informed_count=0
    )
    case = CaseFactory(organisation=occurrence.organisation)
    Appointment.objects.filter(pk=came.pk).update(case=case)
    case_url = reverse("cases:detail", args=[case.pk])
    pages = [
        reverse("permanences:visits", args=[occurrence.pk]),
        reverse("permanences:occurrence", args=[occurrence.pk]),
    ]
    for page in pages:
        seen_by_mediator = login(mediator).get(page).content.decode()
        assert case.reference in seen_by_mediator and case_url not in seen_by_mediator, page
        assert case_url in login(coordinator).get(page).content.decode(), page
    assert login(mediator).get(case_url).status_code == 404


def test_linking_to_a_foreign_or_unknown_reference_changes_nothing(
    login, coordinator, occurrence, after_session
):
    walk_in = actions.add_walk_in(occurrence=occurrence, by=coordinator, last_name="Revenu")
    response = login(coordinator).post(
        reverse("permanences:link_case", args=[walk_in.pk]), {"reference": "2099-9999"}
    )
    assert response.status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.case is None
