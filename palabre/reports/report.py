"""From figures to tables: the activity report as the page, the dashboard and every export show
it, with the year before beside it; and the definitions users read.

``activity_tables`` never suppresses: the service's own pages show every figure. Documents that
leave the service go through ``suppression.suppress`` first.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.reports.tables import Table

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
    """The report's tables; ``previous`` (the figures of the year before) adds a column."""
    now, before = period_label(figures.scope), previous and period_label(previous.scope)
    tables = [_key_figures(figures, previous, now, before), _rates(figures, previous)]
    tables += [_closures(figures), _funnel(figures), _delays(figures)]
    for dimension in dimensions or DIMENSIONS:
        tables.append(_breakdown_table(figures, dimension))
    if figures.process["follow_up_results"].total:
        tables.append(
            _share_table(
                _("Suivis réalisés sur la période"),
                _("Résultat du suivi"),
                _("Suivis"),
                figures.process["follow_up_results"],
            )
        )
    if figures.permanences is not None:
        tables.append(_permanences(figures.permanences))
    tables.append(_volunteers(figures.volunteers))
    return tables


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
    return Table(
        title=_("Chiffres clés"),
        headings=[_("Indicateur"), now] + ([before] if previous else []),
        rows=table_rows,
        count_columns=[1, 2] if previous else [1],
    )


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

    rows = []
    for label, section, key in rates:
        if section == "permanences" and figures.permanences is None:
            continue
        row = [label, *cells(figures, section, key)]
        if previous is not None:
            row += cells(previous, section, key)
        rows.append(row)
    headings = [_("Taux"), _("Nombre"), _("Sur"), _("Période")]
    count_columns, depends_on, percent = [1, 2], {3: (1, 2)}, [3]
    if previous is not None:
        headings += [_("Nombre, année précédente"), _("Sur, année précédente"),
                     _("Année précédente")]  # fmt: skip
        count_columns, depends_on, percent = [1, 2, 4, 5], {3: (1, 2), 6: (4, 5)}, [3, 6]
    return Table(
        title=_("Taux et résultats"),
        headings=headings,
        rows=rows,
        count_columns=count_columns,
        depends_on=depends_on,
        percent_columns=percent,
        note=_("Un taux n'est calculé que s'il a un dénominateur."),
    )


def _share_table(title, heading, count_heading, breakdown, note="") -> Table:
    total = breakdown.total
    rows = [[label, n, n / total if total else None] for _code, label, n in breakdown.rows]
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
    )


def closures_title() -> str:
    """The title of the closed cases by closure reason, as a table and as a chart."""
    return _("Issues des situations closes")


def _closures(figures) -> Table:
    return _share_table(
        closures_title(),
        _("Motif de clôture"),
        _("Situations"),
        figures.process["closure_reasons"],
    )


def _funnel(figures) -> Table:
    funnel = figures.process["funnel"]
    closed = funnel[0][2] if funnel else 0
    return Table(
        title=_("Étape atteinte par les situations closes"),
        headings=[_("Étape atteinte, au moins"), _("Situations"), _("Part des closes")],
        rows=[[label, n, n / closed if closed else None] for _code, label, n in funnel],
        count_columns=[1],
        depends_on={2: 1},
        percent_columns=[2],
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
    return Table(
        title=_("Délais, en jours (situations closes sur la période)"),
        headings=[_("Délai"), _("Situations"), _("Médiane"), _("1er quartile"), _("3e quartile")],
        rows=rows,
        count_columns=[1],
        depends_on={2: 1, 3: 1, 4: 1},
    )


def breakdown_title(dimension: str) -> str:
    """The title of the new cases broken down by ``dimension``, as a table and as a chart."""
    return _("Nouvelles saisines par %(dimension)s") % {
        "dimension": str(DIMENSIONS[dimension]).lower()
    }


def _breakdown_table(figures, dimension) -> Table:
    return _share_table(
        breakdown_title(dimension),
        str(DIMENSIONS[dimension]),
        _("Saisines"),
        figures.breakdowns[dimension],
    )


def _permanences(permanences) -> Table:
    rows = [
        [_("Séances tenues"), permanences["sessions"]],
        [_("Créneaux offerts"), permanences["slots"]],
        [_("Rendez-vous pris"), permanences["booked"]],
        [_("Personnes venues sur rendez-vous"), permanences["came"]],
        [_("Absences au rendez-vous"), permanences["no_show"]],
        [_("Passages sans rendez-vous"), permanences["walk_ins"]],
        [_("Personnes informées sans dossier"), permanences["informed"]],
    ]
    return Table(
        title=_("Permanences"),
        headings=[_("Indicateur"), _("Nombre")],
        rows=rows,
        count_columns=[1],
        note=_("%(hours)s heures de permanence dans %(venues)s lieu(x).")
        % {
            "hours": f"{permanences['hours']:.1f}".replace(".", ","),
            "venues": permanences["venues"],
        },
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
            "Durées saisies des entretiens et rencontres, une fois par bénévole présent, et "
            "durée des séances de permanence, une fois par bénévole de permanence."
        ),
    )


