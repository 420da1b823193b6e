"""Two people take the same slot at the same instant, each through their own connection: the
database keeps one booking, the other person is told the slot has just gone."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from palabre.core.actions import Refused
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions, schedule
from palabre.permanences.models import Appointment, BookingChannel


@pytest.mark.django_db(transaction=True)
def test_two_bookings_of_one_slot_at_the_same_instant(service, coordinator, monkeypatch):
    venue = VenueFactory(organisation=service)
    today = dt.date.today()
    permanence = actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=(today + dt.timedelta(days=2)).weekday(),
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        valid_from=today,
    )
    occurrence = permanence.occurrences.order_by("starts_at").first()
    slot = schedule.slot_starts(occurrence, permanence.slot_minutes)[0]
    if connection.vendor == "postgresql":
        # Both transactions pass every check before either inserts: only the unique index can
        # tell them apart. (SQLite's immediate transactions take turns: the second one starts
        # once the first has committed, and meets the booking.)
        meeting = threading.Barrier(2, timeout=10)
        original = schedule.slot_starts

        def both_inside(occurrence, minutes):
            meeting.wait()
            return original(occurrence, minutes)

        monkeypatch.setattr(schedule, "slot_starts", both_inside)
    start, outcomes = threading.Barrier(2, timeout=10), []

    def take(name):
        try:
            start.wait()
            actions.book(
                occurrence=occurrence,
                starts_at=slot,
                channel=BookingChannel.STAFF,
                last_name=name,
            )
            outcomes.append("booked")
        except Refused as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(name,)) for name in ("Premier", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [
        "Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez-en un autre.",
        "booked",
    ]
    assert Appointment.objects.filter(occurrence=occurrence, starts_at=slot).count() == 1
