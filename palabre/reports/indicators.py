"""The indicator library: activity figures for any scope and period, from coded fields only.

Nothing here reads a name, an address, a note or any free text: counts, codes, dates and
durations. Each indicator has a definition in ``DEFINITIONS`` that the « Définitions des
indicateurs » page shows as it is, so that a funder can check how a figure is made.

Conventions, for every indicator:
- the period runs from ``scope.start`` to ``scope.end``, both days included; an event belongs to
  it by its own date (opening, closure, interview held…), in the service's time zone;
- *new* cases were opened in the period; *treated* cases were open at some moment of it (opened
  on or before its last day, not closed before its first); *closed* cases were closed in it;
- a rate is a numerator over a denominator, both shown; no denominator, no rate;
- delays are in calendar days net of the days the case was suspended; quartiles by the
  inclusive method (the spreadsheets' QUARTILE.INCLURE), median the middle value (or the mean of
  the two middle values);
- a figure reads dated events, never a state that a later event can move: a report made again
  tomorrow gives the same figures unless a correction concerns its period. What is and is not
  frozen, and the three ambiguous indicators (persons, acceptance, active volunteers), are
  settled in docs/adr/0010-indicateurs-ambigus.md.
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.cases.models import (  # the period conditions are shared with the case list
    Case,
    CaseConflict,
    ContactAttempt,
    FollowUp,
    Household,
    InformationRequest,
    Interview,
    Meeting,
    Party,
    closed_in,
    opened_in,
    treated_in,
)
from palabre.core.codes import ReferralSource
from palabre.core.models import JournalEntry
from palabre.organisations.models import Role
from palabre.reports import collective_figures, fieldwork, outreach_figures, referral_delays
from palabre.reports.counting import Breakdown
from palabre.reports.counting import breakdown as _breakdown
from palabre.reports.counting import choice_label as _choice_label

HELD = codes.AppointmentStatus.HELD
MONTHS = [
    gettext_lazy("janvier"),
    gettext_lazy("février"),
    gettext_lazy("mars"),
    gettext_lazy("avril"),
    gettext_lazy("mai"),
    gettext_lazy("juin"),
    gettext_lazy("juillet"),
    gettext_lazy("août"),
    gettext_lazy("septembre"),
    gettext_lazy("octobre"),
    gettext_lazy("novembre"),
    gettext_lazy("décembre"),
]


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Spread:
    """Delays in days: how many cases, median and quartiles (None when no case)."""

    n: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None

    @classmethod
    def of(cls, days: list[int]) -> "Spread":
        if not days:
            return cls(0)
        if len(days) == 1:
            return cls(1, days[0], days[0], days[0])
        q1, _median, q3 = statistics.quantiles(days, n=4, method="inclusive")
        return cls(len(days), statistics.median(days), q1, q3)


@dataclass
class Figures:
    scope: object
    volume: dict = field(default_factory=dict)
    process: dict = field(default_factory=dict)
    delays: dict = field(default_factory=dict)
    breakdowns: dict = field(default_factory=dict)
    permanences: dict | None = None
    information_requests: int | None = None
    volunteers: dict = field(default_factory=dict)
    # The field teams' figures (``fieldwork.compute``); None for a service without field teams.
    fieldwork: dict | None = None
    # Answers to requests and their delays (``referral_delays.compute``); None for a scope that
    # cannot place them (a quartier).
    referral_delays: dict | None = None
    # The outreach actions' figures (``outreach_figures.compute``); None for a service without
    # outreach actions or a scope that cannot count them.
    outreach: dict | None = None
    # Collective mediation's figures (``collective_figures.compute``); None for a service that
    # never handled a collective case or a convention that does not fund it.
    collective: dict | None = None


# --- Helpers ------------------------------------------------------------------------------------


def _bounds(scope) -> tuple[dt.datetime, dt.datetime]:
    """The period as [first instant, instant after the last day) in the service's time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _new(scope):
    return scope.cases().filter(opened_in(scope.start, scope.end))


