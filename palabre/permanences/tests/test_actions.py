"""The verbs of permanences: planning, staffing, booking, visits."""

import datetime as dt

import pytest

from palabre.cases.models import Case
from palabre.core.actions import Refused
from palabre.permanences import actions
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    CancelReason,
    ClosureKind,
    NoticeKind,
    OccurrenceStatus,
)
from palabre.permanences.tests.conftest import MONDAY, at

TUESDAY = MONDAY + dt.timedelta(days=1)


def book(occurrence, hour=14, minute=0, channel=BookingChannel.STAFF, **fields):
    defaults = {"last_name": "Le Gall", "email": "eloise@example.org", "notify_by": "EMAIL"}
    return actions.book(
        occurrence=occurrence,
        starts_at=at(TUESDAY, hour, minute),
        channel=channel,
        **{**defaults, **fields},
    )


# --- Planning -----------------------------------------------------------------------------------


def test_plan_creates_the_horizon_once(permanence, settings):
    # Tuesdays from 8 December 2026 to 6 April 2027 (120 days ahead): 18.
    assert settings.PALABRE_PLANNING_DAYS == 120
    assert permanence.occurrences.count() == 18
    assert actions.plan(permanence) == 0
    assert permanence.occurrences.count() == 18


def test_closure_cancels_the_sessions_it_covers_and_tells_the_booked(
    service, coordinator, permanence, occurrence
):
    appointment = book(occurrence)
    actions.add_closure(
        organisation=service,
        by=coordinator,
        kind=ClosureKind.CLOSURE,
        label="Travaux",
        starts_on=TUESDAY,
        ends_on=TUESDAY,
    )
    occurrence.refresh_from_db()
    appointment.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert occurrence.cancel_reason == CancelReason.CLOSURE
    assert appointment.state == AppointmentState.CANCELLED
    kinds = set(appointment.notices.filter(dropped=False).values_list("kind", flat=True))
    assert NoticeKind.CANCELLATION in kinds
    assert not appointment.notices.filter(kind=NoticeKind.REMINDER, dropped=False).exists()
    # The next Tuesday is untouched.
    assert permanence.occurrences.get(planned_on=TUESDAY + dt.timedelta(days=7)).status == (
        OccurrenceStatus.PLANNED
    )


def test_changing_the_hours_moves_future_sessions(coordinator, permanence, occurrence):
    actions.update_permanence(permanence=permanence, by=coordinator, starts_at=dt.time(13, 30))
    occurrence.refresh_from_db()
    assert occurrence.starts_at == at(TUESDAY, 13, 30)


def test_rule_check_refuses_a_slot_longer_than_the_session(service, coordinator, venue, clock):
    with pytest.raises(Refused, match="créneau"):
        actions.create_permanence(
            organisation=service,
            by=coordinator,
            venue=venue,
            weekday=1,
            starts_at=dt.time(14),
            ends_at=dt.time(14, 30),
            slot_minutes=45,
            valid_from=MONDAY,
        )


# --- Booking ------------------------------------------------------------------------------------


def test_slots_and_booking(occurrence, settings):
    settings.PALABRE_REMINDER_HOURS = [48, 24, 2]
    assert actions.free_slots(occurrence) == [
        at(TUESDAY, 14),
        at(TUESDAY, 14, 45),
        at(TUESDAY, 15, 30),
        at(TUESDAY, 16, 15),
    ]
    appointment = book(occurrence)
    assert appointment.state == AppointmentState.BOOKED
    assert at(TUESDAY, 14) not in actions.free_slots(occurrence)
    assert appointment.notices.get(kind=NoticeKind.CONFIRMATION).due_at == at(MONDAY, 9)
    # 48 hours before is already past on Monday 9:00: only the 24-hour and 2-hour reminders.
    reminders = appointment.notices.filter(kind=NoticeKind.REMINDER).order_by("due_at")
    assert [n.due_at for n in reminders] == [at(MONDAY, 14), at(TUESDAY, 12)]


