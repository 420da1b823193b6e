"""Calendar feeds: a mediator's duties, or a venue's sessions, as an iCalendar document that a
phone subscribes to by its secret address.

Anyone who holds the address reads the feed, so an event says only what the team may share:
where and when, who is on duty, how many slots are booked. Never who booked, nor anything of a
case. Times are written in UTC, which every client reads without a VTIMEZONE; the service's
time zone still comes as one, so that a feed with no session left is a valid calendar (RFC 5545
asks for at least one component).

Each occurrence keeps its UID for ever; its SEQUENCE is the occurrence's, raised by every
cancellation or move, so that clients replace their copy.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event, Timezone, vDuration

from palabre.permanences import actions, schedule
from palabre.permanences.models import (
    AppointmentState,
    CalendarFeed,
    Duty,
    Occurrence,
    OccurrenceStatus,
)

PRODID = "-//Palabre//Permanences//FR"
PAST_DAYS = 60
REFRESH = dt.timedelta(hours=1)
# Appointments counted as booked: confirmed ones, whatever happened at the session.
BOOKED = [AppointmentState.BOOKED, AppointmentState.CAME, AppointmentState.NO_SHOW]


def live_feed(token: str) -> CalendarFeed | None:
    """The feed this address serves, or None when it is unknown, revoked, or its mediator has
    left the team: the caller answers the same 404 in every case."""
    if "\x00" in token:  # in no address Palabre makes, and PostgreSQL refuses it in a query
        return None
    return (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .filter(Q(mediator__isnull=True) | Q(mediator__is_active=True))
        .select_related("organisation", "mediator__user", "venue")
        .first()
    )


def calendar_for(feed: CalendarFeed) -> bytes:
    if feed.venue_id is not None:
        return venue_calendar(feed)
    return mediator_calendar(feed)


def mediator_calendar(feed: CalendarFeed) -> bytes:
    """The sessions the feed's mediator holds, from two months ago to the planning horizon."""
    occurrences = _window(feed.organisation_id).filter(duties__mediator_id=feed.mediator_id)
    name = _("Mes permanences — %(service)s") % {"service": feed.organisation.name}
    return _calendar(name, occurrences)


def venue_calendar(feed: CalendarFeed) -> bytes:
    """Every session held at the feed's venue, over the same window."""
    occurrences = _window(feed.organisation_id).filter(permanence__venue_id=feed.venue_id)
    name = _("Permanences — %(venue)s") % {"venue": feed.venue.name}
    return _calendar(name, occurrences)


def _window(organisation_id):
    """Occurrences from ``PAST_DAYS`` ago to the end of the planning horizon, with what their
    events show, in two queries."""
    now = timezone.now()
    last_day = timezone.localdate(now) + dt.timedelta(days=actions.planning_days() + 1)
    until = dt.datetime.combine(last_day, dt.time(0), tzinfo=timezone.get_current_timezone())
    duties = Duty.objects.select_related("mediator__user").order_by(
        "mediator__user__last_name", "mediator__user__first_name"
    )
    return (
        Occurrence.objects.of(organisation_id)
        .filter(ends_at__gte=now - dt.timedelta(days=PAST_DAYS), starts_at__lt=until)
        .select_related("permanence__venue__commune")
        .annotate(
            booked=Count(
                "appointments",
                filter=Q(appointments__state__in=BOOKED, appointments__starts_at__isnull=False),
            )
        )
        .prefetch_related(Prefetch("duties", queryset=duties))
        .order_by("starts_at")
    )


def _calendar(name: str, occurrences) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("PRODID", PRODID)
        calendar.add("VERSION", "2.0")
        calendar.add("CALSCALE", "GREGORIAN")
        calendar.add("X-WR-CALNAME", name)
        calendar.add("NAME", name)
        calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
        calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
        for occurrence in occurrences:
            calendar.add_component(_event(occurrence))
        return calendar.to_ical()


def _event(occurrence: Occurrence) -> Event:
    venue = occurrence.permanence.venue
    cancelled = occurrence.status == OccurrenceStatus.CANCELLED
    summary = _("Permanence — %(venue)s") % {"venue": venue.name}
    if cancelled:
        summary = _("Annulée : %(summary)s") % {"summary": summary}
    event = Event()
    event.add("UID", f"{occurrence.pk}@palabre")
    # Without a METHOD, DTSTAMP is when the event's information last changed (RFC 5545 3.8.7.2).
    event.add("DTSTAMP", _utc(occurrence.updated_at))
    event.add("DTSTART", _utc(occurrence.starts_at))
    event.add("DTEND", _utc(occurrence.ends_at))
    event.add("SUMMARY", summary)
    event.add("LOCATION", ", ".join(part for part in (venue.address, venue.commune.name) if part))
    event.add("DESCRIPTION", _description(occurrence, cancelled))
    event.add("SEQUENCE", occurrence.sequence)
    event.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("TRANSP", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _description(occurrence: Occurrence, cancelled: bool) -> str:
    lines = []
    if cancelled:
        lines.append(
            _("Séance annulée : %(reason)s") % {"reason": occurrence.get_cancel_reason_display()}
            if occurrence.cancel_reason
            else _("Séance annulée.")
        )
    names = [duty.mediator.user.get_full_name() for duty in occurrence.duties.all()]
    if names:
        lines.append(_("De permanence : %(names)s") % {"names": ", ".join(names)})
    else:
        lines.append(_("Personne n'est encore de permanence."))
    slots = len(schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes))
    lines.append(
        ngettext(
            "%(booked)s rendez-vous sur %(slots)s créneau",
            "%(booked)s rendez-vous sur %(slots)s créneaux",
            slots,
        )
        % {"booked": occurrence.booked, "slots": slots}
    )
    return "\n".join(lines)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)
