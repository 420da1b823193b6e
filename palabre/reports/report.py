"""From figures to tables: the activity report as the page, the dashboard and every export show
it, with the year before beside it; and the definitions users read.

``activity_tables`` never suppresses: the service's own pages show every figure. Documents that
leave the service go through ``suppression.suppress`` first.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.core.codes import ReferralSource
from palabre.core.text import normalise
from palabre.field.codes import (
    Initiator,
    InterventionType,
    OrientationReason,
    PlaceKind,
    Register,
    Result,
)
from palabre.reports import (
    booking_no_shows,
    collective_figures,
    fieldwork,
    outreach_tables,
    referral_delay_tables,
)
from palabre.reports.counting import Breakdown
from palabre.reports.suppression import default_threshold
from palabre.reports.tables import Relation, Table, at_most, total_of

DIMENSIONS = {
    "commune": gettext_lazy("Commune"),
    "quartier": gettext_lazy("Quartier"),
    "qpv": gettext_lazy("Quartier prioritaire (QPV)"),
    "housing": gettext_lazy("Logement"),
    "landlord": gettext_lazy("Bailleur social"),
    "residence": gettext_lazy("Résidence"),
    "conflict": gettext_lazy("Motif principal"),
    "referral_source": gettext_lazy("Origine de la saisine"),
    "channel": gettext_lazy("Canal du premier contact"),
    "month": gettext_lazy("Mois"),
}


def period_label(scope) -> str:
    whole_year = (scope.start.month, scope.start.day, scope.end.month, scope.end.day) == (
        1,
        1,
        12,
        31,
    )
    if whole_year and scope.start.year == scope.end.year:
        return str(scope.start.year)
    return _("du %(start)s au %(end)s") % {
        "start": scope.start.strftime("%d/%m/%Y"),
        "end": scope.end.strftime("%d/%m/%Y"),
    }


def dimensions_for(convention) -> list[str]:
    """The breakdowns a funder looks at first: by its own scope rules, then the others."""
    first = []
    if convention is not None:
        if convention.scope_landlords.exists():
            first += ["landlord", "residence"]
        if convention.scope_quartiers.exists():
            first += ["quartier", "qpv"]
        if convention.scope_communes.exists():
            first += ["commune"]
    return first + [d for d in DIMENSIONS if d not in first]


def activity_tables(figures, previous=None, *, dimensions=None) -> list[Table]:
    """The report's tables; ``previous`` (the figures of the year before) adds a column.

    The tables are one document: each count carries the key of what it counts and the tables
    say how their counts add up (``Table.relations``), so that disclosure control reads them
    together. Rows come in a fixed order (``in_fixed_order``), never by count."""
    now, before = period_label(figures.scope), previous and period_label(previous.scope)
    tables = [_key_figures(figures, previous, now, before), _rates(figures, previous)]
    tables += [_closures(figures), _funnel(figures), _delays(figures)]
    if figures.referral_delays is not None:
        tables += referral_delay_tables.tables(figures.referral_delays)
    for dimension in dimensions or DIMENSIONS:
        tables.append(_breakdown_table(figures, dimension))
    if figures.process["follow_up_results"].total:
        tables.append(
            _share_table(
                _("Suivis réalisés sur la période"),
                _("Résultat du suivi"),
                _("Suivis"),
                figures.process["follow_up_results"],
                keys=("follow_up", "follow_up.total"),
                order=codes.FollowUpResult,
            )
        )
    if figures.permanences is not None:
        tables.append(_permanences(figures.permanences))
        tables.append(booking_no_shows.table(figures.permanences))
    tables.append(_volunteers(figures.volunteers))
    if figures.fieldwork is not None:
        tables += field_tables(figures.fieldwork)
    if figures.outreach is not None:
        tables += outreach_tables.tables(figures.outreach)
    if figures.collective is not None:
        tables += collective_figures.tables(figures.collective)
    return tables


# --- Field work -----------------------------------------------------------------------------------


FIELD_BREAKDOWNS = {
    "register": (gettext_lazy("Interventions de terrain par registre"), gettext_lazy("Registre")),
    "type": (gettext_lazy("Interventions de terrain par type"), gettext_lazy("Type")),
    "hour_band": (gettext_lazy("Interventions de terrain par heure"), gettext_lazy("Heure")),
    "place_kind": (gettext_lazy("Interventions de terrain par lieu"), gettext_lazy("Lieu")),
    "initiated_by": (
        gettext_lazy("Interventions de terrain par initiative"),
        gettext_lazy("À l'initiative de"),
    ),
    "result": (gettext_lazy("Interventions de terrain par résultat"), gettext_lazy("Résultat")),
}


class _HourBands:
    """The bands of the night in the order a night runs (see ``fieldwork.HOUR_BANDS``)."""

    values = [band[0] for band in fieldwork.HOUR_BANDS] + [fieldwork.DAYTIME[0]]


def field_tables(field) -> list[Table]:
    """The field teams' shifts and interventions: key figures, then each breakdown, all totals
    being the interventions of the period."""
    rows = [
        (_("Tournées tenues"), "shifts"),
        (_("Interventions"), "interventions"),
        (_("Personnes rencontrées"), "people"),
        (_("Appels reçus"), "calls"),
        (_("Interventions appelant une suite"), "follow_up"),
    ]
    key = Table(
        title=_("Médiation de terrain"),
        headings=[_("Indicateur"), _("Nombre")],
        rows=[[label, field[name]] for label, name in rows],
        count_columns=[1],
        row_keys=[f"field.{name}" for _label, name in rows],
        column_keys={1: NOW},
        relations=[
            at_most(f"field.calls{NOW}", f"field.interventions{NOW}"),
            at_most(f"field.follow_up{NOW}", f"field.interventions{NOW}"),
            total_of(f"field.calls{NOW}", [f"field.initiated_by.{Initiator.RESIDENT_CALL}{NOW}"]),
        ],
        note=_field_hours(field),
    )
    orders = {
        "register": Register,
        "type": InterventionType,
        "hour_band": _HourBands,
        "place_kind": PlaceKind,
        "initiated_by": Initiator,
        "result": Result,
    }
    tables = [key]
    for name, (title, heading) in FIELD_BREAKDOWNS.items():
        tables.append(
            _share_table(
                str(title),
                str(heading),
                _("Interventions"),
                field[name],
                keys=(f"field.{name}", "field.interventions"),
                order=orders[name],
            )
        )
    tables.append(_orientations(field.get("orientations") or NO_ORIENTATIONS))
    return tables + fieldwork.signal_tables(field.get("signals") or fieldwork.NO_SIGNALS)


ORIENTATIONS_TITLE = gettext_lazy("Orientations vers un partenaire (mises en relation)")
NO_ORIENTATIONS = Breakdown((), 0)


def _orientations(breakdown) -> Table:
    """The *mises en relation* by reason; their total is their own, not the interventions'."""
    return _share_table(
        str(ORIENTATIONS_TITLE),
        _("Motif"),
        _("Orientations"),
        breakdown,
        keys=("field.orientation_reason", "field.orientations"),
        order=OrientationReason,
    )


