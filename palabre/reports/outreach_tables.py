"""The outreach tables of the activity report (dashboard, funder report, exports) and their
definitions.

Actions and hours are the service's work: they are shown whole, even in a document that leaves
the service. Doors knocked, households met, people informed and contacts made concern people:
their small counts are hidden there like the other counts of people (``suppression``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases.codes import ConflictCategory
from palabre.outreach.codes import CoownershipTrend, OutreachKind
from palabre.reports.tables import Table

NOW = "@now"
TITLE = gettext_lazy("Aller-vers et animations de proximité")
KINDS_TITLE = gettext_lazy("Actions d'aller-vers tenues par type")
REACH_TITLE = gettext_lazy("Personnes touchées par l'aller-vers")
TOPICS_TITLE = gettext_lazy("Sujets abordés lors des actions d'aller-vers")
COOWNERSHIPS_TITLE = gettext_lazy("Suivi des copropriétés")


def _in_order(rows, order):
    positions = {code: index for index, code in enumerate(order.values)}
    return sorted(rows, key=lambda row: (positions.get(row[0], len(positions)), str(row[1])))


def tables(outreach: dict) -> list[Table]:
    held = outreach["held"]
    key = Table(
        title=str(TITLE),
        headings=[_("Indicateur"), _("Nombre")],
        rows=[
            [_("Actions d'aller-vers tenues"), held],
            [_("Heures d'aller-vers"), float(outreach["hours"])],
        ],
    )
    kinds = _in_order(outreach["kind"].rows, OutreachKind)
    by_kind = Table(
        title=str(KINDS_TITLE),
        headings=[_("Type d'action"), _("Actions")],
        rows=[[label, n] for _code, label, n in kinds] + [[_("Total"), held]],
        has_total=True,
    )
    reach_rows = [
        (_("Portes frappées"), "doors_knocked"),
        (_("Ménages rencontrés"), "households_met"),
        (_("Personnes informées"), "people_informed"),
        (_("Contacts pris"), "contacts_made"),
    ]
    reach = Table(
        title=str(REACH_TITLE),
        headings=[_("Indicateur"), _("Nombre")],
        rows=[[label, outreach[name]] for label, name in reach_rows],
        count_columns=[1],
        row_keys=[f"outreach.{name}" for _label, name in reach_rows],
        column_keys={1: NOW},
        note=_("Sommes des nombres notés aux résultats des actions tenues dans la période."),
    )
    topics = Table(
        title=str(TOPICS_TITLE),
        headings=[_("Sujet"), _("Actions")],
        rows=[
            [label, n] for _code, label, n in _in_order(outreach["topics"].rows, ConflictCategory)
        ],
        note=_("Une action compte une fois pour chaque sujet abordé."),
    )
    found = [key, by_kind, reach, topics]
    if outreach.get("coownerships"):
        found.append(_coownerships(outreach["coownerships"]))
    return found


def _coownerships(followed: dict) -> Table:
    trends = _in_order(followed["trend"].rows, CoownershipTrend)
    return Table(
        title=str(COOWNERSHIPS_TITLE),
        headings=[_("Indicateur"), _("Nombre")],
        rows=[
            [_("Copropriétés suivies"), followed["followed"]],
            [_("Actions de prévention tenues"), followed["prevention"]],
            [_("Heures de prévention"), float(followed["prevention_hours"])],
            [_("Points de suivi tenus"), followed["reviews"]],
            *[[_("Points de suivi : %s") % label, n] for _code, label, n in trends],
        ],
        note=_(
            "Copropriétés dont le suivi couvre une partie de la période ; actions de prévention : "
            "les actions d'aller-vers tenues dans ces copropriétés."
        ),
    )


def definitions(definition) -> tuple[str, list]:
    """The section of the definitions page; ``definition`` is ``report.Definition``."""
    return (
        _("Aller-vers et animations"),
        [
            definition(
                _("Actions d'aller-vers tenues"),
                _(
                    "Actions d'aller-vers (porte-à-porte, stands, forums, rencontres en bas "
                    "d'immeuble…) dont les résultats ont été notés, comptées dans la période du "
                    "jour où elles commencent (heure de Paris) ; les actions prévues ou annulées "
                    "ne comptent pas. Heures : celles notées aux résultats, toute l'équipe "
                    "ensemble. Un territoire retient les actions de ses communes et quartiers ; "
                    "une convention qui finance l'aller-vers, celles de ses règles territoriales "
                    "(résidences de ses bailleurs, quartiers, communes)."
                ),
                rows=(
                    _("Actions d'aller-vers tenues"),
                    _("Heures d'aller-vers"),
                    str(KINDS_TITLE),
                ),
            ),
            definition(
                _("Personnes touchées par l'aller-vers"),
                _(
                    "Sommes des portes frappées, ménages rencontrés, personnes informées et "
                    "contacts pris notés aux résultats des actions tenues ; une action sans ce "
                    "nombre n'ajoute rien. Dans un document qui sort du service, un nombre de 1 "
                    "à 4 est masqué."
                ),
                rows=(
                    _("Portes frappées"),
                    _("Ménages rencontrés"),
                    _("Personnes informées"),
                    _("Contacts pris"),
                ),
            ),
            definition(
                _("Sujets abordés"),
                _(
                    "Les motifs de conflit (liste des dossiers) abordés lors des actions tenues : "
                    "une action compte une fois par sujet."
                ),
                rows=(str(TOPICS_TITLE),),
            ),
            definition(
                _("Suivi des copropriétés"),
                _(
                    "Les copropriétés en difficulté que le service suit, dont le suivi couvre une "
                    "partie de la période (de la date de début à celle de clôture) ; pour une "
                    "convention, celles dont elle finance le suivi. Actions de prévention : les "
                    "actions d'aller-vers tenues rattachées à l'une de ces copropriétés (réunion "
                    "du conseil syndical, assemblée générale, information, médiation collective). "
                    "Points de suivi : ceux tenus dans la période, par évolution notée. Ces "
                    "nombres comptent des bâtiments et des actions, pas des personnes : ils ne "
                    "sont jamais masqués."
                ),
                rows=(str(COOWNERSHIPS_TITLE),),
            ),
        ],
    )
