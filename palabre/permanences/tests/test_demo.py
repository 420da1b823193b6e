"""The demo permanences: consistent with the rule, the holidays and the demo cases."""

import datetime as dt

import pytest
from django.utils import timezone

from palabre.cases.tests.factories import CaseFactory
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences.demo import PERMANENCES, seed_permanences
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    Duty,
    Occurrence,
    OccurrenceStatus,
    Permanence,
)
from palabre.permanences.tests.conftest import MONDAY


@pytest.fixture
def demo(service, member, coordinator, clock):
    venues = {name: VenueFactory(organisation=service, name=name) for name, *_ in PERMANENCES}
    featured = member("mediator")
    for _ in range(6):
        member("mediator")
    for days_ago in range(5, 120, 4):
        CaseFactory(
            organisation=service,
            by=coordinator,
            opened_on=MONDAY - dt.timedelta(days=days_ago),
        )
    counts = seed_permanences(service, venues=venues, today=MONDAY, featured=featured)
    return {"counts": counts, "featured": featured}


def test_the_demo_builds_five_permanences_with_history_and_coming_bookings(demo, service):
    assert Permanence.objects.of(service).count() == 5
    now = timezone.now()
    past = Occurrence.objects.of(service).filter(ends_at__lte=now)
    assert past.exists() and not past.filter(visits_recorded_at__isnull=True).exists()
    coming = Appointment.objects.of(service).filter(state=AppointmentState.BOOKED)
    assert coming.count() == demo["counts"]["booked"] > 0
    assert not coming.filter(starts_at__lte=now).exists()
    assert (
        not Appointment.objects.of(service)
        .filter(
            state__in=[AppointmentState.CAME, AppointmentState.NO_SHOW], occurrence__ends_at__gt=now
        )
        .exists()
    )


def test_no_session_falls_in_the_christmas_holidays(demo, service):
    assert (
        not Occurrence.objects.of(service)
        .filter(
            planned_on__range=(dt.date(2026, 12, 19), dt.date(2027, 1, 3)),
            status=OccurrenceStatus.PLANNED,
        )
        .exists()
    )


def test_people_who_came_are_linked_to_the_case_they_opened_after(demo, service):
    linked = Appointment.objects.of(service).filter(case__isnull=False, state="CAME")
    assert linked.exists()
    for appointment in linked.select_related("case", "occurrence"):
        visit_day = timezone.localtime(appointment.occurrence.starts_at).date()
        assert visit_day <= appointment.case.opened_on <= visit_day + dt.timedelta(days=14)
        assert appointment.last_name == appointment.case.requester().last_name


def test_the_demo_mediator_holds_this_months_tuesdays_and_next_month_needs_staff(demo, service):
    featured = demo["featured"]
    tuesdays = Occurrence.objects.of(service).filter(
        permanence__weekday=1, starts_at__gt=timezone.now(), planned_on__lt=dt.date(2027, 1, 1)
    )
    assert tuesdays.exists()
    for occurrence in tuesdays:
        assert occurrence.duties.filter(mediator=featured).exists()
    january = Occurrence.objects.of(service).filter(planned_on__month=1, planned_on__year=2027)
    understaffed = [o for o in january if o.duties.count() < 2]
    assert understaffed
    assert Duty.objects.filter(occurrence__in=january).count() < 2 * january.count()
