"""A service with a venue and a weekly Tuesday permanence, two mediators available on Tuesdays,
and a clock set to a Monday morning so that the next session is tomorrow."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions
from palabre.permanences.models import Frequency

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = dt.date(2026, 12, 7)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()`` for the actions; starts on Monday 9:00."""
    state = {"now": at(MONDAY, 9)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def venue(service):
    return VenueFactory(organisation=service, name="Maison du Ronceray")


@pytest.fixture
def permanence(service, coordinator, venue, clock):
    return actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=1,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=MONDAY,
    )


@pytest.fixture
def occurrence(permanence):
    """Tomorrow's session, 14:00–17:00: four 45-minute slots."""
    return permanence.occurrences.get(planned_on=MONDAY + dt.timedelta(days=1))


@pytest.fixture
def mediators(member):
    pair = [member("mediator"), member("mediator")]
    for mediator in pair:
        actions.set_availability(mediator=mediator, windows=[(1, dt.time(13), dt.time(18))])
    return pair
