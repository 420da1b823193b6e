"""The field figures of the observatory: what a service with field teams shares with its network
besides its cases, and how the network's pages show them.

A service with at least one field team adds a ``field`` object to its yearly figures (schema
``palabre-observatoire/2``): shifts held and their hours, interventions by AFNOR register,
people met, technical signals sent and resolved — counts and codes from ``fieldwork.compute``,
never a place, a name, a note or a description. It shares them under the same consent as the
rest (``SharingConsent``, or the signed document it pushes), and the network's pages hide them
the same way: a count under the threshold, and the hours of fewer shifts than the threshold.
"""

import statistics

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.field.codes import Register
from palabre.field.models import FieldTeam
from palabre.field.nights import LONGEST
from palabre.reports import fieldwork
from palabre.reports.scope import Scope
from palabre.reports.suppression import default_threshold, suppress
from palabre.reports.tables import SUPPRESSED, Table, at_most

KEY = "field"
COUNTS = (
    "shifts",
    "interventions",
    "people_met",
    "signals_sent",
    "signals_resolved",
)
HOURS = "shift_hours"
BY_REGISTER = "by_register"
KEYS = (*COUNTS, HOURS, BY_REGISTER)
LABELS = {
    "shifts": gettext_lazy("Tournées tenues"),
    "interventions": gettext_lazy("Interventions de terrain"),
    "people_met": gettext_lazy("Personnes rencontrées"),
    "signals_sent": gettext_lazy("Signalements techniques envoyés"),
    "signals_resolved": gettext_lazy("Signalements techniques résolus"),
    HOURS: gettext_lazy("Heures de tournée"),
}
MAX_COUNT = 10_000_000


def figures_of(organisation, year: int) -> dict | None:
    """The ``field`` object of ``organisation``'s figures for ``year``; None for a service
    without a field team."""
    if not FieldTeam.objects.filter(organisation=organisation).exists():
        return None
    field = fieldwork.compute(Scope.of_year(organisation, year))
    signals = field.get("signals") or fieldwork.NO_SIGNALS
    return {
        "shifts": field["shifts"],
        HOURS: float(field["hours"]),
        "interventions": field["interventions"],
        "people_met": field["people"],
        BY_REGISTER: {code: n for code, _label, n in field["register"].rows if n},
        "signals_sent": signals["total"].sent,
        "signals_resolved": signals["total"].resolved,
    }


# --- Checking what a member sent ----------------------------------------------------------------


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def problems(field) -> list[str]:
    """Every problem of a ``figures.field`` object, in French; empty when it is valid."""
    if not isinstance(field, dict):
        return [_("« figures.field » doit être un objet JSON.")]
    found = [
        _("Clé manquante : « figures.field.%(key)s ».") % {"key": key}
        for key in KEYS
        if key not in field
    ]
    found += [
        _("Clé inconnue : « figures.field.%(key)s ».") % {"key": key}
        for key in field
        if key not in KEYS
    ]
    for key in COUNTS:
        if key in field and not _is_count(field[key]):
            found.append(
                _("« figures.field.%(key)s » doit être un entier positif ou nul (au plus %(max)s).")
                % {"key": key, "max": MAX_COUNT}
            )
    hours = field.get(HOURS)
    if HOURS in field and not (
        isinstance(hours, int | float) and not isinstance(hours, bool) and hours >= 0
    ):
        found.append(_("« figures.field.shift_hours » doit être un nombre d'heures positif."))
    registers = field.get(BY_REGISTER)
    if BY_REGISTER in field:
        if not isinstance(registers, dict):
            found.append(_("« figures.field.by_register » doit être un objet JSON."))
        else:
            for code, value in registers.items():
                if code not in Register.values:
                    found.append(
                        _("Code inconnu dans « figures.field.by_register » : « %(code)s ».")
                        % {"code": code}
                    )
                if not _is_count(value):
                    found.append(
                        _("« figures.field.by_register.%(code)s » doit être un entier positif.")
                        % {"code": code}
                    )
    return found or _coherence(field)


def _coherence(field) -> list[str]:
    found = []
    if sum(field[BY_REGISTER].values()) != field["interventions"]:
        found.append(
            _("« figures.field.by_register » doit totaliser « figures.field.interventions ».")
        )
    if field["signals_resolved"] > field["signals_sent"]:
        found.append(
            _(
                "« figures.field.signals_resolved » ne peut pas dépasser "
                "« figures.field.signals_sent »."
            )
        )
    longest = LONGEST.total_seconds() / 3600
    if field[HOURS] > field["shifts"] * longest or (field["shifts"] > 0) != (field[HOURS] > 0):
        found.append(
            _(
                "« figures.field.shift_hours » ne va pas avec « figures.field.shifts » : une "
                "tournée dure plus de 0 et au plus %(hours)s heures."
            )
            % {"hours": int(longest)}
        )
    return found


# --- The network's pages ------------------------------------------------------------------------


