"""Demo invitations to book (docs/adr/0026): an other party who took the link of the letter and
chose a coming slot, another who asked to be called back, and, in the past sessions, slots chosen
through invitations with a few absences, so that the dashboard compares them with the slots the
service gave.

The coming answers go through the verbs (the case shows the contact attempt's result and the
appointment); the past ones are loaded as history, like the other past appointments of the demo
(``demo.py``): the verbs refuse the past.
"""

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone

from palabre.cases import codes, invitation_actions
from palabre.cases.invitations import Answer, Delivery, Invitation
from palabre.cases.models import Case, Party
from palabre.core import signed_links
from palabre.permanences import actions, invitation_booking, schedule
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Occurrence,
    OccurrenceStatus,
)

SEED = 20261207
# Past slots chosen through an invitation, and how many of those people did not come.
PAST_CHOSEN = 16
PAST_ABSENT = 2


def _contacting(organisation) -> list[Case]:
    """Open cases at the contact stage whose requester agreed that the other party be written to,
    oldest first: the ones a letter goes to."""
    return [
        case
        for case in Case.objects.of(organisation)
        .filter(status=codes.Status.CONTACTING_OTHER_PARTY)
        .prefetch_related("parties__consents")
        .order_by("opened_on", "reference")
        if case.other_parties()
        and any(
            c.kind == codes.ConsentKind.CONTACT_OTHER_PARTY and c.is_active
            for c in case.requester().consents.all()
        )
    ]


@transaction.atomic
def seed_invitations(organisation, *, coordinator, today: dt.date | None = None) -> dict:
    """Builds the demo's invitations; answers what it made."""
    rng = random.Random(SEED)
    now = timezone.now()
    cases = _contacting(organisation)
    counts = {"booked": 0, "callbacks": 0, "past": 0}
    free = [
        (occurrence, slot)
        for occurrence in Occurrence.objects.of(organisation)
        .planned()
        .filter(permanence__is_public=True, starts_at__gt=now + dt.timedelta(days=2))
        .select_related("permanence")
        .order_by("starts_at")[:6]
        for slot in actions.free_slots(occurrence, now=now)[:1]
    ]
    if cases and free:
        case = cases.pop(0)
        invitation = invitation_actions.invite_by_letter(
            case=case, party=case.other_parties()[0], by=coordinator
        )
        occurrence, slot = free[0]
        invitation_booking.book_by_invitation(
            invitation=invitation, occurrence=occurrence, starts_at=slot
        )
        counts["booked"] = 1
    if cases:
        case = cases.pop(0)
        invitation = invitation_actions.invite_by_letter(
            case=case, party=case.other_parties()[0], by=coordinator
        )
        invitation_actions.ask_callback(
            invitation=invitation, days=["1", "3"], bands=["EVENING"], phone="06 52 48 17 90"
        )
        counts["callbacks"] = 1
    counts["past"] = _past_choices(organisation, rng, now)
    return counts


def _past_choices(organisation, rng, now) -> int:
    """Free slots of past sessions taken by other parties through their letter's link, most of
    whom came: each party's case was opened a few weeks before the session."""
    sessions = list(
        Occurrence.objects.of(organisation)
        .filter(status=OccurrenceStatus.PLANNED, ends_at__lte=now, permanence__is_public=True)
        .select_related("permanence")
        .order_by("starts_at")
    )
    parties = list(
        Party.objects.filter(organisation=organisation, role=codes.PartyRole.OTHER_PARTY)
        .exclude(invitations__isnull=False)
        .select_related("case")
        .order_by("case__opened_on", "pk")
    )
    taken = {}
    rows = []
    for occurrence in rng.sample(sessions, k=min(len(sessions), PAST_CHOSEN)):
        day = timezone.localtime(occurrence.starts_at).date()
        party = next(
            (
                p
                for p in parties
                if day - dt.timedelta(days=60) <= p.case.opened_on <= day - dt.timedelta(days=5)
            ),
            None,
        )
        if occurrence.pk not in taken:
            taken[occurrence.pk] = set(occurrence.appointments.values_list("starts_at", flat=True))
        slots = [
            start
            for start in schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes)
            if start not in taken[occurrence.pk]
        ]
        if party is None or not slots:
            continue
        parties.remove(party)
        start = slots[0]
        taken[occurrence.pk].add(start)
        rows.append(
            _past_row(
                organisation, occurrence, start, party, absent=len(rows) < PAST_ABSENT, rng=rng
            )
        )
    Appointment.objects.bulk_create(rows)
    return len(rows)


def _past_row(organisation, occurrence, start, party, *, absent: bool, rng) -> Appointment:
    answered_at = start - dt.timedelta(days=rng.randint(3, 12))
    invitation = Invitation.objects.create(
        organisation=organisation,
        case=party.case,
        party=party,
        code=signed_links.short_code(),
        delivery=Delivery.LETTER,
        expires_at=answered_at + dt.timedelta(days=20),
        answer=Answer.BOOKED,
        answered_at=answered_at,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=answered_at - dt.timedelta(days=5)
    )
    return Appointment(
        organisation_id=organisation.pk,
        occurrence=occurrence,
        starts_at=start,
        state=AppointmentState.NO_SHOW if absent else AppointmentState.CAME,
        channel=BookingChannel.INVITATION,
        first_name=party.first_name,
        last_name=party.last_name,
        case=party.case,
        party=party,
        invitation=invitation,
        secret=secrets.token_urlsafe(32),
    )
