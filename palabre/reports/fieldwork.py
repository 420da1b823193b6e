"""Field figures: the shifts of a service's field teams and the interventions logged on them,
for any scope the other indicators take (a period, a territory, a convention).

- A shift counts in the period of the evening it started (``Shift.date``), once it is over and
  unless it was cancelled; its hours are its real length, so a night across a change of clocks
  counts 7 or 9 hours.
- An intervention counts by its own moment (``happened_at``, Paris time), on a shift that was
  not cancelled. Its hour band is read in Paris time.
- A territory narrows the interventions by their commune and quartier, and the shifts to those
  whose territory names one of them. A convention counts field work only when it funds it (no
  activity listed, or « médiation de terrain ») and its rules are territorial: by landlord, the
  interventions in the landlord's residences; by quartier or commune, those places. Rules by
  referral source or referrer cannot be applied to field work (None).

Only coded fields, moments and counts are read: never an intervention's note.
"""

import datetime as dt

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy

from palabre.field.codes import Initiator, InterventionType, PlaceKind, Register, Result
from palabre.field.models import FieldTeam, Intervention, Shift, ShiftStatus
from palabre.field.nights import hours as shift_hours
from palabre.partners.models import Activity
from palabre.reports.counting import breakdown, choice_label

PEOPLE = ("girls", "boys", "women", "men", "older_women", "older_men")
# Bands of the night, in Paris time: (code, first hour, label). Hours outside them are « en
# journée ».
HOUR_BANDS = (
    ("18-21", 18, 21, gettext_lazy("18 h – 21 h")),
    ("21-24", 21, 24, gettext_lazy("21 h – minuit")),
    ("00-03", 0, 3, gettext_lazy("minuit – 3 h")),
    ("03-06", 3, 6, gettext_lazy("3 h – 6 h")),
)
DAYTIME = ("06-18", gettext_lazy("6 h – 18 h"))


def hour_band(hour: int) -> str:
    return next((code for code, first, last, _l in HOUR_BANDS if first <= hour < last), DAYTIME[0])


def hour_band_label(code: str) -> str:
    labels = {band[0]: band[3] for band in HOUR_BANDS} | {DAYTIME[0]: DAYTIME[1]}
    return str(labels.get(code, code))


def _bounds(scope) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _narrowing(scope) -> tuple[Q, Q] | None:
    """(condition on interventions, condition on shifts) for the scope's territory and
    convention; None when the scope cannot count field work."""
    on_interventions, on_shifts = Q(), Q()
    if scope.communes:
        on_interventions &= Q(commune_id__in=scope.communes)
        on_shifts &= Q(communes__in=scope.communes)
    if scope.quartiers:
        on_interventions &= Q(quartier_id__in=scope.quartiers)
        on_shifts &= Q(quartiers__in=scope.quartiers)
    convention = scope.convention
    if convention is None:
        return on_interventions, on_shifts
    activities = set(convention.scope_activities or [])
    if activities and Activity.FIELD_MEDIATION not in activities:
        return None
    if convention.scope_referral_sources or convention.scope_referrers.exists():
        return None
    landlords = [p.pk for p in convention.scope_landlords.all()]
    quartiers = [q.pk for q in convention.scope_quartiers.all()]
    communes = [c.pk for c in convention.scope_communes.all()]
    if landlords:
        on_interventions &= Q(residence__landlord_id__in=landlords)
        on_shifts &= Q(residences__landlord_id__in=landlords)
    if quartiers:
        on_interventions &= Q(quartier_id__in=quartiers)
        on_shifts &= Q(quartiers__in=quartiers)
    if communes:
        on_interventions &= Q(commune_id__in=communes)
        on_shifts &= Q(communes__in=communes)
    return on_interventions, on_shifts


def _by_local_hour(interventions):
    """(Paris hour, count) pairs. Counted by UTC hour in the database, the hour's text being the
    first 13 characters of the stored moment (« 2025-03-01 21 »; Django's connections run in
    UTC), then read in Paris time here: a time-zone conversion per row is a Python function on
    SQLite, several times slower over a year of a night service (``make bench``)."""
    utc_hours = (
        interventions.annotate(hour=Substr(Cast("happened_at", CharField()), 1, 13))
        .values_list("hour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    paris = timezone.get_current_timezone()
    for text, n in utc_hours:
        moment = dt.datetime.strptime(text, "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
        yield moment.astimezone(paris).hour, n


def compute(scope, now=None) -> dict | None:
    """The field figures of ``scope``; None for services without a field team or a scope that
    cannot count them."""
    if not FieldTeam.objects.filter(organisation_id__in=scope.organisations).exists():
        return None
    narrowing = _narrowing(scope)
    if narrowing is None:
        return None
    on_interventions, on_shifts = narrowing
    start, end = _bounds(scope)
    shifts = (
        Shift.objects.filter(
            on_shifts,
            organisation_id__in=scope.organisations,
            date__range=(scope.start, scope.end),
            ends_at__lte=now or timezone.now(),
        )
        .exclude(status=ShiftStatus.CANCELLED)
        .values_list("pk", "starts_at", "ends_at")
        .distinct()
    )
    shifts = list(shifts)
    interventions = Intervention.objects.filter(
        on_interventions,
        organisation_id__in=scope.organisations,
        happened_at__gte=start,
        happened_at__lt=end,
    ).exclude(shift__status=ShiftStatus.CANCELLED)
    totals = interventions.aggregate(
        n=Count("pk"),
        calls=Count("pk", filter=Q(initiated_by=Initiator.RESIDENT_CALL)),
        follow_up=Count("pk", filter=Q(follow_up_needed=True)),
        **{band: Sum(band) for band in PEOPLE},
    )

    def by(name, choices):
        pairs = interventions.values_list(name).annotate(n=Count("pk")).order_by()
        return breakdown(pairs, choice_label(choices))

    bands = {}
    for hour, n in _by_local_hour(interventions):
        bands[hour_band(hour)] = bands.get(hour_band(hour), 0) + n
    return {
        "shifts": len(shifts),
        "hours": round(sum(shift_hours(b, e) for _pk, b, e in shifts), 1),
        "interventions": totals["n"],
        "people": sum(totals[band] or 0 for band in PEOPLE),
        "calls": totals["calls"],
        "follow_up": totals["follow_up"],
        "register": by("register", Register),
        "type": by("type", InterventionType),
        "place_kind": by("place_kind", PlaceKind),
        "initiated_by": by("initiated_by", Initiator),
        "result": by("result", Result),
        "hour_band": breakdown(bands.items(), hour_band_label),
    }