def _field_hours(field) -> str:
    return _hours_note(field["shifts"], _("%(hours)s heures de tournée."), hours=field["hours"])


def _hours_note(count: int, text: str, *, hours: float, **values) -> str:
    """A note of hours held under a table of sessions or shifts. They last about the same time,
    so the hours would give a hidden number of them back (3 hours, one session): with fewer than
    the small-count threshold, the note says nothing."""
    if 0 < count < default_threshold():
        return ""
    return text % {"hours": f"{hours:.1f}".replace(".", ","), **values}


def _value(figures, section, key):
    if figures is None:
        return None
    return getattr(figures, section)[key] if section else None


def _key_figures(figures, previous, now, before) -> Table:
    rows = [
        (_("Nouvelles saisines"), "volume", "new"),
        (_("Situations traitées (dont reportées de la période précédente)"), "volume", "treated"),
        (_("Situations reportées de la période précédente"), "volume", "carried_over"),
        (_("Situations closes"), "volume", "closed"),
        (_("Personnes concernées (toutes parties)"), "volume", "persons"),
        (_("Autres parties concernées"), "volume", "other_parties"),
        (_("Foyers concernés"), "volume", "households"),
        (_("Entretiens individuels tenus"), "volume", "interviews"),
        (_("… avec le demandeur"), "volume", "interviews_requester"),
        (_("… avec l'autre partie"), "volume", "interviews_other_party"),
        (_("Rencontres de médiation tenues"), "volume", "joint_meetings"),
        (_("Échanges de navette"), "volume", "shuttle_exchanges"),
    ]
    table_rows = [
        [label, _value(figures, section, key)]
        + ([_value(previous, section, key)] if previous else [])
        for label, section, key in rows
    ]
    table_rows.append(
        [_("Demandes d'information (sans dossier)"), figures.information_requests]
        + ([previous.information_requests] if previous else [])
    )
    periods = [(figures, NOW)] + ([(previous, BEFORE)] if previous else [])
    return Table(
        title=_("Chiffres clés"),
        headings=[_("Indicateur"), now] + ([before] if previous else []),
        rows=table_rows,
        count_columns=[1, 2] if previous else [1],
        row_keys=[f"volume.{key}" for _label, _section, key in rows] + ["information_requests"],
        column_keys={1: NOW, 2: BEFORE} if previous else {1: NOW},
        relations=[r for source, at in periods for r in _volume_relations(source, at)],
        unshown={k: v for source, at in periods for k, v in _volume_unshown(source, at).items()},
    )


NOW, BEFORE = "@now", "@before"


def _volume_relations(figures, at) -> list[Relation]:
    """Treated cases are the new and the carried over; persons and interviews are those of the
    requesters, the other parties and the other participants."""
    v = lambda key: f"volume.{key}{at}"  # noqa: E731
    return [
        total_of(v("treated"), [v("new"), v("carried_over")]),
        total_of(v("persons"), [v("requesters"), v("other_parties"), v("other_participants")]),
        total_of(
            v("interviews"),
            [v("interviews_requester"), v("interviews_other_party"), v("interviews_others")],
        ),
    ]


