"""Collective mediation's figures (docs/adr/0035): cases handled in groups of parties, their
groups, and the people who came to their meetings, for any scope the other indicators take.

- A collective case counts like any case: *treated* when open at some moment of the period,
  *new* when opened in it, *closed* when closed in it (``cases.models``' period conditions).
- Groups are those of the collective cases treated in the period.
- Meetings count when held in the period (their own moment, Paris time) on a collective case of
  the scope; their participants are the sum of the attendance recorded per group (the meeting's
  participants count), a meeting without attendance adding none.
- A convention counts collective mediation when it funds it (no activity listed, or
  « médiation collective »), on the cases its scope rules attach; a convention that funds other
  activities only has no such figures (None).

Only codes, dates and counts are read: never a group's name or description, nor a commitment's
wording.
"""

import datetime as dt

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.cases.models import (
    Case,
    CollectiveMediation,
    Meeting,
    PartyGroup,
    closed_in,
    opened_in,
    treated_in,
)
from palabre.partners.models import Activity
from palabre.reports.counting import breakdown, choice_label
from palabre.reports.tables import Table, at_most

NOW = "@now"
TITLE = gettext_lazy("Médiation collective")
DIMENSIONS_TITLE = gettext_lazy("Médiations collectives traitées par dimension")


def funds_collective(convention) -> bool:
    activities = convention.scope_activities or []
    return not activities or Activity.COLLECTIVE_MEDIATION in activities


def _cases(scope):
    """The collective cases of the scope, whatever their dates; None when it cannot have any."""
    convention = scope.convention
    if convention is None:
        cases = Case.objects.filter(organisation_id__in=scope.organisations)
    elif funds_collective(convention):
        cases = Case.objects.by_scope_rules(convention)
    else:
        return None
    if scope.communes:
        cases = cases.filter(commune_id__in=scope.communes)
    if scope.quartiers:
        cases = cases.filter(quartier_id__in=scope.quartiers)
    return cases.filter(collective__isnull=False)


def compute(scope, now=None) -> dict | None:
    """None for a service that never handled a collective case, or a convention that does not
    fund collective mediation."""
    if not CollectiveMediation.objects.filter(organisation_id__in=scope.organisations).exists():
        return None
    cases = _cases(scope)
    if cases is None:
        return None
    treated = cases.filter(treated_in(scope.start, scope.end))
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    meetings = Meeting.objects.filter(
        case__in=cases.values("pk"),
        status=codes.AppointmentStatus.HELD,
        scheduled_at__gte=start,
        scheduled_at__lt=end,
    )
    return {
        "treated": treated.count(),
        "new": cases.filter(opened_in(scope.start, scope.end)).count(),
        "closed": cases.filter(closed_in(scope.start, scope.end)).count(),
        "groups": PartyGroup.objects.filter(case__in=treated.values("pk")).count(),
        "meetings": meetings.count(),
        "participants": meetings.aggregate(n=Sum("participants_count"))["n"] or 0,
        "dimension": breakdown(
            CollectiveMediation.objects.filter(case__in=treated.values("pk"))
            .values_list("dimension")
            .annotate(n=Count("pk"))
            .order_by(),
            choice_label(codes.CollectiveDimension),
        ),
    }


ROWS = (
    ("treated", gettext_lazy("Médiations collectives traitées")),
    ("new", gettext_lazy("dont nouvelles dans la période")),
    ("closed", gettext_lazy("Médiations collectives closes")),
    ("groups", gettext_lazy("Groupes de parties des médiations traitées")),
    ("meetings", gettext_lazy("Rencontres collectives tenues")),
    ("participants", gettext_lazy("Participants aux rencontres collectives")),
)


def tables(collective: dict) -> list[Table]:
    key = Table(
        title=str(TITLE),
        headings=[_("Indicateur"), _("Nombre")],
        rows=[[str(label), collective[name]] for name, label in ROWS],
        count_columns=[1],
        row_keys=[f"collective.{name}" for name, _label in ROWS],
        column_keys={1: NOW},
        relations=[
            at_most(f"collective.new{NOW}", f"collective.treated{NOW}"),
            at_most(f"collective.closed{NOW}", f"collective.treated{NOW}"),
        ],
        note=_("Participants : somme des présences notées par groupe aux rencontres tenues."),
    )
    rows = [[label, n] for _code, label, n in collective["dimension"].rows]
    by_dimension = Table(
        title=str(DIMENSIONS_TITLE),
        headings=[_("Dimension"), _("Médiations")],
        rows=rows + [[_("Total"), collective["treated"]]],
        count_columns=[1],
        has_total=True,
        row_keys=[""] * len(rows) + ["collective.treated"],
        column_keys={1: NOW},
    )
    return [key, by_dimension]


def definitions(definition) -> tuple[str, list]:
    """The section of the definitions page; ``definition`` is ``report.Definition``."""
    return (
        _("Médiation collective"),
        [
            definition(
                _("Médiations collectives"),
                _(
                    "Dossiers traités par groupes de parties (une cage d'escalier, une résidence, "
                    "un square). Traitées : ouvertes à un moment de la période ; nouvelles : "
                    "ouvertes dans la période ; closes : closes dans la période. Groupes : ceux "
                    "des médiations traitées. Une convention les compte quand elle finance la "
                    "médiation collective (aucune activité indiquée, ou « médiation collective »), "
                    "sur les dossiers de ses règles."
                ),
                rows=(
                    str(ROWS[0][1]),
                    str(ROWS[1][1]),
                    str(ROWS[2][1]),
                    str(ROWS[3][1]),
                    str(DIMENSIONS_TITLE),
                ),
            ),
            definition(
                _("Rencontres collectives et participants"),
                _(
                    "Rencontres tenues dans la période (heure de Paris) sur une médiation "
                    "collective ; participants : somme des présences notées par groupe, hors "
                    "médiateur·rices. Dans un document qui sort du service, un nombre de 1 à 4 "
                    "est masqué."
                ),
                rows=(str(ROWS[4][1]), str(ROWS[5][1])),
            ),
        ],
    )