# --- Definitions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    label: str
    text: str


def definitions() -> list[tuple[str, list[Definition]]]:
    """What each figure counts, in the words the definitions page shows."""
    return [
        (
            _("Règles communes"),
            [
                Definition(
                    _("Période"),
                    _(
                        "Du premier au dernier jour inclus. Un événement compte dans la période "
                        "par sa propre date (saisine, entretien tenu, clôture…), à l'heure de "
                        "Paris."
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
                        "remplacé par « < 5 », ainsi que la cellule qui permettrait de le "
                        "retrouver par soustraction et les taux calculés à partir de lui."
                    ),
                ),
            ],
        ),
        (
            _("Volume et public"),
            [
                Definition(_("Nouvelles saisines"), _("Dossiers ouverts pendant la période.")),
                Definition(
                    _("Situations traitées"),
                    _(
                        "Dossiers ouverts au plus tard le dernier jour et non clos avant le "
                        "premier jour : les nouvelles saisines et celles reportées."
                    ),
                ),
                Definition(_("Situations closes"), _("Dossiers clos pendant la période.")),
                Definition(
                    _("Personnes et foyers concernés"),
                    _("Parties et foyers enregistrés dans les situations traitées."),
                ),
                Definition(
                    _("Entretiens et rencontres tenus"),
                    _(
                        "Entretiens individuels et rencontres de médiation marqués « tenu » "
                        "dont la date tombe dans la période ; les absences ne comptent pas."
                    ),
                ),
                Definition(
                    _("Demandes d'information"),
                    _(
                        "Contacts sans dossier reçus pendant la période. Elles ne portent qu'une "
                        "commune et une origine : un périmètre par quartier, prescripteur ou "
                        "bailleur ne peut pas les compter."
                    ),
                ),
            ],
        ),
        (
            _("Processus et résultats"),
            [
                Definition(
                    _("Acceptation de l'autre partie"),
                    _(
                        "Parmi les dossiers clos dont l'autre partie a répondu, part de ceux où "
                        "elle a accepté (prise de contact « accepte un entretien » ou entretien "
                        "tenu avec elle). A refusé : prise de contact « refuse » ou clôture "
                        "« refus de l'autre partie »."
                    ),
                ),
                Definition(
                    _("Étape atteinte"),
                    _(
                        "Pour les dossiers clos, l'étape la plus avancée du processus, calculée "
                        "à partir des événements enregistrés ; chaque ligne compte les dossiers "
                        "arrivés au moins jusque-là."
                    ),
                ),
                Definition(
                    _("Accords"),
                    _(
                        "Clôtures « accord total » et « accord partiel », rapportées aux dossiers "
                        "clos après une rencontre ou une navette, puis à tous les dossiers clos."
                    ),
                ),
                Definition(
                    _("Délais"),
                    _(
                        "Pour les dossiers clos pendant la période, jours calendaires de la "
                        "saisine au premier entretien tenu, à la première rencontre tenue et à "
                        "la clôture. Médiane et quartiles par la méthode inclusive (fonction "
                        "QUARTILE.INCLURE des tableurs)."
                    ),
                ),
                Definition(
                    _("Suivis"),
                    _("Suivis réalisés pendant la période, par résultat."),
                ),
            ],
        ),
        (
            _("Répartitions"),
            [
                Definition(
                    _("Nouvelles saisines par…"),
                    _(
                        "Commune, quartier, QPV, logement, bailleur, résidence, motif principal, "
                        "origine, canal et mois des dossiers ouverts pendant la période."
                    ),
                ),
            ],
        ),
        (
            _("Permanences et bénévolat"),
            [
                Definition(
                    _("Séances tenues"),
                    _(
                        "Séances non annulées, commencées dans la période et terminées. "
                        "Remplissage : rendez-vous pris (venus, absents ou encore attendus) sur "
                        "créneaux offerts. Absences : absents sur venus et absents."
                    ),
                ),
                Definition(
                    _("Heures de bénévolat"),
                    _(
                        "Durées saisies des entretiens et rencontres tenus, comptées une fois par "
                        "médiateur bénévole présent, et durée des séances de permanence, une fois "
                        "par bénévole de permanence. La valorisation multiplie ces heures par la "
                        "valeur d'une heure choisie par le service (par défaut, le SMIC horaire "
                        "brut)."
                    ),
                ),
            ],
        ),
    ]
