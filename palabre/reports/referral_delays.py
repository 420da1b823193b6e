"""How long people wait for an answer (docs/adr/0020): for the requests received in a period, by
the way they came in — police relay, social landlord, city, another partner, the online form,
and for comparison the walk-ins at a permanence — how many got a first contact attempt and a
decision, how many were closed « sans réponse dans le délai », how many were answered within the
service's first target, and the delays in calendar days (median and 90th percentile).

- A request counts in the period it was received in (``received_at``, Paris time). Its steps
  count when they came before the end of the period, or now for the period in progress: a report
  made again later does not move.
- First contact attempt: the one recorded on the referral. Decision: accepted, declined or
  re-oriented (a closure at the limit is not a decision: it counts apart). Delays in calendar
  days from the day it was received to the day of the step; median and 90th percentile by the
  inclusive method (the spreadsheets' CENTILE.INCLURE).
- Answered within the target: a first contact attempt or a decision came by the first deadline the
  request got on arrival (``contact_due_at``: the service's target then). Its share is taken over
  the requests whose first deadline has passed, or that were answered: a request still within its
  target is not counted as late.
- Walk-ins: the cases opened at a permanence without an appointment (``Channel.PERMANENCE_WALK_IN``)
  in the period, the same ones as under « Canal du premier contact ». The person is received on
  the spot: first contact and decision the same day (0 days).
- The tables of the reports, their definitions and the partner's portal panel are in
  ``referral_delay_tables``.
- Scope: a territory narrows the requests by their commune; a quartier cannot be applied (a
  referral has no quartier: no figure). A convention applies its rules as far as a referral
  carries them: communes, referral sources (the kind of the referring partner; the online form is
  « site web »), referrers and landlords (the requests *sent by* its landlords: a landlord's
  report shows its own referrals' delays). A convention by quartier, or one that does not cover
  neighbourhood mediation, has no figure here.

Only coded fields and moments are read: never a name, a contact or an address.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.cases.models import opened_in
from palabre.core.codes import ReferralSource
from palabre.partners.models import REFERRAL_SOURCE_OF_KIND, PartnerKind
from palabre.referrals.models import ANSWERS, Decision, Referral


class Channel(models.TextChoices):
    """The ways in the figures compare, in this order."""

    POLICE = "POLICE", gettext_lazy("Police (relais main courante)")
    LANDLORD = "LANDLORD", gettext_lazy("Bailleur social")
    CITY = "CITY", gettext_lazy("Ville, commune ou Métropole")
    OTHER_PARTNER = "OTHER_PARTNER", gettext_lazy("Autre partenaire")
    PUBLIC_FORM = "PUBLIC_FORM", gettext_lazy("Demande en ligne")
    WALK_IN = "WALK_IN", gettext_lazy("Permanence sans rendez-vous")


CHANNEL_OF_KIND = {
    PartnerKind.POLICE: Channel.POLICE,
    PartnerKind.SOCIAL_LANDLORD: Channel.LANDLORD,
    PartnerKind.CITY: Channel.CITY,
    PartnerKind.COMMUNE: Channel.CITY,
    PartnerKind.INTERCOMMUNALITY: Channel.CITY,
}


def channel_of(partner_kind: str | None) -> str:
    if partner_kind is None:
        return Channel.PUBLIC_FORM
    return CHANNEL_OF_KIND.get(partner_kind, Channel.OTHER_PARTNER)


# --- Counting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """Delays in calendar days: how many requests reached the step, median, 90th percentile."""

    n: int
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, days: list[int]) -> "Days":
        if not days:
            return cls(0)
        if len(days) == 1:
            return cls(1, days[0], days[0])
        p90 = statistics.quantiles(days, n=10, method="inclusive")[8]
        return cls(len(days), statistics.median(days), round(p90, 1))


@dataclass(frozen=True)
class Row:
    """One moment of each step of a request (None: not reached before the cutoff)."""

    received_at: dt.datetime
    contact_due_at: dt.datetime | None
    contacted_at: dt.datetime | None
    decided_at: dt.datetime | None
    lapsed_at: dt.datetime | None

    @property
    def answered_at(self):
        moments = [m for m in (self.contacted_at, self.decided_at) if m is not None]
        return min(moments, default=None)


def _days(start: dt.datetime, end: dt.datetime) -> int:
    return (timezone.localdate(end) - timezone.localdate(start)).days


@dataclass(frozen=True)
class ChannelCounts:
    code: str
    label: str
    received: int
    contacted: int
    decided: int
    lapsed: int
    due: int
    in_time: int
    to_contact: Days
    to_decision: Days

    @classmethod
    def of(cls, code, label, rows: list[Row], cutoff) -> "ChannelCounts":
        due = [
            r
            for r in rows
            if r.answered_at is not None
            or (r.contact_due_at is not None and r.contact_due_at <= cutoff)
        ]
        return cls(
            code=code,
            label=str(label),
            received=len(rows),
            contacted=sum(r.contacted_at is not None for r in rows),
            decided=sum(r.decided_at is not None for r in rows),
            lapsed=sum(r.lapsed_at is not None for r in rows),
            due=len(due),
            in_time=sum(
                r.answered_at is not None
                and r.contact_due_at is not None
                and r.answered_at <= r.contact_due_at
                for r in rows
            ),
            to_contact=Days.of(
                [_days(r.received_at, r.contacted_at) for r in rows if r.contacted_at]
            ),
            to_decision=Days.of([_days(r.received_at, r.decided_at) for r in rows if r.decided_at]),
        )

    @classmethod
    def walk_ins(cls, n: int) -> "ChannelCounts":
        zero = Days.of([0] * n)
        return cls(Channel.WALK_IN, str(Channel.WALK_IN.label), n, n, n, 0, n, n, zero, zero)


def _row(received_at, contact_due_at, contacted_at, decision, decided_at, cutoff) -> Row:
    def before(moment):
        return moment if moment is not None and moment < cutoff else None

    return Row(
        received_at=received_at,
        contact_due_at=contact_due_at,
        contacted_at=before(contacted_at),
        decided_at=before(decided_at) if decision in ANSWERS else None,
        lapsed_at=before(decided_at) if decision == Decision.LAPSED else None,
    )


def _kinds_of_sources(sources) -> list[str]:
    kinds = [kind for kind, source in REFERRAL_SOURCE_OF_KIND.items() if source in sources]
    if ReferralSource.OTHER in sources:
        kinds += [kind for kind in PartnerKind.values if kind not in REFERRAL_SOURCE_OF_KIND]
    return kinds


def requests_of(scope, partner=None):
    """The referrals of ``scope`` (see the module's docstring), or None when it cannot place
    them."""
    if scope.quartiers:
        return None
    referrals = Referral.objects.filter(organisation_id__in=scope.organisations)
    if partner is not None:
        referrals = referrals.filter(partner=partner)
    if scope.communes:
        referrals = referrals.filter(commune_id__in=scope.communes)
    convention = scope.convention
    if convention is None:
        return referrals
    if not convention.covers_cases() or convention.scope_quartiers.exists():
        return None
    communes = [c.pk for c in convention.scope_communes.all()]
    if communes:
        referrals = referrals.filter(commune_id__in=communes)
    sources = convention.scope_referral_sources or []
    if sources:
        by_kind = models.Q(partner__kind__in=_kinds_of_sources(sources))
        if ReferralSource.MEDIA_WEB in sources:
            by_kind |= models.Q(partner__isnull=True)
        referrals = referrals.filter(by_kind)
    for rule in (convention.scope_referrers, convention.scope_landlords):
        partners = [p.pk for p in rule.all()]
        if partners:
            referrals = referrals.filter(partner__in=partners)
    return referrals


def compute(scope, now=None, partner=None, walk_ins=None) -> dict | None:
    """``total`` and ``channels`` (in ``Channel`` order, those with requests) for ``scope``;
    ``partner`` keeps that partner's referrals only (and no walk-in). ``walk_ins``: the new cases
    of the scope by « permanence sans rendez-vous », when the caller counted them already (the
    breakdown by channel). None when the scope cannot place the requests."""
    referrals = requests_of(scope, partner)
    if referrals is None:
        return None
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    # What happened up to now counts, this very instant included (a closure the worker has just
    # made); the end of a past period is the first instant after its last day.
    cutoff = min(end, (now or timezone.now()) + dt.timedelta(microseconds=1))
    found = (
        referrals.filter(received_at__gte=start, received_at__lt=cutoff)
        .order_by()
        .values_list(
            "partner__kind",
            "received_at",
            "contact_due_at",
            "first_contact_at",
            "decision",
            "decided_at",
        )
    )
    by_channel: dict[str, list[Row]] = {}
    for kind, *moments in found:
        by_channel.setdefault(channel_of(kind), []).append(_row(*moments, cutoff))
    channels = [
        ChannelCounts.of(code, label, by_channel[code], cutoff)
        for code, label in Channel.choices
        if code in by_channel
    ]
    if partner is not None:
        walk_ins = 0
    elif walk_ins is None:
        walk_ins = (
            scope.cases()
            .filter(
                opened_in(scope.start, scope.end),
                first_contact_channel=codes.Channel.PERMANENCE_WALK_IN,
            )
            .count()
        )
    if walk_ins:
        channels.append(ChannelCounts.walk_ins(walk_ins))
    every = [row for rows in by_channel.values() for row in rows]
    total = ChannelCounts.of("", _("Total"), every, cutoff)
    if walk_ins:
        total = _with_walk_ins(total, every, walk_ins)
    return {"total": total, "channels": channels}


def _with_walk_ins(total, every, walk_ins) -> ChannelCounts:
    """The total of every way in: the walk-ins count with their 0 days."""
    contact_days = [_days(r.received_at, r.contacted_at) for r in every if r.contacted_at]
    decision_days = [_days(r.received_at, r.decided_at) for r in every if r.decided_at]
    return ChannelCounts(
        code="",
        label=total.label,
        received=total.received + walk_ins,
        contacted=total.contacted + walk_ins,
        decided=total.decided + walk_ins,
        lapsed=total.lapsed,
        due=total.due + walk_ins,
        in_time=total.in_time + walk_ins,
        to_contact=Days.of(contact_days + [0] * walk_ins),
        to_decision=Days.of(decision_days + [0] * walk_ins),
    )