def _volume_unshown(figures, at) -> dict[str, int]:
    volume = figures.volume
    return {
        f"volume.requesters{at}": volume["requesters"],
        f"volume.other_participants{at}": volume["persons"]
        - volume["requesters"]
        - volume["other_parties"],
        f"volume.interviews_others{at}": volume["interviews"]
        - volume["interviews_requester"]
        - volume["interviews_other_party"],
    }


def _rates(figures, previous) -> Table:
    """Each rate with its numerator and denominator, for the year before too: a rate is hidden
    with the small counts it comes from."""
    rates = [
        (_("Acceptation de l'autre partie (parmi celles qui ont répondu)"), "process",
         "acceptance"),
        (_("Accord, parmi les dossiers clos après rencontre"), "process",
         "agreement_over_meetings"),
        (_("Accord, parmi tous les dossiers clos"), "process", "agreement_over_closed"),
        (_("Remplissage des créneaux de permanence"), "permanences", "fill_rate"),
        (_("Absences aux rendez-vous de permanence"), "permanences", "no_show_rate"),
    ]  # fmt: skip

    def cells(source, section, key):
        values = getattr(source, section) if source is not None else None
        if values is None:
            return [None, None, None]
        rate = values[key]
        return [rate.numerator, rate.denominator, rate.value]

    rows, row_keys = [], []
    for label, section, key in rates:
        if section == "permanences" and figures.permanences is None:
            continue
        row = [label, *cells(figures, section, key)]
        if previous is not None:
            row += cells(previous, section, key)
        rows.append(row)
        row_keys.append(f"{section}.{key}")
    headings = [_("Taux"), _("Nombre"), _("Sur"), _("Période")]
    count_columns, depends_on, percent = [1, 2], {3: (1, 2)}, [3]
    column_keys = {1: f".num{NOW}", 2: f".den{NOW}"}
    relations = _rate_relations(NOW, figures.permanences is not None)
    if previous is not None:
        headings += [_("Nombre, année précédente"), _("Sur, année précédente"),
                     _("Année précédente")]  # fmt: skip
        count_columns, depends_on, percent = [1, 2, 4, 5], {3: (1, 2), 6: (4, 5)}, [3, 6]
        column_keys |= {4: f".num{BEFORE}", 5: f".den{BEFORE}"}
        relations += _rate_relations(BEFORE, previous.permanences is not None)
    return Table(
        title=_("Taux et résultats"),
        headings=headings,
        rows=rows,
        count_columns=count_columns,
        depends_on=depends_on,
        percent_columns=percent,
        note=_("Un taux n'est calculé que s'il a un dénominateur."),
        row_keys=row_keys,
        column_keys=column_keys,
        relations=relations,
    )


def _rate_relations(at, permanences) -> list[Relation]:
    """A rate's numerator is among its denominator; the agreements are the closures « accord
    total » and « accord partiel »; those after a meeting are the closed cases that reached the
    meeting stage; the other party answered in closed cases only."""
    p = lambda key: f"process.{key}{at}"  # noqa: E731
    closed = f"volume.closed{at}"
    relations = [
        at_most(p("acceptance.num"), p("acceptance.den")),
        at_most(p("acceptance.den"), closed),
        at_most(p("agreement_over_meetings.num"), p("agreement_over_meetings.den")),
        at_most(p("agreement_over_meetings.num"), p("agreement_over_closed.num")),
        at_most(p("agreement_over_meetings.den"), closed),
        total_of(p("agreement_over_closed.den"), [closed]),
        total_of(
            p("agreement_over_closed.num"),
            [
                f"closure.{codes.ClosureReason.AGREEMENT_FULL}{at}",
                f"closure.{codes.ClosureReason.AGREEMENT_PARTIAL}{at}",
            ],
        ),
        total_of(
            p("agreement_over_meetings.den"), [f"funnel.{codes.Stage.JOINT_MEETING_HELD}{at}"]
        ),
    ]
    if permanences:
        q = lambda key: f"permanences.{key}{at}"  # noqa: E731
        relations += [
            total_of(q("fill_rate.num"), [q("booked")]),
            total_of(q("fill_rate.den"), [q("slots")]),
            total_of(q("no_show_rate.num"), [q("no_show")]),
            total_of(q("no_show_rate.den"), [q("came"), q("no_show")]),
            at_most(q("no_show_rate.den"), q("booked")),
        ]
    return relations


def _share_table(title, heading, count_heading, breakdown, note="", *, keys, order) -> Table:
    """A breakdown with its total and shares. ``keys`` is (the rows' prefix, the total's key);
    ``order`` the code list or rule of ``in_fixed_order``."""
    prefix, total_key = keys
    total = breakdown.total
    ordered = in_fixed_order(breakdown.rows, order)
    rows = [[label, n, n / total if total else None] for _code, label, n in ordered]
    rows.append([_("Total"), total, 1.0 if total else None])
    return Table(
        title=title,
        headings=[heading, count_heading, _("Part")],
        rows=rows,
        count_columns=[1],
        has_total=True,
        depends_on={2: 1},
        percent_columns=[2],
        note=note,
        row_keys=[f"{prefix}.{code}" for code, _label, _n in ordered] + [total_key],
        column_keys={1: NOW},
    )


