"""Demo permanences: five sessions at the demo service's venues, four months of past sessions
with their visits and no-shows, and the coming weeks with bookings, some for demo cases.

Past rows are loaded as history (the verbs refuse the past); the coming ones go through the
verbs, without messages. People who came are linked to the demo cases they opened or
continued: the case was opened within two weeks after the visit, under the requester's name.
"""

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone
from faker import Faker

from palabre.cases.models import Case
from palabre.organisations.models import Membership, Role
from palabre.permanences import actions, schedule
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    Availability,
    BookingChannel,
    ClosureKind,
    Duty,
    Frequency,
    Occurrence,
    OccurrenceStatus,
)

SEED = 20261201
HISTORY_DAYS = 120

# venue, weekday, frequency, weeks of month, start, end, slot minutes, booked online
PERMANENCES = [
    ("Maison du Ronceray", 1, Frequency.WEEKS_OF_MONTH, "2,4", (14, 0), (17, 0), 45, True),
    ("Jeu de Paume", 2, Frequency.WEEKLY, "", (9, 30), (12, 0), 50, True),
    (
        "Maison de quartier de Villejean",
        3,
        Frequency.WEEKS_OF_MONTH,
        "1,3",
        (17, 0),
        (19, 15),
        45,
        True,
    ),
    ("Le Cadran", 0, Frequency.EVERY_OTHER_WEEK, "", (14, 0), (17, 0), 60, True),
    ("Centre social de Cleunay", 4, Frequency.WEEKS_OF_MONTH, "-1", (14, 0), (16, 15), 45, False),
]

# Zone B (Rennes) school holidays of the school year 2026–2027, and a venue closure.
HOLIDAYS = [
    ("Vacances de la Toussaint (zone B)", dt.date(2026, 10, 17), dt.date(2026, 11, 1)),
    ("Vacances de Noël (zone B)", dt.date(2026, 12, 19), dt.date(2027, 1, 3)),
]


def _time(hour_minute):
    return dt.time(*hour_minute)


@transaction.atomic
def seed_permanences(
    organisation, *, venues: dict, today: dt.date | None = None, featured=None
) -> dict:
    """Builds the demo permanences of ``organisation``; ``venues`` maps names to Venue.
    ``featured``, the demo mediator account, holds the Tuesday sessions of the coming weeks."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    team = list(
        Membership.objects.filter(
            organisation=organisation, is_active=True, role__in=[Role.MEDIATOR, Role.COORDINATOR]
        ).select_related("user")
    )
    coordinator = next(m for m in team if m.role == Role.COORDINATOR)
    mediators = [m for m in team if m.role == Role.MEDIATOR]
    start = today - dt.timedelta(days=HISTORY_DAYS)
    for label, first, last in HOLIDAYS:
        actions.add_closure(
            organisation=organisation,
            by=coordinator,
            kind=ClosureKind.SCHOOL_HOLIDAYS,
            label=label,
            starts_on=first,
            ends_on=last,
        )
    permanences = []
    for name, weekday, frequency, weeks, begin, end, slot, public in PERMANENCES:
        permanence = actions.create_permanence(
            organisation=organisation,
            by=coordinator,
            venue=venues[name],
            weekday=weekday,
            frequency=frequency,
            weeks_of_month=weeks,
            starts_at=_time(begin),
            ends_at=_time(end),
            slot_minutes=slot,
            valid_from=start,
            is_public=public,
        )
        actions.plan(permanence, today=start)
        actions.plan(permanence, today=today)
        permanences.append(permanence)
    _availability(mediators, rng, featured)
    occurrences = list(
        Occurrence.objects.of(organisation)
        .filter(status=OccurrenceStatus.PLANNED)
        .select_related("permanence__venue")
        .order_by("starts_at")
    )
    now = timezone.now()
    past = [o for o in occurrences if o.ends_at <= now]
    coming = [o for o in occurrences if o.ends_at > now]
    _staff(past, coming, mediators, today, rng, featured)
    counts = _history(organisation, past, fake, rng)
    counts["booked"] = _bookings(organisation, coming, fake, rng, coordinator, now)
    counts["permanences"] = len(permanences)
    counts["occurrences"] = len(occurrences)
    return counts


def _availability(mediators, rng, featured):
    """Each volunteer offers one to three of the weekly windows the permanences need."""
    windows = [(w, _time(b), _time(e)) for _v, w, _f, _k, b, e, _s, _p in PERMANENCES]
    rows = []
    for mediator in mediators:
        offered = rng.sample(windows, k=rng.choice([1, 2, 2, 3]))
        if mediator == featured:
            offered = [windows[0], windows[2]]
        for weekday, begin, end in offered:
            rows.append(
                Availability(
                    organisation_id=mediator.organisation_id,
                    mediator=mediator,
                    weekday=weekday,
                    starts_at=begin,
                    ends_at=end,
                )
            )
    Availability.objects.bulk_create(rows)


def _staff(past, coming, mediators, today, rng, featured):
    """Pairs on every past session and on this month's; next month is left to staff."""
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    by_weekday = {}
    for availability in Availability.objects.filter(mediator__in=mediators).select_related(
        "mediator"
    ):
        by_weekday.setdefault(availability.weekday, []).append(availability.mediator)
    duties = []
    for occurrence in past + coming:
        day = timezone.localtime(occurrence.starts_at).date()
        wanted = rng.choice([0, 0, 1, 2]) if day >= next_month else 2
        available = by_weekday.get(day.weekday()) or mediators
        chosen = rng.sample(available, k=min(wanted, len(available)))
        if featured in available and occurrence in coming and day < next_month:
            chosen = [featured, *[m for m in chosen if m != featured][:1]]
        for mediator in chosen:
            duties.append(
                Duty(
                    organisation_id=occurrence.organisation_id,
                    occurrence=occurrence,
                    mediator=mediator,
                )
            )
    Duty.objects.bulk_create(duties)


