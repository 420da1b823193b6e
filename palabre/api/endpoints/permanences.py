"""Permanences, their sessions and free slots, through ``permanences.access``."""

import datetime as dt
import uuid
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from palabre.api.models import Resource
from palabre.api.pagination import PageQuery, page_of
from palabre.api.schemas import (
    BookingOut,
    BookingPage,
    PermanenceOut,
    PermanencePage,
    SessionOut,
    SessionPage,
)
from palabre.api.serialize import code, ref
from palabre.permanences import access, schedule
from palabre.permanences.models import Appointment

from .common import member, responses

router = Router(tags=[_("Permanences")])
PERMANENCES = Resource.PERMANENCES
MAX_DAYS = 366


class Period(Schema):
    start: dt.date | None = Field(
        None,
        ge=dt.date(2000, 1, 1),
        le=dt.date(2100, 12, 31),
        description=_("Premier jour (aujourd'hui par défaut)."),
    )
    days: int = Field(42, ge=1, le=MAX_DAYS, description=_("Nombre de jours à partir de start."))


def _permanence(permanence) -> dict:
    return {
        "id": permanence.pk,
        "venue": ref(permanence.venue),
        "weekday": code(permanence, "weekday"),
        "frequency": code(permanence, "frequency"),
        "starts_at": permanence.starts_at.strftime("%H:%M"),
        "ends_at": permanence.ends_at.strftime("%H:%M"),
        "slot_minutes": permanence.slot_minutes,
        "valid_from": permanence.valid_from,
        "valid_until": permanence.valid_until,
        "is_public": permanence.is_public,
    }


def _sessions(occurrences, now) -> list[dict]:
    """The sessions with their free slots: the slots nobody holds, from now on (one query)."""
    occurrences = list(occurrences)
    taken = defaultdict(set)
    for occurrence_id, starts_at in (
        Appointment.objects.filter(occurrence__in=occurrences)
        .taking_slot(now)
        .values_list("occurrence_id", "starts_at")
    ):
        taken[occurrence_id].add(starts_at)
    return [
        {
            "id": occurrence.pk,
            "permanence_id": occurrence.permanence_id,
            "venue": ref(occurrence.permanence.venue),
            "starts_at": occurrence.starts_at,
            "ends_at": occurrence.ends_at,
            "status": code(occurrence, "status"),
            "free_slots": []
            if occurrence.is_cancelled
            else [
                start
                for start in schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes)
                if start > now and start not in taken[occurrence.pk]
            ],
        }
        for occurrence in occurrences
    ]


@router.get("/permanences", response=responses(PermanencePage), summary=_("Permanences"))
def permanences(request, page: Query[PageQuery]):
    membership = member(request, PERMANENCES, access.can_read)
    rows = access.permanences_for(membership).order_by("venue__name", "weekday", "starts_at", "pk")
    return page_of(rows, page, _permanence)


@router.get(
    "/permanences/{permanence_id}", response=responses(PermanenceOut), summary=_("Une permanence")
)
def permanence(request, permanence_id: uuid.UUID):
    membership = member(request, PERMANENCES, access.can_read)
    return _permanence(access.get_permanence_for(membership, permanence_id))


@router.get(
    "/permanences/{permanence_id}/sessions",
    response=responses(SessionPage),
    summary=_("Séances d'une permanence et leurs créneaux libres"),
)
def sessions(request, permanence_id: uuid.UUID, period: Query[Period], page: Query[PageQuery]):
    membership = member(request, PERMANENCES, access.can_read)
    found = access.get_permanence_for(membership, permanence_id)
    now = timezone.now()
    start = period.start or timezone.localdate(now)
    first, _end = schedule.bounds(start, dt.time(0), dt.time(0))
    last = first + dt.timedelta(days=period.days)
    rows = (
        access.occurrences_for(membership)
        .filter(permanence=found, starts_at__gte=first, starts_at__lt=last)
        .order_by("starts_at", "pk")
    )
    listed = page_of(rows, page, lambda occurrence: occurrence)
    listed["items"] = _sessions(listed["items"], now)
    return listed


@router.get(
    "/sessions/{session_id}", response=responses(SessionOut), summary=_("Une séance de permanence")
)
def session(request, session_id: uuid.UUID):
    membership = member(request, PERMANENCES, access.can_read)
    occurrence = access.get_occurrence_for(membership, session_id)
    return _sessions([occurrence], timezone.now())[0]


# --- Bookings -------------------------------------------------------------------------------------


def _booking(appointment) -> dict:
    """A booking's time and state: never the name or the contact of the person booked."""
    return {
        "id": appointment.pk,
        "session_id": appointment.occurrence_id,
        "venue": ref(appointment.occurrence.permanence.venue),
        "starts_at": appointment.starts_at,
        "state": code(appointment, "state"),
        "channel": code(appointment, "channel"),
        "partner_id": appointment.partner_id,
    }


def _can_see_bookings(membership) -> bool:
    return access.can_read(membership) or access.can_book_as_partner(membership)


@router.get("/bookings", response=responses(BookingPage), summary=_("Rendez-vous"))
def bookings(request, page: Query[PageQuery]):
    membership = member(request, Resource.BOOKINGS, _can_see_bookings)
    rows = (
        access.appointments_for(membership)
        .select_related("occurrence__permanence__venue")
        .order_by("-occurrence__starts_at", "starts_at", "pk")
        .distinct()
    )
    return page_of(rows, page, _booking)


@router.get("/bookings/{booking_id}", response=responses(BookingOut), summary=_("Un rendez-vous"))
def booking(request, booking_id: uuid.UUID):
    membership = member(request, Resource.BOOKINGS, _can_see_bookings)
    found = access.get_appointment_for(membership, booking_id)
    return _booking(found)