BY_LABEL, BY_CODE = "label", "code"


def in_fixed_order(rows, order) -> list[tuple]:
    """Rows (code, label, count) in an order that owes nothing to their counts: a code list's
    own order (``order`` a choices class), the codes' order (``BY_CODE``: months, « en QPV »
    before « hors QPV »), or the labels' (``BY_LABEL``), accents and case aside. The row without
    a code (« Non renseigné », « Hors quartiers découpés »…) comes last. Sorted by count, a
    table would tell the order of the counts it hides."""
    if order is BY_LABEL:
        rank = lambda row: (0, normalise(str(row[1])), str(row[1]))  # noqa: E731
    elif order is BY_CODE:
        rank = lambda row: (0, -row[0] if isinstance(row[0], bool) else row[0], "")  # noqa: E731
    else:
        positions = {code: index for index, code in enumerate(order.values)}
        rank = lambda row: (0, positions.get(row[0], len(positions)), str(row[0]))  # noqa: E731
    return sorted(rows, key=lambda row: (1, 0, "") if row[0] in (None, "") else rank(row))


def closures_title() -> str:
    """The title of the closed cases by closure reason, as a table and as a chart."""
    return _("Issues des situations closes")


def _closures(figures) -> Table:
    return _share_table(
        closures_title(),
        _("Motif de clôture"),
        _("Situations"),
        figures.process["closure_reasons"],
        keys=("closure", "volume.closed"),
        order=codes.ClosureReason,
    )


def _funnel(figures) -> Table:
    """Cumulative rows: each counts the cases that reached at least that stage, so the
    difference between two rows is the cases that stopped there. Those per-stage counts are not
    shown, but the document gives them away: they are the table's ``unshown`` quantities, and
    disclosure control protects them like any count."""
    funnel = figures.process["funnel"]
    closed = funnel[0][2] if funnel else 0
    keys = [f"funnel.{code}{NOW}" for code, _label, _n in funnel]
    stages = [f"stage.{code}{NOW}" for code, _label, _n in funnel]
    counts = [n for _code, _label, n in funnel]
    relations = [total_of(keys[0], [f"volume.closed{NOW}"])] if keys else []
    for index, key in enumerate(keys):
        relations.append(total_of(key, [stages[index], *keys[index + 1 : index + 2]]))
    return Table(
        title=_("Étape atteinte par les situations closes"),
        headings=[_("Étape atteinte, au moins"), _("Situations"), _("Part des closes")],
        rows=[[label, n, n / closed if closed else None] for _code, label, n in funnel],
        count_columns=[1],
        depends_on={2: 1},
        percent_columns=[2],
        row_keys=[key.removesuffix(NOW) for key in keys],
        column_keys={1: NOW},
        relations=relations,
        unshown={
            stage: n - (counts[index + 1] if index + 1 < len(counts) else 0)
            for index, (stage, n) in enumerate(zip(stages, counts, strict=True))
        },
    )


def _delays(figures) -> Table:
    rows = []
    for label, key in (
        (_("De la saisine au premier entretien"), "to_first_interview"),
        (_("De la saisine à la rencontre de médiation"), "to_joint_meeting"),
        (_("De la saisine à la clôture"), "to_closure"),
    ):
        spread = figures.delays[key]
        rows.append([label, spread.n, spread.median, spread.q1, spread.q3])
    closed = f"volume.closed{NOW}"
    return Table(
        title=_("Délais, en jours (situations closes sur la période)"),
        headings=[_("Délai"), _("Situations"), _("Médiane"), _("1er quartile"), _("3e quartile")],
        rows=rows,
        count_columns=[1],
        depends_on={2: 1, 3: 1, 4: 1},
        row_keys=["delays.to_first_interview", "delays.to_joint_meeting", "delays.to_closure"],
        column_keys={1: NOW},
        relations=[
            at_most(f"delays.to_first_interview{NOW}", closed),
            at_most(f"delays.to_joint_meeting{NOW}", closed),
            total_of(f"delays.to_closure{NOW}", [closed]),
        ],
    )


def breakdown_title(dimension: str) -> str:
    """The title of the new cases broken down by ``dimension``, as a table and as a chart."""
    return _("Nouvelles saisines par %(dimension)s") % {
        "dimension": str(DIMENSIONS[dimension]).lower()
    }


# How each breakdown's rows are ordered (see ``in_fixed_order``).
ORDERS = {
    "commune": BY_LABEL,
    "quartier": BY_LABEL,
    "qpv": BY_CODE,
    "housing": codes.Housing,
    "landlord": BY_LABEL,
    "residence": BY_LABEL,
    "conflict": codes.ConflictCategory,
    "referral_source": ReferralSource,
    "channel": codes.Channel,
    "month": BY_CODE,
}


