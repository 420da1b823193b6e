"""The tables of the answers to requests and their delays (``referral_delays`` counts them): in
the dashboard and the funder reports (``report.activity_tables``), their definitions, and the
aggregate a partner reads on its portal, small counts hidden (docs/adr/0020).

The two tables are one document with the others: each count carries the key of what it counts
and the relations that tie the steps of a row (contacted, decided and closed among the received…),
and the walk-ins are the same quantity as under « Canal du premier contact », so that disclosure
control hides them together.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.organisations.models import Role
from palabre.reports.referral_delays import Channel, ChannelCounts, compute
from palabre.reports.scope import Scope
from palabre.reports.suppression import suppress
from palabre.reports.tables import Relation, Table, at_most, total_of

# --- Tables --------------------------------------------------------------------------------------

ANSWERS_TITLE = gettext_lazy("Orientations et demandes reçues : réponses")
DELAYS_TITLE = gettext_lazy("Délais de réponse aux orientations et demandes, en jours")
NOW = "@now"
ANSWER_COLUMNS = {
    1: ".received@now",
    2: ".contacted@now",
    3: ".decided@now",
    4: ".lapsed@now",
    5: ".due@now",
    6: ".in_time@now",
}
DELAY_COLUMNS = {1: ".contacted@now", 4: ".decided@now"}


def _key(code: str) -> str:
    return f"referrals.{code}" if code else "referrals"


def _relations(code: str) -> list[Relation]:
    """The steps nest in each row: contacted, decided and closed among the received, closed
    only once the first deadline passed, in time among the due and among the answered."""
    k = lambda name: f"{_key(code)}.{name}{NOW}"  # noqa: E731
    if code == Channel.WALK_IN:  # one quantity five times: the walk-ins of « Canal »
        same = [k(name) for name in ("contacted", "decided", "due", "in_time")]
        return [
            total_of(k("received"), [f"channel.{codes.Channel.PERMANENCE_WALK_IN}{NOW}"]),
            *(total_of(key, [k("received")]) for key in same),
        ]
    return [
        at_most(k("contacted"), k("received")),
        Relation(((k("decided"), 1), (k("lapsed"), 1), (k("received"), -1)), equal=False),
        at_most(k("due"), k("received")),
        at_most(k("lapsed"), k("due")),
        at_most(k("in_time"), k("due")),
        Relation(((k("in_time"), 1), (k("contacted"), -1), (k("decided"), -1)), equal=False),
    ]


def _answers_row(label, row: ChannelCounts) -> list:
    share = row.in_time / row.due if row.due else None
    return [
        str(label),
        row.received,
        row.contacted,
        row.decided,
        row.lapsed,
        row.due,
        row.in_time,
        share,
    ]


def _delays_row(label, row: ChannelCounts) -> list:
    return [
        str(label),
        row.to_contact.n,
        row.to_contact.median,
        row.to_contact.p90,
        row.to_decision.n,
        row.to_decision.median,
        row.to_decision.p90,
    ]


ANSWER_HEADINGS = [
    gettext_lazy("Reçues"),
    gettext_lazy("Premier contact tenté"),
    gettext_lazy("Décision prise"),
    gettext_lazy("Closes sans réponse"),
    gettext_lazy("Premier délai échu"),
    gettext_lazy("Répondues dans le délai"),
    gettext_lazy("Part dans le délai"),
]
DELAY_HEADINGS = [
    gettext_lazy("Premier contact tenté"),
    gettext_lazy("Premier contact : médiane"),
    gettext_lazy("Premier contact : 90e centile"),
    gettext_lazy("Décision prise"),
    gettext_lazy("Décision : médiane"),
    gettext_lazy("Décision : 90e centile"),
]


def tables(delays: dict) -> list[Table]:
    """The two tables of the reports: answers by way in, and delays by way in, each ending on
    its total. Rows follow ``Channel``'s order, never the counts."""
    rows = [*delays["channels"], delays["total"]]
    keys = [_key(row.code) for row in rows]
    relations = [r for row in rows for r in _relations(row.code)]
    heading = _("Arrivée par")
    answers = Table(
        title=str(ANSWERS_TITLE),
        headings=[heading, *(str(h) for h in ANSWER_HEADINGS)],
        rows=[_answers_row(row.label, row) for row in rows],
        count_columns=[1, 2, 3, 4, 5, 6],
        has_total=True,
        depends_on={7: (6, 5)},
        percent_columns=[7],
        note=_(
            "Orientations des partenaires et demandes en ligne reçues pendant la période, et "
            "passages sans rendez-vous en permanence ; étapes atteintes à la fin de la période. "
            "Dans le délai : premier contact tenté ou décision avant la première échéance."
        ),
        row_keys=keys,
        column_keys=dict(ANSWER_COLUMNS),
        relations=relations,
    )
    delays_table = Table(
        title=str(DELAYS_TITLE),
        headings=[heading, *(str(h) for h in DELAY_HEADINGS)],
        rows=[_delays_row(row.label, row) for row in rows],
        count_columns=[1, 4],
        has_total=True,
        depends_on={2: 1, 3: 1, 5: 4, 6: 4},
        note=_("Jours calendaires depuis la réception, pour les demandes arrivées à l'étape."),
        row_keys=keys,
        column_keys=dict(DELAY_COLUMNS),
    )
    return [answers, delays_table]


