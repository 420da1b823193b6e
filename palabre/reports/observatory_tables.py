"""What the network's observatory shows: the figures its members share, summed by region, legal
type and phase, and one member beside the others of its kind.

Each member's figures for a year come from one of two places (``entries``): a service of this
instance computes them at each display while its consent is active (withdraw it, and the next
computation leaves it out); a member on another instance sent them (``SharedFigures``). Only
active members of the directory count.

Hidden everywhere, on every page (``palabre.reports.suppression``): a count of cases,
interviews, meetings or requests under the threshold (5), in a member's figures as in a sum; a
rate whose numerator or denominator is hidden; a median delay counted on fewer cases than the
threshold. The median of comparable members needs at least ``MIN_PEERS`` of them: with one or
two, the « median » would be one member's own figure.
"""

import statistics
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.core.codes import ReferralSource
from palabre.network.models import LegalType, Member, Phase, Region
from palabre.reports.models import SharedFigures, SharingConsent
from palabre.reports.observatory import figures_of
from palabre.reports.suppression import default_threshold, suppress
from palabre.reports.tables import SUPPRESSED, Table

LOCAL, PUSHED = "local", "pushed"
MIN_PEERS = 3
DIMENSIONS = {
    "region": (gettext_lazy("Région"), Region),
    "legal_type": (gettext_lazy("Type de structure"), LegalType),
    "phase": (gettext_lazy("Phase"), Phase),
}
COUNT_LABELS = {
    "new_cases": gettext_lazy("Nouvelles saisines"),
    "treated_cases": gettext_lazy("Situations traitées"),
    "closed_cases": gettext_lazy("Situations closes"),
    "agreements": gettext_lazy("Accords (complets ou partiels)"),
    "acceptance_answered": gettext_lazy("Réponses de l'autre partie"),
    "acceptance_accepted": gettext_lazy("Médiations acceptées"),
    "interviews": gettext_lazy("Entretiens individuels tenus"),
    "joint_meetings": gettext_lazy("Rencontres de médiation tenues"),
    "information_requests": gettext_lazy("Demandes d'information"),
}
# The columns of the activity table, in their order.
ACTIVITY_KEYS = (
    "new_cases",
    "treated_cases",
    "closed_cases",
    "interviews",
    "joint_meetings",
    "information_requests",
)


@dataclass
class Entry:
    member: Member
    figures: dict
    source: str
    received_at: object = None

    @property
    def is_local(self) -> bool:
        return self.source == LOCAL


def entries(network, year: int) -> list[Entry]:
    """Every active member's figures of ``year`` that the network may count, by name."""
    consenting = SharingConsent.objects.active().to(network).values("organisation")
    local = (
        Member.objects.of(network)
        .active()
        .filter(organisation__in=consenting, organisation__networks=network)
        .select_related("organisation")
    )
    found = {m.pk: Entry(m, figures_of(m.organisation, year), LOCAL) for m in local}
    pushed = (
        SharedFigures.objects.of(network)
        .for_year(year)
        .filter(member__is_active=True)
        .select_related("member")
    )
    for shared in pushed:
        found.setdefault(
            shared.member_id, Entry(shared.member, shared.payload, PUSHED, shared.received_at)
        )
    return sorted(found.values(), key=lambda entry: entry.member.name.lower())


def consenting_outside_directory(network) -> int:
    """Services of this instance sharing with the network but missing from its directory:
    without a region, a type and a phase, their figures cannot be placed."""
    listed = Member.objects.of(network).filter(organisation__isnull=False).values("organisation")
    return (
        SharingConsent.objects.active()
        .to(network)
        .exclude(organisation__in=listed)
        .values("organisation")
        .distinct()
        .count()
    )


# --- Sums by group ------------------------------------------------------------------------------


def _sum(group, key) -> int:
    return sum(entry.figures[key] for entry in group)


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def group_tables(found: list[Entry], dimension: str) -> list[Table]:
    """Two tables, activity and results, with a row per group of ``dimension`` that has
    members and the network's total last, small counts hidden."""
    title, choices = DIMENSIONS[dimension]
    groups = []
    for choice in choices:
        group = [e for e in found if getattr(e.member, dimension) == choice.value]
        if group:
            groups.append((str(choice.label), group))
    groups.append((_("Ensemble des structures"), found))
    activity = Table(
        title=_("Activité par %(dimension)s") % {"dimension": str(title).lower()},
        headings=[
            str(title),
            _("Structures"),
            *(str(COUNT_LABELS[k]) for k in ACTIVITY_KEYS),
        ],
        count_columns=[2, 3, 4, 5, 6, 7],
        has_total=True,
    )
    results = Table(
        title=_("Résultats par %(dimension)s") % {"dimension": str(title).lower()},
        headings=[
            str(title),
            _("Structures"),
            str(COUNT_LABELS["closed_cases"]),
            str(COUNT_LABELS["agreements"]),
            _("Accords parmi les situations closes"),
            str(COUNT_LABELS["acceptance_answered"]),
            str(COUNT_LABELS["acceptance_accepted"]),
            _("Taux d'acceptation"),
        ],
        count_columns=[2, 3, 5, 6],
        depends_on={4: (2, 3), 7: (5, 6)},
        percent_columns=[4, 7],
        has_total=True,
        note=_(
            "Taux d'acceptation : médiations acceptées par l'autre partie, parmi les "
            "situations closes où elle a répondu."
        ),
    )
    for label, group in groups:
        activity.rows.append(
            [
                label,
                len(group),
                *(_sum(group, k) for k in ACTIVITY_KEYS),
            ]
        )
        closed, agreed = _sum(group, "closed_cases"), _sum(group, "agreements")
        answered, accepted = _sum(group, "acceptance_answered"), _sum(group, "acceptance_accepted")
        results.rows.append(
            [
                label,
                len(group),
                closed,
                agreed,
                _ratio(agreed, closed),
                answered,
                accepted,
                _ratio(accepted, answered),
            ]
        )
    return suppress([activity, results])