def _breakdown_table(figures, dimension) -> Table:
    """Every breakdown but the main conflict counts each new case once: its total is the new
    cases. A new case has at most one main conflict."""
    total = "volume.new" if dimension != "conflict" else "conflict.total"
    table = _share_table(
        breakdown_title(dimension),
        str(DIMENSIONS[dimension]),
        _("Saisines"),
        figures.breakdowns[dimension],
        keys=(dimension, total),
        order=ORDERS[dimension],
    )
    if dimension == "conflict":
        table.relations = [at_most(f"conflict.total{NOW}", f"volume.new{NOW}")]
    return table


def _permanences(permanences) -> Table:
    rows = [
        (_("Séances tenues"), "sessions"),
        (_("Créneaux offerts"), "slots"),
        (_("Rendez-vous pris"), "booked"),
        (_("Personnes venues sur rendez-vous"), "came"),
        (_("Absences au rendez-vous"), "no_show"),
        (_("Passages sans rendez-vous"), "walk_ins"),
        (_("Personnes informées sans dossier"), "informed"),
    ]
    return Table(
        title=_("Permanences"),
        headings=[_("Indicateur"), _("Nombre")],
        rows=[[label, permanences[key]] for label, key in rows],
        count_columns=[1],
        row_keys=[f"permanences.{key}" for _label, key in rows],
        column_keys={1: NOW},
        note=_permanence_hours(permanences),
    )


def _permanence_hours(permanences) -> str:
    return _hours_note(
        permanences["sessions"],
        _("%(hours)s heures de permanence dans %(venues)s lieu(x)."),
        hours=permanences["hours"],
        venues=permanences["venues"],
    )


def _volunteers(volunteers) -> Table:
    return Table(
        title=_("Bénévolat (contributions volontaires en nature)"),
        headings=[_("Indicateur"), _("Valeur")],
        rows=[
            [_("Médiateurs bénévoles actifs"), volunteers["active"]],
            [_("Heures de bénévolat"), volunteers["hours"]],
            [_("Valeur d'une heure (€)"), volunteers["hour_value"]],
            [_("Valorisation (€)"), volunteers["valued"]],
        ],
        note=_(
            "Durées saisies des entretiens et rencontres tenus, une fois par bénévole présent, et "
            "durée des séances du tableau « Permanences », une fois par bénévole de permanence. "
            "Bénévoles actifs : présents à l'un de ces entretiens, rencontres ou séances."
        ),
    )


