"""The verbs: the half-days a session is made of, places and the waiting list, attendance, the
certificate rule and evaluations."""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.core.actions import Refused
from palabre.core.models import JournalEntry
from palabre.training import actions
from palabre.training.attendance import earns_certificate, hours_label, presence
from palabre.training.models import Enrolment, EnrolmentState, Period
from palabre.training.tests.conftest import NEXT_MONDAY, person


@pytest.fixture
def team(service):
    return [
        person(service, "mediator", "Awa", "Diallo"),
        person(service, "mediator", "Bruno", "Le Goff"),
        person(service, "mediator", "Chloé", "Martin"),
        person(service, "mediator", "David", "Nguyen"),
    ]


def test_a_two_day_session_of_fourteen_hours_has_four_half_days_of_three_and_a_half():
    rows = actions.default_half_days(NEXT_MONDAY, NEXT_MONDAY + dt.timedelta(days=1), 14)
    assert [(day - NEXT_MONDAY).days for day, _p, _h in rows] == [0, 0, 1, 1]
    assert [p for _d, p, _h in rows] == [Period.MORNING, Period.AFTERNOON] * 2
    assert {h for _d, _p, h in rows} == {Decimal("3.5")}


def test_half_days_add_up_to_the_duration_and_skip_the_weekend_inside():
    friday = NEXT_MONDAY + dt.timedelta(days=4)
    rows = actions.default_half_days(friday, friday + dt.timedelta(days=3), Decimal("10"))
    assert [day.weekday() for day, _p, _h in rows] == [4, 4, 0]
    assert sum(h for _d, _p, h in rows) == Decimal("10")
    single = actions.default_half_days(friday, friday, Decimal("3"))
    assert single == [(friday, Period.MORNING, Decimal("3"))]


def test_a_session_gets_its_half_days_and_refuses_dates_in_the_wrong_order(session, make_session):
    assert session.half_days.count() == 4
    with pytest.raises(Refused, match="précède"):
        make_session(starts_on=NEXT_MONDAY, ends_on=NEXT_MONDAY - dt.timedelta(days=1))
    with pytest.raises(Refused, match="lieu"):
        make_session(place="")


def test_beyond_its_places_a_session_puts_people_on_the_waiting_list_in_order(
    session, team, coordinator
):
    states = [
        actions.enrol(session=session, person=member, by=coordinator).state for member in team
    ]
    assert states == ["ENROLLED", "ENROLLED", "WAITING", "WAITING"]
    assert [e.last_name for e in session.enrolments.waiting()] == ["Martin", "Nguyen"]


def test_when_an_enrolled_person_cancels_the_first_waiting_takes_the_place(
    session, team, coordinator
):
    enrolments = [actions.enrol(session=session, person=m, by=coordinator) for m in team]
    promoted = actions.cancel_enrolment(enrolment=enrolments[0], by=coordinator)
    assert [p.last_name for p in promoted] == ["Martin"]
    states = {e.last_name: e.state for e in Enrolment.objects.filter(session=session)}
    assert states == {
        "Diallo": "CANCELLED",
        "Le Goff": "ENROLLED",
        "Martin": "ENROLLED",
        "Nguyen": "WAITING",
    }
    # A waiting person who cancels frees nobody's place.
    assert actions.cancel_enrolment(enrolment=enrolments[3], by=coordinator) == []
    assert session.enrolments.enrolled().count() == 2


def test_a_person_is_enrolled_once_but_may_come_back_after_cancelling(session, team, coordinator):
    enrolment = actions.enrol(session=session, person=team[0], by=coordinator)
    with pytest.raises(Refused, match="déjà inscrit"):
        actions.enrol(session=session, person=team[0], by=coordinator)
    actions.cancel_enrolment(enrolment=enrolment, by=coordinator)
    again = actions.enrol(session=session, person=team[0], by=coordinator)
    assert again.state == EnrolmentState.ENROLLED


def test_people_outside_the_network_or_of_another_service_are_refused(
    session, team, coordinator, other_service, member
):
    from palabre.cases.tests.factories import OrganisationFactory

    outsider_service = OrganisationFactory(name="Hors réseau", slug="hors-reseau")
    outsider = person(outsider_service, "mediator", "Eve", "Dehors")
    outsider_coordinator = person(outsider_service, "coordinator", "Olga", "Dehors")
    with pytest.raises(Refused, match="pas ouverte"):
        actions.enrol(session=session, person=outsider, by=outsider_coordinator)
    other_coordinator = member("coordinator", organisation=other_service)
    with pytest.raises(Refused, match="son service"):
        actions.enrol(session=session, person=team[0], by=other_coordinator)
    assert not session.enrolments.exists()


