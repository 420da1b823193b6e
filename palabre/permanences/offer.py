"""What can be booked: the coming sessions and their free slots, in two queries."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from palabre.permanences import schedule
from palabre.permanences.models import Appointment, Occurrence

WINDOW_DAYS = 42


def sessions_with_free_slots(organisation, *, public_only=False, days=WINDOW_DAYS, now=None):
    """``[(occurrence, [free slot, …]), …]`` for the planned sessions of the coming ``days``,
    soonest first, leaving out the full ones."""
    now = now or timezone.now()
    occurrences = list(
        Occurrence.objects.of(organisation)
        .planned()
        .filter(starts_at__lt=now + dt.timedelta(days=days), ends_at__gt=now)
        .filter(permanence__venue__is_active=True)
        .filter(Q(permanence__is_public=True) if public_only else Q())
        .select_related("permanence__venue__commune", "permanence__venue__quartier")
        .order_by("starts_at")
    )
    taken = defaultdict(set)
    for occurrence_id, starts_at in (
        Appointment.objects.filter(occurrence__in=occurrences)
        .taking_slot(now)
        .values_list("occurrence_id", "starts_at")
    ):
        taken[occurrence_id].add(starts_at)
    offer = []
    for occurrence in occurrences:
        slots = [
            start
            for start in schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes)
            if start > now and start not in taken[occurrence.pk]
        ]
        if slots:
            offer.append((occurrence, slots))
    return offer


def by_permanence(offer, per_permanence=3):
    """The first free slots of each permanence: ``{permanence_id: [(occurrence, slot), …]}``."""
    firsts = defaultdict(list)
    for occurrence, slots in offer:
        found = firsts[occurrence.permanence_id]
        for slot in slots:
            if len(found) < per_permanence:
                found.append((occurrence, slot))
    return firsts


def by_venue(offer):
    """The same sessions grouped by venue, venues by name: ``[(venue, [(occurrence, slots)])]``."""
    groups = defaultdict(list)
    for occurrence, slots in offer:
        groups[occurrence.permanence.venue].append((occurrence, slots))
    return sorted(groups.items(), key=lambda item: item[0].name)