def test_the_same_slot_cannot_be_booked_twice(occurrence):
    book(occurrence)
    with pytest.raises(Refused, match="vient d'être réservé"):
        book(occurrence, last_name="Autre")
    assert Appointment.objects.filter(occurrence=occurrence).count() == 1


@pytest.mark.parametrize(
    ("hour", "minute", "message"),
    [(14, 10, "aucun créneau"), (16, 45, "aucun créneau")],
)
def test_booking_refuses_times_off_the_grid(occurrence, hour, minute, message):
    with pytest.raises(Refused, match=message):
        book(occurrence, hour, minute)


def test_booking_refuses_a_past_slot(occurrence, clock):
    clock(at(TUESDAY, 15))
    with pytest.raises(Refused, match="passé"):
        book(occurrence, 14, 45)


def test_online_booking_waits_for_the_code(occurrence, clock):
    appointment = book(occurrence, channel=BookingChannel.PUBLIC)
    assert appointment.state == AppointmentState.PENDING
    notice = appointment.notices.get()
    assert notice.kind == NoticeKind.CODE and len(notice.code) == 6
    with pytest.raises(Refused, match="4 essai"):
        actions.confirm_code(
            appointment=appointment, code="000000" if notice.code != "000000" else "1"
        )
    appointment.refresh_from_db()
    assert appointment.code_attempts == 1
    actions.confirm_code(appointment=appointment, code=notice.code)
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED
    assert appointment.notices.filter(kind=NoticeKind.CONFIRMATION).exists()


def test_an_unconfirmed_hold_expires_and_frees_the_slot(occurrence, clock):
    held = book(occurrence, channel=BookingChannel.PUBLIC)
    with pytest.raises(Refused):
        book(occurrence, last_name="Autre")
    clock(at(MONDAY, 9, 30))
    taken = book(occurrence, last_name="Autre")
    held.refresh_from_db()
    assert held.state == AppointmentState.EXPIRED
    assert taken.state == AppointmentState.BOOKED
    code = held.notices.get(kind=NoticeKind.CODE).code
    with pytest.raises(Refused, match="délai"):
        actions.confirm_code(appointment=held, code=code)


def test_five_wrong_codes_lose_the_booking(occurrence):
    appointment = book(occurrence, channel=BookingChannel.PUBLIC)
    code = appointment.notices.get().code
    wrong = "999999" if code != "999999" else "111111"
    for _attempt in range(5):
        with pytest.raises(Refused):
            actions.confirm_code(appointment=appointment, code=wrong)
    with pytest.raises(Refused, match="Trop d'essais"):
        actions.confirm_code(appointment=appointment, code=code)


def test_online_booking_needs_a_channel(occurrence):
    with pytest.raises(Refused, match="e-mail ou SMS"):
        book(occurrence, channel=BookingChannel.PUBLIC, notify_by="")
    with pytest.raises(Refused, match="portable"):
        book(occurrence, channel=BookingChannel.PUBLIC, notify_by="SMS", phone="")