def _history(organisation, past, fake, rng) -> dict:
    """Who came to each past session, who did not, the walk-ins and the informed count; the
    people who came are linked to the demo case opened after their visit."""
    cases = list(
        Case.objects.of(organisation)
        .filter(opened_on__gte=timezone.localdate() - dt.timedelta(days=HISTORY_DAYS + 14))
        .prefetch_related("parties")
        .order_by("opened_on")
    )
    unlinked = list(cases)
    rows, came, no_show = [], 0, 0
    for occurrence in past:
        day = timezone.localtime(occurrence.starts_at).date()
        slots = schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes)
        for start in slots:
            if rng.random() > 0.7:
                continue
            state = rng.choices(
                [AppointmentState.CAME, AppointmentState.NO_SHOW, AppointmentState.CANCELLED],
                weights=[72, 14, 14],
            )[0]
            case = None
            first_name, last_name = fake.first_name(), fake.last_name()
            if state == AppointmentState.CAME:
                case = _case_opened_after(unlinked, day)
                if case is not None:
                    requester = case.requester()
                    first_name, last_name = requester.first_name, requester.last_name
            rows.append(_history_row(occurrence, start, state, first_name, last_name, case, rng))
            came += state == AppointmentState.CAME
            no_show += state == AppointmentState.NO_SHOW
        for _walk_in in range(rng.choice([0, 0, 1, 2])):
            rows.append(
                _history_row(
                    occurrence,
                    None,
                    AppointmentState.CAME,
                    fake.first_name(),
                    fake.last_name(),
                    None,
                    rng,
                )
            )
            came += 1
        occurrence.informed_count = rng.choice([0, 1, 1, 2, 3, 4])
        occurrence.visits_recorded_at = occurrence.ends_at + dt.timedelta(minutes=20)
    Appointment.objects.bulk_create(rows)
    Occurrence.objects.bulk_update(past, ["informed_count", "visits_recorded_at"])
    return {"came": came, "no_show": no_show}


def _case_opened_after(unlinked, day):
    for index, case in enumerate(unlinked):
        if day <= case.opened_on <= day + dt.timedelta(days=14) and case.requester():
            return unlinked.pop(index)
    return None


def _history_row(occurrence, start, state, first_name, last_name, case, rng):
    channel = (
        BookingChannel.WALK_IN
        if start is None
        else rng.choices(
            [BookingChannel.STAFF, BookingChannel.PUBLIC, BookingChannel.PARTNER],
            weights=[60, 30, 10],
        )[0]
    )
    return Appointment(
        organisation_id=occurrence.organisation_id,
        occurrence=occurrence,
        starts_at=start,
        state=state,
        channel=channel,
        first_name=first_name,
        last_name=last_name,
        case=case,
        secret=secrets.token_urlsafe(32),
        cancelled_at=occurrence.starts_at - dt.timedelta(days=1)
        if state == AppointmentState.CANCELLED
        else None,
    )


def _bookings(organisation, coming, fake, rng, coordinator, now) -> int:
    """The coming three weeks are half booked; open demo cases waiting for their first
    interview get their appointment there."""
    waiting = list(
        Case.objects.of(organisation)
        .open()
        .filter(status__in=["NEW", "QUALIFIED"])
        .prefetch_related("parties")
        .order_by("-opened_on")[:8]
    )
    booked = 0
    for occurrence in coming:
        if occurrence.starts_at > now + dt.timedelta(days=21):
            break
        for start in actions.free_slots(occurrence, now=now):
            if rng.random() > 0.5:
                continue
            case = waiting.pop() if waiting and rng.random() < 0.4 else None
            requester = case.requester() if case else None
            actions.book(
                occurrence=occurrence,
                starts_at=start,
                channel=BookingChannel.STAFF,
                by=coordinator,
                first_name=requester.first_name if requester else fake.first_name(),
                last_name=requester.last_name if requester else fake.last_name(),
                case=case,
            )
            booked += 1
    return booked
