"""Outreach figures (*aller-vers*): the actions a service held, by kind, what they reached and
the hours they took, for any scope the other indicators take (a period, a territory, a
convention).

- An action counts once held (``OutreachStatus.HELD``), in the period of the day it started
  (Paris time); planned and cancelled actions never count.
- Doors knocked, households met, people informed and contacts made are the sums of the counts
  recorded with the results; an action without a count adds nothing to it. Hours are the hours
  recorded (the whole team's). Topics count the held actions that raised each one.
- A territory narrows the actions by their commune and quartier. A convention counts outreach
  only when it funds it (no activity listed, or « aller-vers ») and its rules are territorial:
  by landlord, the actions in the landlord's residences; by quartier or commune, those places.
  Rules by referral source or referrer cannot be applied to outreach (None). Whatever its
  rules, a convention counts the prevention actions of the co-ownerships whose follow-up it
  funds (``Coownership.convention``).
- Co-ownerships followed: those whose follow-up overlaps the period, in the territory; for a
  convention, those whose follow-up it funds. Their prevention actions are the held actions
  attached to them; their follow-up points, those held in the period, by the trend noted.

Only coded fields, counts and hours are read: never the title, the place, the public
description, the team or the linked cases.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from palabre.cases.codes import ConflictCategory
from palabre.outreach.codes import CoownershipTrend, OutreachKind, OutreachStatus
from palabre.outreach.models import Coownership, CoownershipReview, OutreachAction
from palabre.partners.models import Activity
from palabre.reports.counting import breakdown, choice_label

REACH = ("doors_knocked", "households_met", "people_informed", "contacts_made")


def _narrowing(scope) -> Q | None:
    """The condition on actions for the scope's territory and convention; None when the scope
    cannot count outreach."""
    condition = Q()
    if scope.communes:
        condition &= Q(commune_id__in=scope.communes)
    if scope.quartiers:
        condition &= Q(quartier_id__in=scope.quartiers)
    convention = scope.convention
    if convention is None:
        return condition
    # The prevention actions in the co-ownerships whose follow-up this convention funds count
    # whatever its other rules.
    funded = Q(coownership__convention=convention)
    activities = set(convention.scope_activities or [])
    counts_outreach = not activities or Activity.OUTREACH in activities
    territorial = not (convention.scope_referral_sources or convention.scope_referrers.exists())
    if not (counts_outreach and territorial):
        return funded if convention.coownerships.exists() else None
    landlords = [partner.pk for partner in convention.scope_landlords.all()]
    quartiers = [quartier.pk for quartier in convention.scope_quartiers.all()]
    communes = [commune.pk for commune in convention.scope_communes.all()]
    if landlords:
        condition &= Q(residence__landlord_id__in=landlords)
    if quartiers:
        condition &= Q(quartier_id__in=quartiers)
    if communes:
        condition &= Q(commune_id__in=communes)
    return condition | funded


def held_in(scope):
    """The held actions of ``scope``, or None when the scope cannot count outreach."""
    condition = _narrowing(scope)
    if condition is None:
        return None
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return OutreachAction.objects.filter(
        condition,
        organisation_id__in=scope.organisations,
        status=OutreachStatus.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )


def compute(scope, now=None) -> dict | None:
    """The outreach figures of ``scope``; None for services that never planned an action, or a
    scope that cannot count them."""
    if not OutreachAction.objects.filter(organisation_id__in=scope.organisations).exists():
        return None
    actions = held_in(scope)
    if actions is None:
        return None
    totals = actions.aggregate(
        held=Count("pk"), hours=Sum("hours"), **{name: Sum(name) for name in REACH}
    )
    kinds = actions.values_list("kind").annotate(n=Count("pk")).order_by()
    topics = {}
    for listed in actions.values_list("topics", flat=True):
        for topic in set(listed or []):
            topics[topic] = topics.get(topic, 0) + 1
    return {
        "held": totals["held"],
        "hours": totals["hours"] or Decimal(0),
        **{name: totals[name] or 0 for name in REACH},
        "kind": breakdown(kinds, choice_label(OutreachKind)),
        "topics": breakdown(topics.items(), choice_label(ConflictCategory)),
        "coownerships": _coownerships(scope, actions),
    }


def _followed(scope):
    """The co-ownerships of the scope followed in its period: in its territory, or for a
    convention, those whose follow-up it funds."""
    rows = Coownership.objects.filter(organisation_id__in=scope.organisations).followed_between(
        scope.start, scope.end
    )
    if scope.communes:
        rows = rows.filter(commune_id__in=scope.communes)
    if scope.quartiers:
        rows = rows.filter(quartier_id__in=scope.quartiers)
    if scope.convention is not None:
        rows = rows.filter(convention=scope.convention)
    return rows


def _coownerships(scope, actions) -> dict | None:
    """The follow-up of co-ownerships in ``scope``; None when it follows none. ``actions``: the
    scope's held actions."""
    followed = list(_followed(scope).values_list("pk", flat=True))
    if not followed:
        return None
    prevention = actions.filter(coownership_id__in=followed).aggregate(
        held=Count("pk"), hours=Sum("hours")
    )
    reviews = (
        CoownershipReview.objects.filter(
            coownership_id__in=followed, held_on__gte=scope.start, held_on__lte=scope.end
        )
        .values_list("trend")
        .annotate(n=Count("pk"))
        .order_by()
    )
    trends = breakdown(reviews, choice_label(CoownershipTrend))
    return {
        "followed": len(followed),
        "prevention": prevention["held"],
        "prevention_hours": prevention["hours"] or Decimal(0),
        "reviews": trends.total,
        "trend": trends,
    }
