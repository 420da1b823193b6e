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

Technical signals (``field.watch.TechnicalSignal``) count in the period they were sent in
(``sent_at``, Paris time): acknowledged and resolved are those of them that were by the end of
the period (or now, for the period in progress), so that a report does not move afterwards.
Their delays are in **hours**, from sending to acknowledgement and to resolution, for the signals
that reached the step: median and 90th percentile by the inclusive method (the spreadsheets'
CENTILE.INCLURE). A territory narrows them by their commune and quartier; a landlord's
convention to the signals routed to its landlords (its own delays); quartier and commune rules
to those places.

Orientations to a partner (*mises en relation*, ``field.followup.PartnerOrientation``) count in
the period of their date, whatever their step, by coded reason; they come from interventions of
the scope (territory, convention) on shifts that were not cancelled. Nothing of the person is
read.

Only coded fields, moments and counts are read: never an intervention's note nor a signal's
description.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.core.text import normalise
from palabre.field.codes import (
    Initiator,
    InterventionType,
    OrientationReason,
    PlaceKind,
    Register,
    Result,
)
from palabre.field.models import (
    FieldTeam,
    Intervention,
    PartnerOrientation,
    Shift,
    ShiftStatus,
    TechnicalSignal,
)
from palabre.field.nights import hours as shift_hours
from palabre.field.watch import SignalCategory
from palabre.partners.models import Activity
from palabre.reports.counting import breakdown, choice_label
from palabre.reports.tables import Table, at_most

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