def portal_tables(delays: dict) -> list[Table]:
    """A partner's own figures, one row each, for its portal (suppressed before they show)."""
    label = _("Vos orientations")
    total = delays["total"]
    answers, delays_table = tables({"channels": [], "total": total})
    for table, row in (
        (answers, _answers_row(label, total)),
        (delays_table, _delays_row(label, total)),
    ):
        table.rows = [row]
        table.has_total = False
    answers.note = _(
        "Étapes atteintes à ce jour. Dans le délai : premier contact tenté ou décision avant la "
        "première échéance du service."
    )
    return [answers, delays_table]


def definitions() -> list[tuple[str, str, tuple]]:
    """(label, text, rows) of each definition, for the definitions page (``report``)."""
    return [
        (
            _("Orientations et demandes : réponses et délais"),
            _(
                "Orientations des partenaires et demandes en ligne des habitant·es reçues pendant "
                "la période, par voie d'arrivée : police, bailleur social, ville ou commune, autre "
                "partenaire (selon le type du partenaire qui oriente), demande en ligne ; et, pour "
                "comparer, les dossiers ouverts lors d'un passage sans rendez-vous en permanence, "
                "reçus sur place (0 jour). Premier contact tenté : la première tentative de "
                "joindre la personne enregistrée sur l'orientation, qu'elle ait répondu ou non. "
                "Décision : acceptée, non retenue ou réorientée ; une orientation restée sans "
                "décision à sa limite est close « sans réponse dans le délai » et comptée à part. "
                "Les étapes comptent si elles ont eu lieu avant la fin de la période. Répondues "
                "dans le délai : premier contact tenté ou décision avant la première échéance "
                "donnée à l'arrivée (délai du service à ce moment-là, 10 jours par défaut), "
                "parmi celles dont cette échéance est passée ou qui ont eu une réponse. Délais en "
                "jours calendaires depuis le jour de réception : médiane et 90e centile par la "
                "méthode inclusive (fonction CENTILE.INCLURE des tableurs). Un territoire retient "
                "les orientations de ses communes ; une convention, celles que ses règles "
                "désignent (communes, origines, prescripteurs, bailleurs : celles qu'ils ont "
                "envoyées) ; une orientation ne portant pas de quartier, un périmètre par "
                "quartier n'en compte aucune."
            ),
            (str(ANSWERS_TITLE), str(DELAYS_TITLE)),
        )
    ]


# --- The partner's portal -------------------------------------------------------------------------

PORTAL_DAYS = 365


def portal_panel(membership, partner):
    """« Délais de réponse » on a partner's portal: its own referrals of the last twelve months,
    as an aggregate, small counts hidden like any document that leaves the service."""
    if membership is None or membership.role != Role.PARTNER or partner is None:
        return None
    today = timezone.localdate()
    start = today - dt.timedelta(days=PORTAL_DAYS - 1)
    scope = Scope.of_service(membership.organisation, start, today)
    delays = compute(scope, partner=partner)
    return {
        "template": "reports/_referral_delays_panel.html",
        "tables": suppress(portal_tables(delays)),
        "start": start,
        "end": today,
    }
