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
  Rules by referral source or referrer cannot be applied to outreach (None).

Only coded fields, counts and hours are read: never the title, the place, the public
description, the team or the linked cases.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from palabre.cases.codes import ConflictCategory
from palabre.outreach.codes import OutreachKind, OutreachStatus
from palabre.outreach.models import OutreachAction
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
    activities = set(convention.scope_activities or [])
    if activities and Activity.OUTREACH not in activities:
        return None
    if convention.scope_referral_sources or convention.scope_referrers.exists():
        return None
    landlords = [partner.pk for partner in convention.scope_landlords.all()]
    quartiers = [quartier.pk for quartier in convention.scope_quartiers.all()]
    communes = [commune.pk for commune in convention.scope_communes.all()]
    if landlords:
        condition &= Q(residence__landlord_id__in=landlords)
    if quartiers:
        condition &= Q(quartier_id__in=quartiers)
    if communes:
        condition &= Q(commune_id__in=communes)
    return condition


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
    }