def test_an_enrolment_writes_one_journal_line_without_the_persons_name(session, team, coordinator):
    enrolment = actions.enrol(session=session, person=team[0], by=coordinator)
    entries = JournalEntry.objects.filter(subject_id=enrolment.pk)
    assert entries.count() == 1
    assert "Diallo" not in entries.get().summary


@pytest.fixture
def held(session, team, coordinator, staff):
    """The session with Awa and Bruno enrolled, seen from the day after it ended."""
    awa, bruno = (actions.enrol(session=session, person=m, by=coordinator) for m in team[:2])
    return session, awa, bruno, session.ends_on + dt.timedelta(days=1)


def test_attendance_is_taken_per_half_day_and_counts_hours(held, staff):
    session, awa, bruno, after = held
    half_days = list(session.half_days.all())
    for half_day in half_days:
        present = [awa.pk] if half_day.period == Period.AFTERNOON else [awa.pk, bruno.pk]
        actions.record_attendance(half_day=half_day, by=staff, present=present, today=after)
    assert presence(awa).present == 4 and presence(awa).hours == Decimal("14")
    assert presence(bruno).present == 2 and presence(bruno).hours == Decimal("7")
    # Correcting a half-day replaces its marks.
    actions.record_attendance(half_day=half_days[1], by=staff, present=[], today=after)
    assert presence(awa).present == 3


def test_attendance_waits_for_the_day_itself(held, staff):
    session, awa, _bruno, _after = held
    with pytest.raises(Refused, match="jour même"):
        actions.record_attendance(
            half_day=session.half_days.first(),
            by=staff,
            present=[awa.pk],
            today=session.starts_on - dt.timedelta(days=1),
        )


def test_the_certificate_needs_every_half_day_unless_the_share_is_lowered(held, staff, settings):
    session, awa, bruno, after = held
    half_days = list(session.half_days.all())
    for index, half_day in enumerate(half_days):
        present = [awa.pk] + ([bruno.pk] if index < 3 else [])
        actions.record_attendance(half_day=half_day, by=staff, present=present, today=after)
    assert earns_certificate(awa, after)
    assert not earns_certificate(bruno, after)
    assert not earns_certificate(awa, session.starts_on), "not before the session ends"
    settings.PALABRE_TRAINING_CERTIFICATE_SHARE = 0.75
    assert earns_certificate(bruno, after)
    assert hours_label(presence(bruno).hours) == "10\N{NO-BREAK SPACE}h\N{NO-BREAK SPACE}30"


def test_a_participant_evaluates_once_after_taking_part(held, staff, team):
    session, awa, bruno, after = held
    with pytest.raises(Refused, match="après y avoir participé"):
        actions.record_evaluation(enrolment=awa, by=team[0], score=4, useful=True)
    actions.record_attendance(
        half_day=session.half_days.first(), by=staff, present=[awa.pk], today=after
    )
    evaluation = actions.record_evaluation(
        enrolment=awa, by=team[0], score=4, useful=True, comment="Des cas concrets."
    )
    assert evaluation.score == 4
    with pytest.raises(Refused, match="déjà évaluée"):
        actions.record_evaluation(enrolment=awa, by=team[0], score=5, useful=True)


def test_half_days_change_but_one_with_attendance_stays(held, staff):
    session, awa, _bruno, after = held
    first, second, *_rest = session.half_days.all()
    actions.record_attendance(half_day=first, by=staff, present=[awa.pk], today=after)
    with pytest.raises(Refused, match="reste"):
        actions.change_half_days(session=session, by=staff, hours={}, removed=[first.pk])
    actions.change_half_days(
        session=session,
        by=staff,
        hours={first.pk: Decimal("3")},
        removed=[second.pk],
        added=[(session.starts_on, Period.AFTERNOON, Decimal("2.5"))],
    )
    with pytest.raises(Refused, match="déjà partie"):
        actions.change_half_days(
            session=session,
            by=staff,
            hours={},
            added=[(session.ends_on, Period.AFTERNOON, Decimal("3"))],
        )
    assert [h.hours for h in session.half_days.all()] == [
        Decimal("3"),
        Decimal("2.5"),
        Decimal("3.5"),
        Decimal("3.5"),
    ]


def test_a_cancelled_session_takes_no_one(session, team, coordinator, staff):
    actions.cancel_session(session=session, by=staff, today=NEXT_MONDAY - dt.timedelta(days=3))
    with pytest.raises(Refused, match="annulée"):
        actions.enrol(session=session, person=team[0], by=coordinator)