def _treated_q(scope, prefix=""):
    """The treated condition on a case, reached from a related row through ``prefix``."""
    return treated_in(scope.start, scope.end, prefix)


def _of_scope(scope, prefix="case__"):
    """Related rows (events, parties…) whose case, reached through ``prefix``, is in the scope.

    A join on the case's own columns rather than ``case__in`` every case id of the scope: SQLite
    builds that list and probes the related table once per case, which is slow for a network's
    tens of thousands of cases (``make bench``). A convention's rules stay a subquery."""
    if scope.convention is not None:
        return Q(**{f"{prefix}in": scope.cases().values("pk")})
    return Q(
        **{f"{prefix}organisation_id__in": scope.organisations},
        **scope.territory_filter(prefix),
    )


def _closed(scope):
    return scope.cases().filter(closed_in(scope.start, scope.end))


# --- A. Volume and reach ------------------------------------------------------------------------


def volume(scope) -> dict:
    s, e = scope.start, scope.end
    totals = scope.cases().aggregate(
        new=Count("pk", filter=opened_in(s, e)),
        treated=Count("pk", filter=treated_in(s, e)),
        closed=Count("pk", filter=closed_in(s, e)),
    )
    parties = dict(
        Party.objects.filter(_of_scope(scope), _treated_q(scope, "case__"))
        .values_list("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    start, end = _bounds(scope)
    interviews = dict(
        Interview.objects.filter(
            _of_scope(scope),
            status=HELD,
            scheduled_at__gte=start,
            scheduled_at__lt=end,
        )
        .values_list("party__role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    meetings = Meeting.objects.filter(
        _of_scope(scope),
        status=HELD,
        scheduled_at__gte=start,
        scheduled_at__lt=end,
    ).aggregate(
        joint=Count("pk", filter=Q(kind=codes.MeetingKind.JOINT)),
        shuttle=Count("pk", filter=Q(kind=codes.MeetingKind.SHUTTLE)),
        cases_with_joint=Count("case", filter=Q(kind=codes.MeetingKind.JOINT), distinct=True),
    )
    return {
        "new": totals["new"],
        "treated": totals["treated"],
        "carried_over": totals["treated"] - totals["new"],
        "closed": totals["closed"],
        "persons": sum(parties.values()),
        "requesters": parties.get(codes.PartyRole.REQUESTER, 0),
        "other_parties": parties.get(codes.PartyRole.OTHER_PARTY, 0),
        "households": Household.objects.filter(
            _of_scope(scope), _treated_q(scope, "case__")
        ).count(),
        "interviews_requester": interviews.get(codes.PartyRole.REQUESTER, 0),
        "interviews_other_party": interviews.get(codes.PartyRole.OTHER_PARTY, 0),
        "interviews": sum(interviews.values()),
        "joint_meetings": meetings["joint"],
        "shuttle_exchanges": meetings["shuttle"],
        "meetings_per_case": Rate(meetings["joint"], meetings["cases_with_joint"]),
    }


def information_requests(scope) -> int | None:
    """Contacts answered without a case. They carry a commune and an origin only: a scope that
    narrows by quartier, referrer or landlord cannot count them (None)."""
    convention = scope.convention
    requests = InformationRequest.objects.filter(
        organisation_id__in=scope.organisations, received_on__range=(scope.start, scope.end)
    )
    if scope.quartiers or (convention is not None and not convention.covers_cases()):
        return None
    if scope.communes:
        requests = requests.filter(commune_id__in=scope.communes)
    if convention is not None:
        if (
            convention.scope_quartiers.exists()
            or convention.scope_referrers.exists()
            or convention.scope_landlords.exists()
        ):
            return None
        communes = [c.pk for c in convention.scope_communes.all()]
        if communes:
            requests = requests.filter(commune_id__in=communes)
        if convention.scope_referral_sources:
            requests = requests.filter(referral_source__in=convention.scope_referral_sources)
    return requests.count()


# --- B. Process and results ---------------------------------------------------------------------


def process(scope) -> dict:
    closed = _closed(scope)
    answered_by = {
        result: Exists(ContactAttempt.objects.filter(case=OuterRef("pk"), result=result))
        for result in (codes.ContactAttemptResult.ACCEPTED, codes.ContactAttemptResult.REFUSED)
    }
    # The other party's answer (ADR 0010): an interview held with her is an acceptance; a
    # « yes » on contact is one unless the case was then closed on her refusal or because she
    # could no longer be reached, an acceptance that led nowhere counting as no answer.
    met_other_party = Exists(
        Interview.objects.filter(
            case=OuterRef("pk"), status=HELD, party__role=codes.PartyRole.OTHER_PARTY
        )
    )
    gone = Q(
        closure_reason__in=[
            codes.ClosureReason.OTHER_PARTY_REFUSED,
            codes.ClosureReason.OTHER_PARTY_UNREACHABLE,
        ]
    )
    accepted = Q(met_other_party) | (Q(answered_by[codes.ContactAttemptResult.ACCEPTED]) & ~gone)
    refused = ~accepted & (
        Q(closure_reason=codes.ClosureReason.OTHER_PARTY_REFUSED)
        | Q(answered_by[codes.ContactAttemptResult.REFUSED])
    )
    met = Q(stage_reached__in=[codes.Stage.JOINT_MEETING_HELD, codes.Stage.FOLLOW_UP_DONE])
    agreed = Q(
        closure_reason__in=[
            codes.ClosureReason.AGREEMENT_FULL,
            codes.ClosureReason.AGREEMENT_PARTIAL,
        ]
    )
    totals = closed.aggregate(
        closed=Count("pk"),
        answered=Count("pk", filter=accepted | refused),
        accepted=Count("pk", filter=accepted),
        met=Count("pk", filter=met),
        agreed=Count("pk", filter=agreed),
        agreed_after_meeting=Count("pk", filter=met & agreed),
        full=Count("pk", filter=Q(closure_reason=codes.ClosureReason.AGREEMENT_FULL)),
        partial=Count("pk", filter=Q(closure_reason=codes.ClosureReason.AGREEMENT_PARTIAL)),
    )
    stages = dict(closed.values_list("stage_reached").annotate(n=Count("pk")).order_by())
    funnel, reached = [], 0
    for stage in reversed(codes.STAGE_ORDER):
        reached += stages.get(stage, 0)
        funnel.append((stage.value, stage.label, reached))
    reasons = closed.values_list("closure_reason").annotate(n=Count("pk")).order_by()
    follow_ups = (
        FollowUp.objects.filter(
            _of_scope(scope),
            done_on__range=(scope.start, scope.end),
        )
        .values_list("result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "acceptance": Rate(totals["accepted"], totals["answered"]),
        "funnel": tuple(reversed(funnel)),
        "agreements_full": totals["full"],
        "agreements_partial": totals["partial"],
        "agreement_over_meetings": Rate(totals["agreed_after_meeting"], totals["met"]),
        "agreement_over_closed": Rate(totals["agreed"], totals["closed"]),
        "closure_reasons": _breakdown(reasons, _choice_label(codes.ClosureReason)),
        "follow_up_results": _breakdown(follow_ups, _choice_label(codes.FollowUpResult)),
    }


def delays(scope) -> dict:
    """For the cases closed in the period: days from the opening to the first interview held,
    to the first joint meeting held, and to the closure, net of the days the case was suspended
    before that event (domain §3.1: a suspension keeps its own clock).

    To the closure, the case's cumulated ``suspended_days`` (``actions.close`` adds a suspension
    still running at closure). To an event on the way, only the suspended days before it: the
    case stores a total only, so the suspension periods are read from its journal (« suspendu »,
    « repris », « clos »), whose dates the actions write and nothing rewrites."""
    first_interview = (
        Interview.objects.filter(case=OuterRef("pk"), status=HELD)
        .order_by("scheduled_at")
        .values("scheduled_at")[:1]
    )
    first_meeting = (
        Meeting.objects.filter(case=OuterRef("pk"), status=HELD, kind=codes.MeetingKind.JOINT)
        .order_by("scheduled_at")
        .values("scheduled_at")[:1]
    )
    closed = _closed(scope)
    rows = closed.annotate(
        interview=Subquery(first_interview), meeting=Subquery(first_meeting)
    ).values_list("pk", "opened_on", "closed_on", "suspended_days", "interview", "meeting")
    periods = _suspensions(scope, closed)
    to_interview, to_meeting, to_closure = [], [], []
    for pk, opened_on, closed_on, suspended_days, interview, meeting in rows:
        to_closure.append(max(0, (closed_on - opened_on).days - suspended_days))
        suspended = periods.get(pk, ())
        for moment, days in ((interview, to_interview), (meeting, to_meeting)):
            if moment is not None:
                day = timezone.localtime(moment).date()
                days.append(max(0, (day - opened_on).days - _suspended_before(suspended, day)))
    return {
        "to_first_interview": Spread.of(to_interview),
        "to_joint_meeting": Spread.of(to_meeting),
        "to_closure": Spread.of(to_closure),
    }


def _suspensions(scope, cases) -> dict:
    """Case id → its suspension periods, (first day, day it ended), from the journal. A
    suspension still running at closure ends with the closure; one whose end the journal lacks
    (a case closed outside the actions) runs up to the event measured."""
    entries = (
        JournalEntry.objects.filter(
            organisation_id__in=scope.organisations,
            subject_kind=Case._meta.label_lower,
            subject_id__in=cases.values("pk"),
            verb__in=("suspended", "resumed", "closed"),
        )
        .order_by("occurred_at", "recorded_at")
        .values_list("subject_id", "verb", "occurred_at")
    )
    periods, since = {}, {}
    for case_id, verb, moment in entries:
        day = timezone.localtime(moment).date()
        if verb == "suspended":
            since.setdefault(case_id, day)
        elif case_id in since:
            periods.setdefault(case_id, []).append((since.pop(case_id), day))
    for case_id, day in since.items():
        periods.setdefault(case_id, []).append((day, None))
    return periods


def _suspended_before(periods, day: dt.date) -> int:
    """Days of the ``periods`` that fall before ``day``: a suspension running on that day
    counts up to it."""
    return sum(max(0, (min(end or day, day) - start).days) for start, end in periods)


# --- C. Breakdowns of the new cases -------------------------------------------------------------


def breakdowns(scope) -> dict:
    new = _new(scope)
    counted = lambda *names: list(new.values_list(*names).annotate(n=Count("pk")).order_by())  # noqa: E731
    unknown = _("Non renseigné")
    named = {
        dimension: counted(f"{dimension}_id", f"{dimension}__name")
        for dimension in ("commune", "quartier", "landlord", "residence")
    }
    names = {dimension: {pk: name for pk, name, _n in rows} for dimension, rows in named.items()}
    months = {}
    for day, n in counted("opened_on"):
        key = f"{day:%Y-%m}"
        months[key] = months.get(key, 0) + n
    conflicts = (
        CaseConflict.objects.filter(
            _of_scope(scope), opened_in(scope.start, scope.end, "case__"), is_primary=True
        )
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_month = tuple(
        (key, f"{MONTHS[int(key[5:]) - 1]} {key[:4]}", months[key]) for key in sorted(months)
    )
    return {
        "commune": _breakdown(
            [(pk, n) for pk, _name, n in named["commune"]],
            lambda pk: names["commune"].get(pk) or unknown,
        ),
        "quartier": _breakdown(
            [(pk, n) for pk, _name, n in named["quartier"]],
            lambda pk: names["quartier"].get(pk) or _("Hors quartiers découpés"),
        ),
        "qpv": _breakdown(counted("is_qpv"), lambda v: _("En QPV") if v else _("Hors QPV")),
        "housing": _breakdown(counted("housing"), _choice_label(codes.Housing)),
        "landlord": _breakdown(
            [(pk, n) for pk, _name, n in named["landlord"]],
            lambda pk: names["landlord"].get(pk) or _("Sans bailleur social"),
        ),
        "residence": _breakdown(
            [(pk, n) for pk, _name, n in named["residence"]],
            lambda pk: names["residence"].get(pk) or _("Hors résidence suivie"),
        ),
        "conflict": _breakdown(conflicts, _choice_label(codes.ConflictCategory)),
        "referral_source": _breakdown(counted("referral_source"), _choice_label(ReferralSource)),
        "channel": _breakdown(counted("first_contact_channel"), _choice_label(codes.Channel)),
        "month": Breakdown(by_month, sum(months.values())),
    }


# --- A6. Permanences ----------------------------------------------------------------------------


def _sessions(scope, now=None):
    """The permanence sessions a scope counts: held (not cancelled, already over at ``now``),
    started in the period, at a venue of the scope's territory. A session is attached to a venue,
    never to a case: a convention counts the sessions of the territory its rules name when it
    funds neighbourhood mediation or permanences, and none (None) when it funds another activity
    or its rules are not territorial (origin, referrer, landlord). ``permanences`` counts these
    sessions and ``volunteers`` their duty hours, so both always speak of the same ones."""
    from palabre.partners.models import Activity
    from palabre.permanences.models import Occurrence, OccurrenceStatus

    territory = Q(**scope.territory_filter("permanence__venue__"))
    convention = scope.convention
    if convention is not None:
        activities = set(convention.scope_activities or [])
        funded = not activities or activities & {
            Activity.NEIGHBOURHOOD_MEDIATION.value,
            Activity.PERMANENCES.value,
        }
        if (
            not funded
            or convention.scope_referral_sources
            or (convention.scope_referrers.exists() or convention.scope_landlords.exists())
        ):
            return None
        communes = [c.pk for c in convention.scope_communes.all()]
        quartiers = [q.pk for q in convention.scope_quartiers.all()]
        if communes:
            territory &= Q(permanence__venue__commune_id__in=communes)
        if quartiers:
            territory &= Q(permanence__venue__quartier_id__in=quartiers)
    start, end = _bounds(scope)
    return Occurrence.objects.filter(
        territory,
        organisation_id__in=scope.organisations,
        status=OccurrenceStatus.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
        ends_at__lte=now or timezone.now(),
    )


def permanences(scope, now=None) -> dict | None:
    """Sessions held in the period (``_sessions``), their hours, venues, slots and appointments.
    A convention whose rules are not territorial cannot count them (None)."""
    from palabre.permanences import schedule
    from palabre.permanences.models import Appointment, AppointmentState, BookingChannel

    held = _sessions(scope, now)
    if held is None:
        return None
    sessions = list(
        held.values_list(
            "pk", "starts_at", "ends_at", "permanence__slot_minutes", "permanence__venue"
        )
    )
    slots = sum(
        len(schedule.slot_starts(_Span(b, e), minutes)) for _pk, b, e, minutes, _v in sessions
    )
    # By state, and came and absent by who chose the slot (``booking_no_shows``, adr/0026).
    states, by_channel = {}, {}
    for channel, state, n in (
        Appointment.objects.filter(occurrence__in=[pk for pk, *_rest in sessions])
        .exclude(channel=BookingChannel.WALK_IN)
        .values_list("channel", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[state] = states.get(state, 0) + n
        if state in (AppointmentState.CAME, AppointmentState.NO_SHOW):
            by_channel.setdefault(channel, {})[
                "came" if state == AppointmentState.CAME else "no_show"
            ] = n
    walk_ins = Appointment.objects.filter(
        occurrence__in=[pk for pk, *_rest in sessions], channel=BookingChannel.WALK_IN
    ).count()
    informed = held.aggregate(n=Sum("informed_count"))["n"]
    booked = sum(
        states.get(s, 0)
        for s in (AppointmentState.BOOKED, AppointmentState.CAME, AppointmentState.NO_SHOW)
    )
    came, no_show = states.get(AppointmentState.CAME, 0), states.get(AppointmentState.NO_SHOW, 0)
    return {
        "sessions": len(sessions),
        "hours": sum((e - b).total_seconds() for _pk, b, e, _m, _v in sessions) / 3600,
        "venues": len({venue for *_rest, venue in sessions}),
        "slots": slots,
        "booked": booked,
        "fill_rate": Rate(booked, slots),
        "came": came,
        "no_show": no_show,
        "no_show_rate": Rate(no_show, came + no_show),
        "walk_ins": walk_ins,
        "informed": informed or 0,
        "by_channel": by_channel,
    }


@dataclass(frozen=True)
class _Span:
    starts_at: dt.datetime
    ends_at: dt.datetime


# --- D. Volunteers ------------------------------------------------------------------------------


def volunteers(scope, now=None) -> dict:
    """Hours given by volunteer mediators (role « médiateur·rice »): the recorded duration of
    each interview and meeting held in the period on a case of the scope, once per volunteer
    present, and the length of each permanence session the scope counts (``_sessions``, the
    sessions of ``permanences``), once per volunteer on duty. Valued at
    ``PALABRE_VOLUNTEER_HOUR_VALUE`` for the *contributions volontaires en nature*.

    Active volunteers are those these hours come from: present at one of those interviews or
    meetings, or on duty at one of those sessions (ADR 0010). An assignment is not activity: it
    may be years old, or made after the period."""
    from palabre.permanences.models import Duty

    start, end = _bounds(scope)
    minutes, active = 0, set()
    for model in (Interview, Meeting):
        through = model.mediators.through
        field_name = model._meta.model_name
        for membership, given in (
            through.objects.filter(
                _of_scope(scope, f"{field_name}__case__"),
                **{
                    f"{field_name}__status": HELD,
                    f"{field_name}__scheduled_at__gte": start,
                    f"{field_name}__scheduled_at__lt": end,
                    "membership__role": Role.MEDIATOR,
                },
            )
            .values_list("membership")
            .annotate(m=Sum(f"{field_name}__duration_minutes"))
            .order_by()
        ):
            minutes += given or 0
            active.add(membership)
    sessions = _sessions(scope, now)
    if sessions is not None:
        for membership, began, ended in (
            Duty.objects.filter(occurrence__in=sessions.values("pk"), mediator__role=Role.MEDIATOR)
            .values_list("mediator", "occurrence__starts_at", "occurrence__ends_at")
            .order_by()
        ):
            minutes += (ended - began).total_seconds() / 60
            active.add(membership)
    hours = Decimal(minutes) / 60
    rate = Decimal(str(getattr(settings, "PALABRE_VOLUNTEER_HOUR_VALUE", "11.88")))
    return {
        "active": len(active),
        "hours": hours.quantize(Decimal("0.1")),
        "hour_value": rate,
        "valued": (hours * rate).quantize(Decimal("1")),
    }


# --- Everything ---------------------------------------------------------------------------------


def compute(scope, now=None) -> Figures:
    counted = breakdowns(scope)
    walk_ins = counted["channel"].count(codes.Channel.PERMANENCE_WALK_IN)
    return Figures(
        scope=scope,
        volume=volume(scope),
        process=process(scope),
        delays=delays(scope),
        breakdowns=counted,
        permanences=permanences(scope, now=now),
        information_requests=information_requests(scope),
        volunteers=volunteers(scope, now=now),
        fieldwork=fieldwork.compute(scope, now=now),
        referral_delays=referral_delays.compute(scope, now=now, walk_ins=walk_ins),
        outreach=outreach_figures.compute(scope, now=now),
        collective=collective_figures.compute(scope, now=now),
    )