def _narrowing(scope) -> tuple[Q, Q, Q] | None:
    """(condition on interventions, on shifts, on signals) for the scope's territory and
    convention; None when the scope cannot count field work."""
    on_interventions, on_shifts, on_signals = Q(), Q(), Q()
    if scope.communes:
        on_interventions &= Q(commune_id__in=scope.communes)
        on_shifts &= Q(communes__in=scope.communes)
        on_signals &= Q(commune_id__in=scope.communes)
    if scope.quartiers:
        on_interventions &= Q(quartier_id__in=scope.quartiers)
        on_shifts &= Q(quartiers__in=scope.quartiers)
        on_signals &= Q(quartier_id__in=scope.quartiers)
    convention = scope.convention
    if convention is None:
        return on_interventions, on_shifts, on_signals
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
        on_signals &= Q(partner_id__in=landlords)
    if quartiers:
        on_interventions &= Q(quartier_id__in=quartiers)
        on_shifts &= Q(quartiers__in=quartiers)
        on_signals &= Q(quartier_id__in=quartiers)
    if communes:
        on_interventions &= Q(commune_id__in=communes)
        on_shifts &= Q(communes__in=communes)
        on_signals &= Q(commune_id__in=communes)
    return on_interventions, on_shifts, on_signals


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
    on_interventions, on_shifts, on_signals = narrowing
    start, end = _bounds(scope)
    now = now or timezone.now()
    shifts = (
        Shift.objects.filter(
            on_shifts,
            organisation_id__in=scope.organisations,
            date__range=(scope.start, scope.end),
            ends_at__lte=now,
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
        "orientations": orientations(scope, on_interventions),
        "signals": signals(scope, on_signals, start, min(end, now)),
    }


def orientations(scope, on_interventions):
    """Orientations to partners by reason: dated in the period, from an intervention of the
    scope on a shift that was not cancelled."""
    of_scope = Intervention.objects.filter(
        on_interventions, organisation_id__in=scope.organisations
    ).exclude(shift__status=ShiftStatus.CANCELLED)
    pairs = (
        PartnerOrientation.objects.filter(
            intervention__in=of_scope, oriented_on__range=(scope.start, scope.end)
        )
        .values_list("reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return breakdown(pairs, choice_label(OrientationReason))


# --- Technical signals --------------------------------------------------------------------------

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Delays:
    """Delays in hours: how many signals reached the step, their median and 90th percentile
    (None when none did)."""

    n: int
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, hours: list[float]) -> "Delays":
        if not hours:
            return cls(0)
        if len(hours) == 1:
            return cls(1, round(hours[0], 1), round(hours[0], 1))
        p90 = statistics.quantiles(hours, n=10, method="inclusive")[8]
        return cls(len(hours), round(statistics.median(hours), 1), round(p90, 1))


@dataclass(frozen=True)
class SignalCounts:
    """The signals of one row (a category, a partner, or all of them): ``code`` and ``label``
    name the row; ``sent``, ``acknowledged`` and ``resolved`` count them; the delays go with."""

    code: str
    label: str
    sent: int
    acknowledged: int
    resolved: int
    to_acknowledge: Delays
    to_resolve: Delays

    @classmethod
    def of(cls, code, label, rows, cutoff) -> "SignalCounts":
        """``rows``: (sent_at, acknowledged_at, resolved_at) of the row's signals; a step counts
        when it came before ``cutoff`` (the end of the period, or now)."""
        acknowledged = [(s, a) for s, a, _r in rows if a is not None and a < cutoff]
        resolved = [(s, r) for s, _a, r in rows if r is not None and r < cutoff]
        return cls(
            code=code,
            label=str(label),
            sent=len(rows),
            acknowledged=len(acknowledged),
            resolved=len(resolved),
            to_acknowledge=Delays.of([(a - s) / HOUR for s, a in acknowledged]),
            to_resolve=Delays.of([(r - s) / HOUR for s, r in resolved]),
        )


NO_SIGNALS = {
    "total": SignalCounts("", "", 0, 0, 0, Delays(0), Delays(0)),
    "category": [],
    "partner": [],
}


def signals(scope, on_signals, start, cutoff) -> dict:
    """Signals sent from ``start`` to ``cutoff``, with the steps reached by ``cutoff``: the
    ``total``, and rows by ``category`` (the code list's order) and by ``partner`` (by name,
    accents and case aside) — an order that owes nothing to the counts (ADR 0011)."""
    rows = list(
        TechnicalSignal.objects.filter(
            on_signals,
            organisation_id__in=scope.organisations,
            sent_at__gte=start,
            sent_at__lt=cutoff,
        )
        .order_by()
        .values_list(
            "category", "partner_id", "partner__name", "sent_at", "acknowledged_at", "resolved_at"
        )
    )
    by_category, by_partner, names, every = {}, {}, {}, []
    for category, partner, name, *moments in rows:
        every.append(moments)
        by_category.setdefault(category, []).append(moments)
        by_partner.setdefault(partner, []).append(moments)
        names[partner] = name
    label = choice_label(SignalCategory)
    order = {code: index for index, code in enumerate(SignalCategory.values)}
    return {
        "total": SignalCounts.of("", _("Total"), every, cutoff),
        "category": [
            SignalCounts.of(code, label(code), by_category[code], cutoff)
            for code in sorted(by_category, key=lambda code: order.get(code, len(order)))
        ],
        "partner": [
            SignalCounts.of(str(pk), names[pk], by_partner[pk], cutoff)
            for pk in sorted(by_partner, key=lambda pk: (normalise(names[pk]), str(pk)))
        ],
    }


def signal_tables(counts: dict) -> list[Table]:
    """The signals by category and by partner, each with its total: counts, and the delays
    computed from them (hidden with them in a document that leaves the service). The steps
    nest — acknowledged among sent, resolved among acknowledged — in every row, and both tables
    end on the same total."""
    return [
        _signal_table(
            _("Signalements techniques par catégorie"),
            _("Catégorie"),
            counts["category"],
            counts["total"],
            "category",
        ),
        _signal_table(
            _("Signalements techniques par destinataire"),
            _("Destinataire"),
            counts["partner"],
            counts["total"],
            "partner",
        ),
    ]


SIGNAL_COLUMNS = {1: ".sent@now", 2: ".acknowledged@now", 3: ".resolved@now"}


def _signal_table(title, heading, rows, total, dimension) -> Table:
    keys = [f"field.signals.{dimension}.{row.code}" for row in rows] + ["field.signals"]
    relations = []
    for key in keys:
        relations += [
            at_most(f"{key}.acknowledged@now", f"{key}.sent@now"),
            at_most(f"{key}.resolved@now", f"{key}.acknowledged@now"),
        ]
    return Table(
        title=title,
        headings=[
            heading,
            _("Envoyés"),
            _("Pris en compte"),
            _("Résolus"),
            _("Prise en compte : médiane (h)"),
            _("Prise en compte : 90e centile (h)"),
            _("Résolution : médiane (h)"),
            _("Résolution : 90e centile (h)"),
        ],
        rows=[_signal_row(row.label, row) for row in rows] + [_signal_row(_("Total"), total)],
        count_columns=[1, 2, 3],
        has_total=True,
        depends_on={4: 2, 5: 2, 6: 3, 7: 3},
        note=_(
            "Signalements envoyés pendant la période ; pris en compte et résolus : ceux qui "
            "l'étaient à la fin de la période. Délais en heures depuis l'envoi, pour les "
            "signalements arrivés à l'étape."
        ),
        row_keys=keys,
        column_keys=dict(SIGNAL_COLUMNS),
        relations=relations,
    )


def _signal_row(label, row: SignalCounts) -> list:
    return [
        str(label),
        row.sent,
        row.acknowledged,
        row.resolved,
        row.to_acknowledge.median,
        row.to_acknowledge.p90,
        row.to_resolve.median,
        row.to_resolve.p90,
    ]
