"""The clock of night shifts: across midnight, across the changes of clocks, in Europe/Paris."""

import datetime as dt

import pytest
from django.utils import timezone

from palabre.field import nights
from palabre.field.tests.conftest import at

# The nights the clocks change in 2027: forward on Sunday 28 March, back on Sunday 31 October.
SPRING = dt.date(2027, 3, 27)
AUTUMN = dt.date(2027, 10, 30)
ORDINARY = dt.date(2027, 5, 14)


@pytest.mark.parametrize(
    ("evening", "hours"),
    [(SPRING, 7), (AUTUMN, 9), (ORDINARY, 8)],
    ids=["spring", "autumn", "ordinary"],
)
def test_a_night_from_22_to_6_lasts_its_real_hours(evening, hours):
    starts_at, ends_at = nights.bounds(evening, dt.time(22), dt.time(6))
    assert nights.hours(starts_at, ends_at) == hours
    assert timezone.localtime(starts_at).date() == evening
    assert timezone.localtime(ends_at).date() == evening + dt.timedelta(days=1)
    assert (timezone.localtime(starts_at).hour, timezone.localtime(ends_at).hour) == (22, 6)


def test_the_hours_are_real_even_for_datetimes_sharing_the_paris_zone():
    """Python subtracts two datetimes of one tzinfo by their faces: 8 h, which is wrong."""
    starts_at, ends_at = at(SPRING, 22), at(SPRING + dt.timedelta(days=1), 6)
    assert ends_at - starts_at == dt.timedelta(hours=8)
    assert nights.hours(starts_at, ends_at) == 7


def test_an_end_after_the_start_stays_on_the_same_evening():
    starts_at, ends_at = nights.bounds(ORDINARY, dt.time(18), dt.time(23, 30))
    assert nights.hours(starts_at, ends_at) == 5.5
    assert timezone.localtime(ends_at).date() == ORDINARY


def test_a_shift_longer_than_14_hours_is_refused_with_its_length():
    starts_at, ends_at = nights.bounds(ORDINARY, dt.time(16), dt.time(7))
    assert nights.problem(starts_at, ends_at) == (
        "Une tournée ne peut pas dépasser 14 heures (ici 15 h) : vérifiez les heures de début "
        "et de fin."
    )
    assert nights.problem(*nights.bounds(ORDINARY, dt.time(17), dt.time(7))) is None


def test_an_end_before_the_start_is_refused():
    assert nights.problem(at(ORDINARY, 22), at(ORDINARY, 21)) == (
        "La fin de la tournée doit suivre son début."
    )


def test_a_time_of_the_night_falls_on_the_evening_or_the_next_morning():
    starts_at, ends_at = nights.bounds(ORDINARY, dt.time(22), dt.time(6))
    assert nights.moment_in(starts_at, ends_at, dt.time(23, 15)) == at(ORDINARY, 23, 15)
    next_day = ORDINARY + dt.timedelta(days=1)
    assert nights.moment_in(starts_at, ends_at, dt.time(2, 40)) == at(next_day, 2, 40)
    assert nights.moment_in(starts_at, ends_at, dt.time(12)) is None


def test_the_hour_lived_twice_is_the_one_nearest_now():
    """Compared in UTC: Python never finds a time of that hour equal to one of another zone."""
    starts_at, ends_at = nights.bounds(AUTUMN, dt.time(22), dt.time(6))
    morning = AUTUMN + dt.timedelta(days=1)
    first = at(morning, 2, 30).astimezone(dt.UTC)  # still summer time
    second = at(morning, 2, 30).replace(fold=1).astimezone(dt.UTC)  # winter time
    assert second - first == dt.timedelta(hours=1)
    assert nights.moment_in(starts_at, ends_at, dt.time(2, 30)) == first
    late = at(morning, 2, 50).replace(fold=1)
    assert nights.moment_in(starts_at, ends_at, dt.time(2, 30), near=late) == second


def test_a_time_the_clocks_skip_is_no_moment_of_the_night():
    starts_at, ends_at = nights.bounds(SPRING, dt.time(22), dt.time(6))
    assert nights.moment_in(starts_at, ends_at, dt.time(2, 30)) is None
    assert nights.moment_in(starts_at, ends_at, dt.time(3, 30)) is not None


def test_labels_say_hours_as_people_do():
    starts_at, ends_at = nights.bounds(AUTUMN, dt.time(22), dt.time(6))
    assert nights.hours_label(starts_at, ends_at) == "22 h – 6 h"
    assert nights.length_label(nights.duration(starts_at, ends_at)) == "9 h"
    assert nights.length_label(dt.timedelta(hours=7, minutes=30)) == "7 h 30"