# --- Definitions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """One entry of the definitions page. ``rows``: what it defines in the report's tables, the
    label of each row it covers, or the title of a table whose rows are codes (a breakdown, the
    closure reasons, the stages). Every row of ``activity_tables`` is covered by one
    (``test_every_row_of_the_report_has_a_definition``)."""

    label: str
    text: str
    rows: tuple = ()


# What the breakdowns of the new cases read from each case, for their definitions.
DIMENSION_RULES = {
    "commune": gettext_lazy(
        "La commune enregistrée dans le dossier ; « Non renseigné » quand il n'en a pas."
    ),
    "quartier": gettext_lazy(
        "Le quartier enregistré dans le dossier ; « Hors quartiers découpés » pour les "
        "communes sans quartiers et les dossiers sans quartier."
    ),
    "qpv": gettext_lazy(
        "En QPV quand le quartier du dossier était un quartier prioritaire de la politique de la "
        "ville au moment où il a été enregistré : une révision ultérieure de la géographie "
        "prioritaire ne change pas les bilans passés."
    ),
    "housing": gettext_lazy(
        "Le type de logement du dossier (locatif social, locatif privé, propriétaire "
        "occupant…) ; « Inconnu » quand il n'est pas renseigné."
    ),
    "landlord": gettext_lazy(
        "Le bailleur social partenaire enregistré dans le dossier ; « Sans bailleur social » "
        "sinon (un bailleur seulement écrit en toutes lettres n'est pas un partenaire)."
    ),
    "residence": gettext_lazy(
        "La résidence suivie d'un bailleur enregistrée dans le dossier ; « Hors résidence "
        "suivie » sinon."
    ),
    "conflict": gettext_lazy(
        "Le motif principal du conflit, un seul par dossier ; les motifs secondaires ne "
        "comptent pas."
    ),
    "referral_source": gettext_lazy(
        "L'origine de la saisine : démarche personnelle, bailleur, police, mairie…"
    ),
    "channel": gettext_lazy("Le canal du premier contact : téléphone, e-mail, permanence…"),
    "month": gettext_lazy("Le mois de la date de saisine."),
}


def definitions() -> list[tuple[str, list[Definition]]]:
    """What each figure counts, in the words the definitions page shows: which cases or events,
    by which date, what is left out. The rules themselves are in ``indicators``; the choices
    behind the ambiguous ones in docs/adr/0010-indicateurs-ambigus.md."""
    return [
        (
            _("Règles communes"),
            [
                Definition(
                    _("Période"),
                    _(
                        "Du premier au dernier jour inclus, à l'heure de Paris. Un événement "
                        "compte dans la période par sa propre date : saisine, entretien ou "
                        "rencontre tenus, prise de contact, clôture, suivi, séance de permanence, "
                        "demande d'information. Le bilan de l'année en cours s'arrête au jour où "
                        "il est établi."
                    ),
                ),
                Definition(
                    _("Périmètre"),
                    _(
                        "Les dossiers du service, ceux d'un territoire (commune et quartier "
                        "enregistrés dans le dossier) ou ceux que les règles d'une convention lui "
                        "rattachent (commune, quartier, origine, prescripteur, bailleur du "
                        "dossier ; une règle vide ne restreint rien). Les séances de permanence "
                        "se rattachent par le lieu où elles se tiennent, jamais par un dossier."
                    ),
                ),
                Definition(
                    _("Bilan arrêté à la fin de sa période"),
                    _(
                        "Les chiffres se lisent dans des événements datés, pas dans l'état "
                        "présent des dossiers : refait plus tard, un bilan ne change que si l'on "
                        "corrige un fait de sa période (un entretien oublié, une présence, la "
                        "commune d'un dossier ouvert…). Sont lus tels qu'ils sont aujourd'hui : le "
                        "rôle de chaque personne dans le service (bénévole ou non), les règles "
                        "d'une convention et les parties enregistrées dans un dossier."
                    ),
                ),
                Definition(
                    _("Données lues"),
                    _(
                        "Seulement des champs codés, des dates et des durées : jamais un nom, "
                        "une adresse, une note ou un texte libre."
                    ),
                ),
                Definition(
                    _("Petits effectifs"),
                    _(
                        "Dans tout document qui sort du service, un nombre de 1 à 4 est "
                        "remplacé par « < 5 », partout où il figure, avec les taux calculés à "
                        "partir de lui. Les tableaux du document sont lus ensemble : avant "
                        "qu'il sorte, un audit cherche pour chaque cellule masquée la plus "
                        "petite et la plus grande valeur compatible avec tout ce qui est "
                        "montré (totaux, cumuls, taux, année précédente, même chiffre dans "
                        "deux tableaux) et masque d'autres nombres tant qu'une cellule peut "
                        "être encadrée plus finement que « de 1 à 4 »."
                    ),
                ),
                Definition(
                    _("Ordre des lignes"),
                    _(
                        "Les lignes suivent la liste des codes, l'ordre alphabétique (communes, "
                        "quartiers, bailleurs, résidences) ou le calendrier (mois), jamais les "
                        "effectifs ; « Non renseigné » vient en dernier."
                    ),
                ),
            ],
        ),
        (
            _("Volume et public"),
            [
                Definition(
                    _("Nouvelles saisines"),
                    _(
                        "Dossiers dont la date de saisine tombe dans la période, quel que soit "
                        "leur état depuis. Les demandes d'information sans dossier n'en sont pas."
                    ),
                    rows=(_("Nouvelles saisines"),),
                ),
                Definition(
                    _("Situations traitées"),
                    _(
                        "Dossiers saisis au plus tard le dernier jour et non clos avant le "
                        "premier jour : les nouvelles saisines et les situations reportées, "
                        "saisies avant la période et encore ouvertes à son premier jour. Un "
                        "dossier clos pendant la période en fait partie."
                    ),
                    rows=(
                        _("Situations traitées (dont reportées de la période précédente)"),
                        _("Situations reportées de la période précédente"),
                    ),
                ),
                Definition(
                    _("Situations closes"),
                    _(
                        "Dossiers dont la date de clôture tombe dans la période, quelle que soit "
                        "leur date de saisine."
                    ),
                    rows=(_("Situations closes"),),
                ),
                Definition(
                    _("Personnes et foyers concernés"),
                    _(
                        "Parties (demandeurs, autres parties, autres participants) et foyers "
                        "enregistrés dans les situations traitées, pas seulement dans les "
                        "nouvelles saisines : une situation reportée concerne ses parties cette "
                        "année encore. Une personne partie à deux dossiers compte deux fois. "
                        "Autres parties : les parties au rôle « autre partie »."
                    ),
                    rows=(
                        _("Personnes concernées (toutes parties)"),
                        _("Autres parties concernées"),
                        _("Foyers concernés"),
                    ),
                ),
                Definition(
                    _("Entretiens individuels tenus"),
                    _(
                        "Entretiens marqués « tenu » dont la date tombe dans la période, dans les "
                        "dossiers du périmètre quel que soit leur état, comptés selon la partie "
                        "reçue. Les absences et les entretiens seulement prévus ne comptent pas."
                    ),
                    rows=(
                        _("Entretiens individuels tenus"),
                        _("… avec le demandeur"),
                        _("… avec l'autre partie"),
                    ),
                ),
                Definition(
                    _("Rencontres et navette"),
                    _(
                        "Rencontres de médiation réunissant les parties, et échanges d'une "
                        "médiation navette, marqués « tenus » et datés dans la période ; une "
                        "situation peut en compter plusieurs. Les rencontres annulées ou "
                        "seulement prévues ne comptent pas."
                    ),
                    rows=(_("Rencontres de médiation tenues"), _("Échanges de navette")),
                ),
                Definition(
                    _("Demandes d'information"),
                    _(
                        "Contacts sans dossier reçus pendant la période. Elles ne portent qu'une "
                        "commune et une origine : un périmètre par quartier, prescripteur ou "
                        "bailleur ne peut pas les compter."
                    ),
                    rows=(_("Demandes d'information (sans dossier)"),),
                ),
            ],
        ),
        (
            _("Processus et résultats"),
            [
                Definition(
                    _("Acceptation de l'autre partie"),
                    _(
                        "Parmi les dossiers clos pendant la période dont l'autre partie a "
                        "répondu, part de ceux où elle a accepté. A accepté : un entretien a été "
                        "tenu avec elle, ou une prise de contact « accepte un entretien » est "
                        "enregistrée et le dossier n'a été clos ni sur « refus de l'autre "
                        "partie » ni sur « autre partie injoignable ». A refusé : sinon, une "
                        "prise de contact « refuse la médiation » ou une clôture « refus de "
                        "l'autre partie ». Une acceptation restée sans suite (l'autre partie "
                        "devenue injoignable avant tout entretien) compte comme une absence de "
                        "réponse : ni au numérateur ni au dénominateur."
                    ),
                    rows=(_("Acceptation de l'autre partie (parmi celles qui ont répondu)"),),
                ),
                Definition(
                    _("Accords"),
                    _(
                        "Clôtures « accord total » et « accord partiel » pendant la période, "
                        "rapportées aux dossiers clos après une rencontre ou une navette (étape "
                        "atteinte « rencontre ou navette menée » ou « suivi réalisé »), puis à "
                        "tous les dossiers clos pendant la période."
                    ),
                    rows=(
                        _("Accord, parmi les dossiers clos après rencontre"),
                        _("Accord, parmi tous les dossiers clos"),
                    ),
                ),
                Definition(
                    _("Issues des situations closes"),
                    _(
                        "Dossiers clos pendant la période, par motif de clôture : celui choisi à "
                        "la clôture."
                    ),
                    rows=(closures_title(),),
                ),
                Definition(
                    _("Étape atteinte"),
                    _(
                        "Pour les dossiers clos pendant la période, l'étape la plus avancée du "
                        "processus, calculée à la clôture à partir des événements enregistrés "
                        "(entretien tenu, prise de contact, rencontre, suivi) ; chaque ligne "
                        "compte les dossiers arrivés au moins jusque-là."
                    ),
                    rows=(_("Étape atteinte par les situations closes"),),
                ),
                Definition(
                    _("Délais"),
                    _(
                        "Pour les dossiers clos pendant la période, jours calendaires de la date "
                        "de saisine au jour (heure de Paris) du premier entretien tenu, de la "
                        "première rencontre de médiation tenue (pas un échange de navette) et à "
                        "la date de clôture, jours de suspension déduits : tous ceux du dossier "
                        "pour la clôture, ceux d'avant l'entretien ou la rencontre pour ces "
                        "délais-là. Chaque délai ne compte que les dossiers qui ont eu "
                        "l'événement. Médiane et quartiles par la méthode inclusive (fonction "
                        "QUARTILE.INCLURE des tableurs)."
                    ),
                    rows=(
                        _("De la saisine au premier entretien"),
                        _("De la saisine à la rencontre de médiation"),
                        _("De la saisine à la clôture"),
                    ),
                ),
                Definition(
                    _("Suivis"),
                    _(
                        "Suivis réalisés pendant la période (date de réalisation), par résultat, "
                        "quelle que soit la date de clôture du dossier."
                    ),
                    rows=(_("Suivis réalisés sur la période"),),
                ),
                *(Definition(*entry) for entry in referral_delay_tables.definitions()),
            ],
        ),
        (
            _("Répartitions des nouvelles saisines"),
            [
                Definition(
                    breakdown_title(dimension),
                    _("Dossiers saisis pendant la période, chacun sur une seule ligne. %(rule)s")
                    % {"rule": rule},
                    rows=(breakdown_title(dimension),),
                )
                for dimension, rule in DIMENSION_RULES.items()
            ],
        ),
        (
            _("Permanences et bénévolat"),
            [
                Definition(
                    _("Séances tenues"),
                    _(
                        "Séances de permanence non annulées, commencées dans la période (heure "
                        "de Paris) et terminées quand le bilan est établi, dans les lieux du "
                        "périmètre. Une convention compte les séances des communes et quartiers "
                        "qu'elle nomme, quand elle finance la médiation de voisinage ou les "
                        "permanences ; aucune quand ses règles portent sur l'origine, le "
                        "prescripteur ou le bailleur, une séance n'étant rattachée qu'à un lieu. "
                        "Créneaux : ceux de la durée prévue par la permanence dans chaque séance ; "
                        "heures : la durée des séances."
                    ),
                    rows=(_("Séances tenues"), _("Créneaux offerts")),
                ),
                Definition(
                    _("Rendez-vous et passages"),
                    _(
                        "Aux séances tenues : rendez-vous pris (venus, absents ou encore "
                        "attendus ; un rendez-vous annulé libère son créneau et ne compte pas), "
                        "personnes venues, absences, passages sans rendez-vous, et personnes "
                        "informées sans ouvrir de dossier (le nombre noté à la séance)."
                    ),
                    rows=(
                        _("Rendez-vous pris"),
                        _("Personnes venues sur rendez-vous"),
                        _("Absences au rendez-vous"),
                        _("Passages sans rendez-vous"),
                        _("Personnes informées sans dossier"),
                    ),
                ),
                Definition(
                    _("Remplissage et absences"),
                    _(
                        "Remplissage : rendez-vous pris sur créneaux offerts. Absences : absents "
                        "sur venus et absents. Les passages sans rendez-vous n'entrent dans "
                        "aucun des deux."
                    ),
                    rows=(
                        _("Remplissage des créneaux de permanence"),
                        _("Absences aux rendez-vous de permanence"),
                    ),
                ),
                Definition(*booking_no_shows.definition()),
                Definition(
                    _("Médiateurs bénévoles actifs"),
                    _(
                        "Personnes au rôle « médiateur·rice » présentes à au moins un entretien "
                        "ou une rencontre tenus pendant la période dans un dossier du périmètre, "
                        "ou de permanence à une séance comptée : celles dont viennent les heures "
                        "de bénévolat. Être assigné à un dossier sans y avoir rien tenu dans la "
                        "période ne suffit pas."
                    ),
                    rows=(_("Médiateurs bénévoles actifs"),),
                ),
                Definition(
                    _("Heures de bénévolat"),
                    _(
                        "Durées saisies des entretiens et rencontres tenus pendant la période dans "
                        "les dossiers du périmètre, comptées une fois par médiateur bénévole "
                        "présent (la coordination et les salariés ne comptent pas), et durée des "
                        "séances de permanence comptées au tableau « Permanences », une fois par "
                        "bénévole de permanence : pour une convention qui ne peut pas compter de "
                        "séance, aucune heure de permanence. La valorisation multiplie ces heures "
                        "par la valeur d'une heure choisie par le service (par défaut, le SMIC "
                        "horaire brut)."
                    ),
                    rows=(
                        _("Heures de bénévolat"),
                        _("Valeur d'une heure (€)"),
                        _("Valorisation (€)"),
                    ),
                ),
            ],
        ),
        (
            _("Médiation de terrain"),
            [
                Definition(
                    _("Tournées tenues"),
                    _(
                        "Tournées non annulées des équipes de terrain, comptées dans la période "
                        "de la soirée où elles commencent (une tournée de 22 h à 6 h appartient à "
                        "sa soirée) et une fois terminées. Leurs heures sont leur durée réelle, "
                        "heure d'hiver ou d'été comprise : 7 ou 9 heures la nuit d'un changement "
                        "d'heure. Elles ne sont pas données quand les tournées sont moins de 5."
                    ),
                    rows=(_("Tournées tenues"),),
                ),
                Definition(
                    _("Interventions de terrain"),
                    _(
                        "Interventions saisies pendant une tournée non annulée, par leur heure "
                        "(à l'heure de Paris) ; les personnes rencontrées sont la somme des "
                        "effectifs par tranche d'âge et de sexe, jamais des noms ; un appel "
                        "reçu est une intervention à l'initiative d'un·e habitant·e. Un "
                        "territoire retient les interventions de ses communes et quartiers ; une "
                        "convention, celles de ses règles territoriales (résidences de ses "
                        "bailleurs, quartiers, communes) si elle finance la médiation de terrain."
                    ),
                    rows=(
                        _("Interventions"),
                        _("Personnes rencontrées"),
                        _("Appels reçus"),
                        _("Interventions appelant une suite"),
                        *(str(title) for title, _heading in FIELD_BREAKDOWNS.values()),
                    ),
                ),
                Definition(
                    _("Orientations vers un partenaire"),
                    _(
                        "Mises en relation d'une personne rencontrée par une équipe de terrain "
                        "avec un partenaire du service, avec son accord, par motif ; comptées à "
                        "la date de l'orientation, qu'elle soit proposée, acceptée par la "
                        "personne ou que le contact soit pris. Elles partent d'une intervention "
                        "d'une tournée non annulée, retenue par le territoire ou la convention "
                        "comme les interventions. Le résultat « Orienté vers un partenaire » "
                        "d'une intervention, choisi à la saisie, se compte à part."
                    ),
                    rows=(ORIENTATIONS_TITLE,),
                ),
                Definition(
                    _("Signalements techniques"),
                    _(
                        "Signalements envoyés par les équipes de terrain pendant la période, par "
                        "catégorie et par destinataire (le bailleur de la résidence, sinon le "
                        "partenaire de l'espace public). Pris en compte, résolus : ceux d'entre "
                        "eux que le destinataire avait pris en compte, ou dits résolus, à la fin "
                        "de la période ; un signalement résolu d'emblée est pris en compte au même "
                        "instant. Délais en heures, de l'envoi à chaque étape, pour les "
                        "signalements qui l'ont atteinte : médiane et 90e centile par la méthode "
                        "inclusive (fonction CENTILE.INCLURE des tableurs). Une convention de "
                        "bailleur compte les signalements adressés à ses bailleurs ; un "
                        "territoire, ceux de ses communes et quartiers."
                    ),
                    rows=(
                        _("Signalements techniques par catégorie"),
                        _("Signalements techniques par destinataire"),
                    ),
                ),
            ],
        ),
        outreach_tables.definitions(Definition),
        collective_figures.definitions(Definition),
    ]
