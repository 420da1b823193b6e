"""Absences at permanence appointments by who chose the slot (docs/adr/0026): the person, through
the link of an invitation, against a slot given by the service — a peer measured 11.2 % against
23.8 % — and, beside them, the slots booked online without an invitation and by a partner.

Counted among the appointments of the sessions the « Permanences » table counts
(``indicators.permanences``), once their visits are recorded: came or did not come. The table's
total row is that table's « Personnes venues sur rendez-vous » and « Absences au rendez-vous »,
the same quantities, so that disclosure control reads them together when the figures leave the
service (``suppression.suppress``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.permanences.models import BookingChannel
from palabre.reports.tables import Table, total_of

TITLE = gettext_lazy("Absences aux rendez-vous de permanence selon qui a choisi le créneau")
NOW = "@now"
# Rows in this order, never by count; the first two are the comparison that matters.
ROWS = [
    (BookingChannel.INVITATION, gettext_lazy("Choisi par la personne, sur invitation")),
    (BookingChannel.STAFF, gettext_lazy("Donné par le service")),
    (BookingChannel.PUBLIC, gettext_lazy("Réservé en ligne par la personne, sans invitation")),
    (BookingChannel.PARTNER, gettext_lazy("Pris par un partenaire")),
]
COLUMNS = {1: f".expected{NOW}", 2: f".came{NOW}", 3: f".no_show{NOW}"}


def _key(channel: str) -> str:
    return f"permanences.by_channel.{channel}" if channel else "permanences"


def rows(by_channel: dict) -> list[tuple[str, str, int, int]]:
    """``(channel, label, came, no_show)`` of each row, in ``ROWS`` order."""
    return [
        (channel, str(label), *(by_channel.get(channel, {}).get(k, 0) for k in ("came", "no_show")))
        for channel, label in ROWS
    ]


def table(permanences: dict) -> Table:
    """The comparison, ending on its total: the « Permanences » table's came and absent."""
    counted = rows(permanences.get("by_channel", {}))
    lines = [(label, came, no_show) for _channel, label, came, no_show in counted]
    lines.append((_("Total"), permanences["came"], permanences["no_show"]))
    keys = [_key(channel) for channel, *_rest in counted] + [_key("")]
    relations = [
        total_of(f"{key}.expected{NOW}", [f"{key}.came{NOW}", f"{key}.no_show{NOW}"])
        for key in keys
    ]
    return Table(
        title=str(TITLE),
        headings=[
            _("Créneau choisi"),
            _("Rendez-vous passés"),
            _("Personnes venues"),
            _("Absences"),
            _("Part d'absences"),
        ],
        rows=[
            [
                label,
                came + no_show,
                came,
                no_show,
                no_show / (came + no_show) if came + no_show else None,
            ]
            for label, came, no_show in lines
        ],
        count_columns=[1, 2, 3],
        has_total=True,
        depends_on={4: (3, 1)},
        percent_columns=[4],
        note=_(
            "Rendez-vous des séances tenues dont les passages sont saisis : personnes venues et "
            "absentes, selon qui a choisi le créneau. Les passages sans rendez-vous n'y sont pas."
        ),
        row_keys=keys,
        column_keys=dict(COLUMNS),
        relations=relations,
    )


def definition() -> tuple[str, str, tuple]:
    """(label, text, rows) of the definitions page."""
    return (
        _("Absences selon qui a choisi le créneau"),
        _(
            "Parmi les rendez-vous des séances tenues (tableau « Permanences ») dont les passages "
            "sont saisis, les personnes venues et absentes, selon qui a choisi le créneau : la "
            "personne elle-même, par le lien de l'invitation que le service lui a envoyée "
            "(courrier d'invitation à l'autre partie, message au demandeur) ; le service, qui "
            "a fixé le rendez-vous ; la personne, en réservant en ligne sans invitation ; un "
            "partenaire, pour la personne. Part d'absences : absents sur venus et absents. Le "
            "total est celui des personnes venues et des absences du tableau « Permanences »."
        ),
        (str(TITLE),),
    )