def field_entries(found) -> list:
    """The observatory's entries that carry field figures."""
    return [entry for entry in found if entry.figures.get(KEY)]


def _sum(group, key) -> int | float:
    return sum(entry.figures[KEY][key] for entry in group)


GROUP_COLUMNS = {2: ".shifts", 4: ".interventions", 5: ".people_met", 6: ".signals_sent",
                 7: ".signals_resolved"}  # fmt: skip


def dashboard_tables(found, dimension: str, dimensions: dict) -> list[Table]:
    """Field work summed by group of ``dimension`` (only members sharing field figures), and
    the interventions by register: one document, small counts hidden."""
    field = field_entries(found)
    if not field:
        return []
    title, choices = dimensions[dimension]
    groups = []
    for choice in choices:
        group = [e for e in field if getattr(e.member, dimension) == choice.value]
        if group:
            groups.append((f"field.{choice.value}", str(choice.label), group))
    groups.append(("field.all", _("Ensemble des structures de terrain"), field))
    return suppress([_group_table(title, groups), _register_table(field)])


def _group_table(title, groups) -> Table:
    relations = [
        at_most(f"{key}.signals_resolved", f"{key}.signals_sent") for key, _label, _g in groups
    ]
    return Table(
        title=_("Médiation de terrain par %(dimension)s") % {"dimension": str(title).lower()},
        headings=[
            str(title),
            _("Structures"),
            str(LABELS["shifts"]),
            str(LABELS[HOURS]),
            str(LABELS["interventions"]),
            str(LABELS["people_met"]),
            str(LABELS["signals_sent"]),
            str(LABELS["signals_resolved"]),
        ],
        rows=[
            [
                label,
                len(group),
                _sum(group, "shifts"),
                round(_sum(group, HOURS), 1),
                _sum(group, "interventions"),
                _sum(group, "people_met"),
                _sum(group, "signals_sent"),
                _sum(group, "signals_resolved"),
            ]
            for _key, label, group in groups
        ],
        count_columns=list(GROUP_COLUMNS),
        has_total=True,
        depends_on={3: 2},
        note=_("Heures de tournée : masquées avec le nombre de tournées dont elles viennent."),
        row_keys=[key for key, _label, _group in groups],
        column_keys=dict(GROUP_COLUMNS),
        relations=relations,
    )


def _register_table(field) -> Table:
    counts = dict.fromkeys(Register.values, 0)
    for entry in field:
        for code, n in entry.figures[KEY][BY_REGISTER].items():
            counts[code] = counts.get(code, 0) + n
    rows = [[str(Register(code).label), n] for code, n in counts.items() if n]
    codes = [code for code, n in counts.items() if n]
    return Table(
        title=_("Interventions de terrain par registre"),
        headings=[_("Registre"), str(LABELS["interventions"])],
        rows=[*rows, [_("Total"), sum(counts.values())]],
        count_columns=[1],
        has_total=True,
        row_keys=[f"field.register.{code}" for code in codes] + ["field.all"],
        column_keys={1: ".interventions"},
    )


def comparison_tables(entry, peers, *, min_peers: int) -> list[Table]:
    """The member's field figures beside the median of its peers that share some, computed from
    ``min_peers`` of them at least (as every median of the observatory); the hours hidden with a
    small number of shifts."""
    mine = entry.figures.get(KEY)
    if not mine:
        return []
    theirs = [p.figures[KEY] for p in field_entries(peers)]

    def median(values):
        values = [v for v in values if v is not None and v is not SUPPRESSED]
        if len(values) < min_peers:
            return None
        middle = statistics.median(values)
        return int(middle) if float(middle).is_integer() else round(float(middle), 1)

    table = Table(
        title=_("Médiation de terrain"),
        headings=[_("Indicateur"), _("Cette structure"), _("Médiane des structures comparables")],
        count_columns=[1, 2],
        rows=[
            [str(LABELS[key]), mine[key], median([figures[key] for figures in theirs])]
            for key in COUNTS
        ],
    )
    [shown] = suppress([table])
    threshold = default_threshold()
    shown.rows.insert(
        1,
        [
            str(LABELS[HOURS]),
            _hours(mine, threshold),
            median([_hours(figures, threshold) for figures in theirs]),
        ],
    )
    return [shown]


def _hours(field, threshold):
    """A member's hours, hidden when its shifts are (3 hours would give one shift back)."""
    if 0 < field["shifts"] < threshold:
        return SUPPRESSED
    return field[HOURS]


def preview_rows(field) -> list[list]:
    """The rows the sharing page shows a service before it consents."""
    rows = [[str(LABELS[key]), field[key]] for key in (*COUNTS[:1], HOURS, *COUNTS[1:])]
    rows += [
        [_("Interventions de terrain : %(register)s") % {"register": Register(code).label}, n]
        for code, n in field[BY_REGISTER].items()
    ]
    return rows