def breakdown_tables(found: list[Entry]) -> list[Table]:
    """The new cases of every member summed by conflict category and by referral source."""
    tables = []
    for key, title, choices in (
        ("by_conflict", _("Nouvelles saisines par motif principal"), codes.ConflictCategory),
        ("by_referral_source", _("Nouvelles saisines par origine"), ReferralSource),
    ):
        counts = {}
        for entry in found:
            for code, n in entry.figures[key].items():
                counts[code] = counts.get(code, 0) + n
        rows = sorted(
            ([_code_label(choices, code), n] for code, n in counts.items() if n),
            key=lambda row: (-row[1], row[0]),
        )
        rows.append([_("Total"), sum(counts.values())])
        tables.append(
            Table(
                title=title,
                headings=[_("Catégorie"), _("Nouvelles saisines")],
                rows=rows,
                count_columns=[1],
                has_total=True,
            )
        )
    return suppress(tables)


def _code_label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return _("Non renseigné")


def headline(found: list[Entry]) -> list[dict]:
    """The cards above the tables: the network's sums, hidden like any count."""
    threshold = default_threshold()
    cards = [{"label": _("Structures qui partagent leurs chiffres"), "value": str(len(found))}]
    for key in ("new_cases", "treated_cases", "closed_cases", "agreements"):
        total = _sum(found, key)
        shown = f"< {threshold}" if 0 < total < threshold else _number(total)
        cards.append({"label": str(COUNT_LABELS[key]), "value": shown})
    return cards


def _number(value) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


# --- One member beside the others of its kind ---------------------------------------------------


def peers_of(entry: Entry, found: list[Entry]) -> list[Entry]:
    """The other members of the same legal type and phase that shared figures."""
    member = entry.member
    return [
        other
        for other in found
        if other.member.pk != member.pk
        and other.member.legal_type == member.legal_type
        and other.member.phase == member.phase
    ]


def _median(values):
    values = [v for v in values if v is not None and v is not SUPPRESSED]
    if len(values) < MIN_PEERS:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else float(middle)


def _rate(numerator: int, denominator: int, threshold: int):
    """A rate hidden when either of its counts is (as ``suppress`` does with ``depends_on``)."""
    if 0 < numerator < threshold or 0 < denominator < threshold:
        return SUPPRESSED
    return _ratio(numerator, denominator)


def _delay(figures, threshold):
    if figures["closure_delay_cases"] < threshold:
        return SUPPRESSED if figures["closure_delay_cases"] else None
    return figures["closure_delay_median_days"]


def comparison_tables(entry: Entry, peers: list[Entry]) -> list[Table]:
    """The member's figures, and the median of its peers' (``MIN_PEERS`` at least), each
    hidden like any figure of the observatory."""
    threshold = default_threshold()
    headings = [_("Indicateur"), _("Cette structure"), _("Médiane des structures comparables")]
    counts = Table(
        title=_("Activité"),
        headings=list(headings),
        count_columns=[1, 2],
        rows=[
            [str(label), entry.figures[key], _median([p.figures[key] for p in peers])]
            for key, label in COUNT_LABELS.items()
        ],
    )

    def rates_of(figures):
        return {
            "agreement": _rate(figures["agreements"], figures["closed_cases"], threshold),
            "acceptance": _rate(
                figures["acceptance_accepted"], figures["acceptance_answered"], threshold
            ),
        }

    mine, theirs = rates_of(entry.figures), [rates_of(p.figures) for p in peers]
    rates = Table(
        title=_("Résultats"),
        headings=list(headings),
        percent_columns=[1, 2],
        rows=[
            [
                _("Accords parmi les situations closes"),
                mine["agreement"],
                _median([r["agreement"] for r in theirs]),
            ],
            [
                _("Taux d'acceptation"),
                mine["acceptance"],
                _median([r["acceptance"] for r in theirs]),
            ],
        ],
    )
    delays = Table(
        title=_("Délais"),
        headings=list(headings),
        rows=[
            [
                _("Délai médian de l'ouverture à la clôture (jours)"),
                _delay(entry.figures, threshold),
                _median([_delay(p.figures, threshold) for p in peers]),
            ]
        ],
        note=_(
            "La médiane des structures comparables est celle de leurs délais médians ; un "
            "délai compté sur moins de %(threshold)s situations closes est masqué."
        )
        % {"threshold": threshold},
    )
    shown = suppress([counts])
    for table in (rates, delays):
        table.suppressed_below = threshold
    return [*shown, rates, delays]


# --- Years --------------------------------------------------------------------------------------

YEARS_BACK = 4


def years_of(network, today) -> list[int]:
    """The years the dashboard offers, latest first: the last few, and any year received."""
    received = SharedFigures.objects.of(network).values_list("year", flat=True).distinct()
    years = set(range(today.year - YEARS_BACK, today.year + 1)) | set(received)
    return sorted((year for year in years if year <= today.year), reverse=True)


def default_year(network, today) -> int:
    """The latest year received from a member, else the last complete year."""
    latest = (
        SharedFigures.objects.of(network)
        .filter(year__lte=today.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or today.year - 1
