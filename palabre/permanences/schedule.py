"""The calendar arithmetic of permanences: which days a rule gives, which are closed, the slots
of an occurrence, and the rule said in words. Pure functions, no database."""

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.permanences.models import Frequency, Weekday

ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e", 5: "5e", -1: "dernier"}


def rule_days(permanence, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The days in [start, end] that the permanence's rule gives, ignoring closures."""
    first = max(start, permanence.valid_from)
    last = min(end, permanence.valid_until) if permanence.valid_until else end
    if first > last:
        return
    anchor = permanence.valid_from + dt.timedelta(
        days=(permanence.weekday - permanence.valid_from.weekday()) % 7
    )
    day = first + dt.timedelta(days=(permanence.weekday - first.weekday()) % 7)
    weeks = permanence.weeks()
    while day <= last:
        if _matches(permanence.frequency, day, anchor, weeks):
            yield day
        day += dt.timedelta(days=7)


def _matches(frequency, day: dt.date, anchor: dt.date, weeks: list[int]) -> bool:
    if frequency == Frequency.WEEKLY:
        return True
    if frequency == Frequency.EVERY_OTHER_WEEK:
        return ((day - anchor).days // 7) % 2 == 0
    nth = (day.day - 1) // 7 + 1
    is_last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    return nth in weeks or (is_last and -1 in weeks)


def closure_on(permanence, day: dt.date, closures: Iterable):
    """The closure that cancels the permanence on that day, if any."""
    for closure in closures:
        if closure.kind == "SCHOOL_HOLIDAYS" and not permanence.skip_school_holidays:
            continue
        if closure.covers(day, permanence.venue_id):
            return closure
    return None


def bounds(day: dt.date, starts: dt.time, ends: dt.time) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(day, starts, tzinfo=tz),
        dt.datetime.combine(day, ends, tzinfo=tz),
    )


def slot_starts(occurrence, slot_minutes: int) -> list[dt.datetime]:
    """The start of each whole slot between the occurrence's start and end."""
    step = dt.timedelta(minutes=slot_minutes)
    slots, start = [], occurrence.starts_at
    while start + step <= occurrence.ends_at:
        slots.append(start)
        start += step
    return slots


def describe(permanence) -> str:
    """« Les 2e et 4e mardis, de 14 h à 17 h », as a person would say it."""
    day = Weekday(permanence.weekday).label
    hours = _("de %(start)s à %(end)s") % {
        "start": clock(permanence.starts_at),
        "end": clock(permanence.ends_at),
    }
    if permanence.frequency == Frequency.WEEKLY:
        return _("Chaque %(day)s, %(hours)s") % {"day": day, "hours": hours}
    if permanence.frequency == Frequency.EVERY_OTHER_WEEK:
        return _("Un %(day)s sur deux, %(hours)s") % {"day": day, "hours": hours}
    weeks = sorted(permanence.weeks(), key=lambda w: (w < 0, w))
    names = [ORDINALS.get(w, str(w)) for w in weeks]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" et ") + names[-1]
    plural = ngettext("Le %(weeks)s %(day)s du mois", "Les %(weeks)s %(day)ss du mois", len(names))
    return _("%(rule)s, %(hours)s") % {
        "rule": plural % {"weeks": listed, "day": day},
        "hours": hours,
    }


def clock(value: dt.time) -> str:
    """14 h, 14 h 30."""
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"
