"""The rule arithmetic, on days a person can check on a calendar."""

import datetime as dt

import pytest

from palabre.permanences import schedule
from palabre.permanences.models import Closure, ClosureKind, Frequency, Permanence


def rule(**fields):
    defaults = {
        "weekday": 1,
        "frequency": Frequency.WEEKLY,
        "starts_at": dt.time(14),
        "ends_at": dt.time(17),
        "valid_from": dt.date(2026, 12, 1),
        "slot_minutes": 45,
        "venue_id": 1,
    }
    return Permanence(**{**defaults, **fields})


def days(permanence, start=dt.date(2026, 12, 1), end=dt.date(2027, 1, 31)):
    return [d.isoformat() for d in schedule.rule_days(permanence, start, end)]


def test_weekly_gives_every_tuesday():
    assert days(rule(), end=dt.date(2026, 12, 31)) == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
        "2026-12-22",
        "2026-12-29",
    ]


def test_every_other_week_counts_from_the_first_session():
    permanence = rule(frequency=Frequency.EVERY_OTHER_WEEK, valid_from=dt.date(2026, 12, 7))
    assert days(permanence, end=dt.date(2026, 12, 31)) == ["2026-12-08", "2026-12-22"]
    # Starting the window later keeps the same fortnight.
    assert days(permanence, start=dt.date(2026, 12, 14), end=dt.date(2027, 1, 6)) == [
        "2026-12-22",
        "2027-01-05",
    ]


def test_second_and_fourth_tuesdays():
    permanence = rule(frequency=Frequency.WEEKS_OF_MONTH, weeks_of_month="2,4")
    assert days(permanence) == ["2026-12-08", "2026-12-22", "2027-01-12", "2027-01-26"]


def test_last_thursday_of_the_month():
    permanence = rule(weekday=3, frequency=Frequency.WEEKS_OF_MONTH, weeks_of_month="-1")
    assert days(permanence) == ["2026-12-31", "2027-01-28"]


def test_validity_bounds_the_days():
    permanence = rule(valid_from=dt.date(2026, 12, 10), valid_until=dt.date(2026, 12, 23))
    assert days(permanence) == ["2026-12-15", "2026-12-22"]


@pytest.mark.parametrize(
    ("skip_holidays", "kind", "venue_id", "closed"),
    [
        (True, ClosureKind.SCHOOL_HOLIDAYS, None, True),
        (False, ClosureKind.SCHOOL_HOLIDAYS, None, False),
        (False, ClosureKind.CLOSURE, None, True),
        (False, ClosureKind.CLOSURE, 1, True),
        (False, ClosureKind.CLOSURE, 2, False),
    ],
)
def test_closures(skip_holidays, kind, venue_id, closed):
    permanence = rule(skip_school_holidays=skip_holidays)
    closure = Closure(
        kind=kind,
        label="Noël",
        starts_on=dt.date(2026, 12, 19),
        ends_on=dt.date(2027, 1, 3),
        venue_id=venue_id,
    )
    assert (schedule.closure_on(permanence, dt.date(2026, 12, 22), [closure]) is not None) is closed
    assert schedule.closure_on(permanence, dt.date(2027, 1, 5), [closure]) is None


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({}, "Chaque mardi, de 14 h à 17 h"),
        ({"frequency": Frequency.EVERY_OTHER_WEEK}, "Un mardi sur deux, de 14 h à 17 h"),
        (
            {"frequency": Frequency.WEEKS_OF_MONTH, "weeks_of_month": "4,2"},
            "Les 2e et 4e mardis du mois, de 14 h à 17 h",
        ),
        (
            {
                "frequency": Frequency.WEEKS_OF_MONTH,
                "weeks_of_month": "-1",
                "starts_at": dt.time(9, 30),
            },
            "Le dernier mardi du mois, de 9 h 30 à 17 h",
        ),
    ],
)
def test_describe(fields, said):
    assert schedule.describe(rule(**fields)) == said