def test_person_cancels_with_no_message_back(occurrence):
    appointment = book(occurrence)
    actions.cancel_appointment(appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert not appointment.notices.filter(kind=NoticeKind.CANCELLATION).exists()
    assert appointment.notices.filter(kind=NoticeKind.REMINDER, dropped=False).count() == 0
    assert at(TUESDAY, 14) in actions.free_slots(occurrence)


def test_moving_a_session_keeps_the_order_and_tells_people(coordinator, occurrence):
    first, second = book(occurrence, 14), book(occurrence, 14, 45, last_name="B")
    actions.move_occurrence(
        occurrence=occurrence,
        by=coordinator,
        day=TUESDAY + dt.timedelta(days=1),
        starts_at=dt.time(15),
        ends_at=dt.time(18),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    wednesday = TUESDAY + dt.timedelta(days=1)
    assert (first.starts_at, second.starts_at) == (at(wednesday, 15), at(wednesday, 15, 45))
    assert first.notices.filter(kind=NoticeKind.CHANGE).count() == 1


def test_moving_to_a_too_short_window_is_refused(coordinator, occurrence):
    book(occurrence, 16, 15)
    with pytest.raises(Refused, match="trop courte"):
        actions.move_occurrence(
            occurrence=occurrence,
            by=coordinator,
            day=TUESDAY,
            starts_at=dt.time(15),
            ends_at=dt.time(16),
        )


# --- Staffing -----------------------------------------------------------------------------------


def test_availability_and_absence(occurrence, mediators, member):
    first, second = mediators
    actions.add_absence(mediator=second, starts_on=TUESDAY, ends_on=TUESDAY)
    other = member("mediator")
    assert actions.available_mediators(occurrence, [first, second, other]) == [first]


def test_duties(coordinator, occurrence, mediators, member):
    first, _second = mediators
    duty = actions.add_duty(occurrence=occurrence, by=coordinator, mediator=first)
    with pytest.raises(Refused, match="déjà"):
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=first)
    with pytest.raises(Refused, match="médiateurs"):
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=member("reception"))
    actions.remove_duty(duty=duty, by=first)
    assert occurrence.duties.count() == 0


def test_a_mediator_cannot_hold_two_sessions_at_once(
    service, coordinator, occurrence, mediators, venue
):
    other = actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=1,
        starts_at=dt.time(16),
        ends_at=dt.time(18),
        valid_from=MONDAY,
    )
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    with pytest.raises(Refused, match="autre permanence"):
        actions.add_duty(
            occurrence=other.occurrences.get(planned_on=TUESDAY),
            by=coordinator,
            mediator=mediators[0],
        )


# --- At the session -----------------------------------------------------------------------------


def test_visits_walk_in_and_case(coordinator, occurrence, clock):
    came, absent = book(occurrence, 14), book(occurrence, 14, 45, last_name="Absent")
    with pytest.raises(Refused, match="commencée"):
        actions.record_visits(
            occurrence=occurrence, by=coordinator, came=[], no_show=[], informed_count=0
        )
    clock(at(TUESDAY, 17, 30))
    actions.record_visits(
        occurrence=occurrence,
        by=coordinator,
        came=[came.pk],
        no_show=[absent.pk],
        informed_count=3,
    )
    walk_in = actions.add_walk_in(occurrence=occurrence, by=coordinator, last_name="Martin")
    case = actions.open_case_from(
        appointment=walk_in, by=coordinator, primary_conflict="NOISE", referral_source="SELF"
    )
    assert case.first_contact_channel == "PERMANENCE_WALK_IN"
    assert case.requester().last_name == "Martin"
    walk_in.refresh_from_db()
    assert walk_in.case == case
    with pytest.raises(Refused, match="déjà lié"):
        actions.open_case_from(
            appointment=walk_in, by=coordinator, primary_conflict="NOISE", referral_source="SELF"
        )
    with pytest.raises(Refused, match="personne venue"):
        actions.open_case_from(
            appointment=absent, by=coordinator, primary_conflict="NOISE", referral_source="SELF"
        )
    actions.link_case(appointment=came, by=coordinator, case=case)
    assert Case.objects.get(pk=case.pk).permanence_appointments.count() == 2
    occurrence.refresh_from_db()
    assert occurrence.informed_count == 3


def test_a_case_opened_by_a_mediator_goes_to_the_pair_on_duty(
    coordinator, occurrence, mediators, clock
):
    for mediator in mediators:
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediator)
    clock(at(TUESDAY, 15))
    walk_in = actions.add_walk_in(occurrence=occurrence, by=mediators[0], last_name="Martin")
    case = actions.open_case_from(
        appointment=walk_in, by=mediators[0], primary_conflict="NOISE", referral_source="SELF"
    )
    assert {m.pk for m in case.active_mediators()} == {m.pk for m in mediators}
