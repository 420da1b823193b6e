"""The demo's invitations to book (docs/adr/0026): a slot chosen through a letter's link, a callback
asked for, and past slots chosen by the people with a few absences, beside the slots the service
gave, so that the dashboard's comparison shows."""

import datetime as dt

import pytest
from django.utils import timezone

from palabre.cases import codes
from palabre.cases.invitations import Answer, Invitation
from palabre.cases.models import ContactAttempt
from palabre.cases.tests.factories import CaseFactory
from palabre.cases.tests.invitation_support import to_contact_stage
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences.demo import PERMANENCES, seed_permanences
from palabre.permanences.demo_invitations import PAST_ABSENT, seed_invitations
from palabre.permanences.models import Appointment, AppointmentState, BookingChannel
from palabre.reports import booking_no_shows, indicators
from palabre.reports.scope import Scope

from .conftest import MONDAY


@pytest.fixture
def demo(service, member, coordinator, clock):
    venues = {name: VenueFactory(organisation=service, name=name) for name, *_ in PERMANENCES}
    featured = member("mediator")
    for _ in range(5):
        member("mediator")
    for days_ago in range(8, 200, 5):
        CaseFactory(
            organisation=service, by=coordinator, opened_on=MONDAY - dt.timedelta(days=days_ago)
        )
    contacting = [
        to_contact_stage(
            CaseFactory(organisation=service, by=coordinator, opened_on=MONDAY - dt.timedelta(20)),
            coordinator=coordinator,
            mediator=featured,
        )
        for _ in range(2)
    ]
    seed_permanences(service, venues=venues, today=MONDAY, featured=featured)
    counts = seed_invitations(service, coordinator=coordinator, today=MONDAY)
    return {"counts": counts, "contacting": contacting}


def test_the_demo_shows_a_slot_chosen_and_a_callback_asked_for(demo):
    assert demo["counts"]["booked"] == 1 and demo["counts"]["callbacks"] == 1
    booked, called = demo["contacting"]
    chosen = Invitation.objects.get(case=booked)
    assert chosen.answer == Answer.BOOKED
    appointment = chosen.appointments.get()
    assert appointment.channel == BookingChannel.INVITATION
    assert appointment.state == AppointmentState.BOOKED and appointment.starts_at > timezone.now()
    assert ContactAttempt.objects.get(case=booked).result == codes.ContactAttemptResult.ACCEPTED
    assert Invitation.objects.callbacks_to_make().get().case == called


def test_the_demo_dashboard_compares_chosen_and_given_slots(demo, service):
    past = Appointment.objects.filter(channel=BookingChannel.INVITATION, invitation__isnull=False)
    assert past.filter(state=AppointmentState.NO_SHOW).count() == PAST_ABSENT
    assert past.filter(state=AppointmentState.CAME).count() >= 8
    # Each past slot chosen through an invitation belongs to a case opened before the session.
    for appointment in past.exclude(state=AppointmentState.BOOKED).select_related("case"):
        assert appointment.case.opened_on < timezone.localtime(appointment.starts_at).date()
    scope = Scope.of_service(service, MONDAY - dt.timedelta(days=130), MONDAY)
    rows = booking_no_shows.table(indicators.permanences(scope)).rows
    chosen, given = rows[0], rows[1]
    assert chosen[3] == PAST_ABSENT and given[3] > 0
    assert chosen[4] < given[4]
