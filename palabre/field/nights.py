"""The clock of night shifts. A shift belongs to the evening it starts (22:00–06:00 is the shift
of the evening, in Europe/Paris), may end the next morning, and lasts its real hours: the night
the clocks go forward is an hour shorter, the night they go back an hour longer.

Every computation happens in UTC. Python compares and subtracts two datetimes that share a
``tzinfo`` by their wall-clock faces, which would make every DST night 8 hours long — the bug
night-team tools keep meeting. Pure functions, no database.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.permanences.schedule import clock

LONGEST = dt.timedelta(hours=14)
HOUR = dt.timedelta(hours=1)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def local(day: dt.date, time: dt.time, *, fold: int = 0) -> dt.datetime:
    """The instant the local clock shows ``time`` on ``day`` (``fold=1``: its second pass, the
    night the clocks go back), in UTC."""
    tz = timezone.get_current_timezone()
    return _utc(dt.datetime.combine(day, time, tzinfo=tz).replace(fold=fold))


def bounds(day: dt.date, starts: dt.time, ends: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a shift of the evening ``day``: an end at or before the start is on the
    next morning."""
    end_day = day + dt.timedelta(days=1) if ends <= starts else day
    return local(day, starts), local(end_day, ends)


def duration(starts_at: dt.datetime, ends_at: dt.datetime) -> dt.timedelta:
    return _utc(ends_at) - _utc(starts_at)


def hours(starts_at: dt.datetime, ends_at: dt.datetime) -> float:
    return duration(starts_at, ends_at) / HOUR


def within(moment: dt.datetime, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    return _utc(starts_at) <= _utc(moment) <= _utc(ends_at)


def problem(starts_at: dt.datetime, ends_at: dt.datetime) -> str | None:
    """Why these can be no shift's start and end, in French; None when they can."""
    length = duration(starts_at, ends_at)
    if length <= dt.timedelta(0):
        return _("La fin de la tournée doit suivre son début.")
    if length > LONGEST:
        return _(
            "Une tournée ne peut pas dépasser 14 heures (ici %(length)s) : vérifiez les heures "
            "de début et de fin."
        ) % {"length": length_label(length)}
    return None


def moment_in(
    starts_at: dt.datetime, ends_at: dt.datetime, time: dt.time, *, near: dt.datetime | None = None
) -> dt.datetime | None:
    """The instant within the shift at which the local clock shows ``time``, or None. A shift is
    shorter than a day, so there is one, except in the hour lived twice the night the clocks go
    back: then the one nearest ``near`` (the first without it). A time the clocks skip is none."""
    starts_at, ends_at = _utc(starts_at), _utc(ends_at)
    first_day = timezone.localdate(starts_at)
    found = []
    for day in (first_day, first_day + dt.timedelta(days=1)):
        for fold in (0, 1):
            moment = local(day, time, fold=fold)
            shown = timezone.localtime(moment)
            if shown.time() != time or not starts_at <= moment <= ends_at or moment in found:
                continue
            found.append(moment)
    if not found:
        return None
    if near is None:
        return found[0]
    return min(found, key=lambda moment: abs(moment - _utc(near)))


def clamp(moment: dt.datetime, starts_at: dt.datetime, ends_at: dt.datetime) -> dt.datetime:
    """``moment`` brought within the shift: its start before, its end after."""
    return min(max(_utc(moment), _utc(starts_at)), _utc(ends_at))


def length_label(length: dt.timedelta) -> str:
    """« 8 h », « 7 h 30 »."""
    whole, minutes = divmod(round(length / dt.timedelta(minutes=1)), 60)
    return f"{whole} h" if minutes == 0 else f"{whole} h {minutes:02d}"


def hours_label(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """« 22 h – 6 h », in local time."""
    return _("%(start)s – %(end)s") % {
        "start": clock(timezone.localtime(starts_at).time()),
        "end": clock(timezone.localtime(ends_at).time()),
    }
