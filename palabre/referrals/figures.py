"""The figures a convention asks for, over a period: referrals and their answers, cases in the
convention's scope by stage reached and by outcome. Counts only, computed from coded fields.

``suppress`` hides small counts (1 to 4 shown as « < 5 ») in figures that leave the service
(domain rule R9).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from palabre.cases import codes
from palabre.cases.models import Case
from palabre.partners.models import Convention
from palabre.referrals.models import Decision, DeclineReason, Referral

SMALL_CELL = 5


def shown(count: int, suppress: bool) -> str:
    if suppress and 0 < count < SMALL_CELL:
        return f"< {SMALL_CELL}"
    return str(count)


@dataclass
class ConventionFigures:
    convention: Convention
    start: dt.date
    end: dt.date
    referrals: dict = field(default_factory=dict)  # Decision → count
    declined_by_reason: list = field(default_factory=list)  # (label, count)
    cases_total: int = 0
    cases_open: int = 0
    cases_by_stage: list = field(default_factory=list)
    cases_by_outcome: list = field(default_factory=list)

    @property
    def referrals_total(self):
        return sum(self.referrals.values())

    def rows(self, suppress: bool):
        """The tables of the page and its exports, as (caption, heading, [(label, shown)])."""

        def cells(pairs):
            return [(label, shown(count, suppress)) for label, count in pairs]

        referral_lines = [
            (Decision(value).label, self.referrals.get(value, 0)) for value in Decision
        ]
        return [
            (
                "referrals",
                cells([(_("Orientations reçues"), self.referrals_total), *referral_lines]),
            ),
            ("declined", cells(self.declined_by_reason)),
            (
                "cases",
                cells(
                    [
                        (_("Dossiers ouverts dans la période"), self.cases_total),
                        (_("Encore en cours"), self.cases_open),
                    ]
                ),
            ),
            ("stages", cells(self.cases_by_stage)),
            ("outcomes", cells(self.cases_by_outcome)),
        ]


def referrers_of(convention: Convention):
    return {p.pk for p in convention.partners.all()} | {
        p.pk for p in convention.scope_referrers.all()
    }


def compute(convention: Convention, start: dt.date, end: dt.date) -> ConventionFigures:
    figures = ConventionFigures(convention=convention, start=start, end=end)
    referrals = (
        Referral.objects.of(convention.organisation_id)
        .received_between(start, end)
        .filter(partner__in=referrers_of(convention))
    )
    for row in referrals.values("decision").annotate(n=Count("id")):
        figures.referrals[row["decision"]] = row["n"]
    reasons = dict(
        referrals.filter(decision=Decision.DECLINED)
        .values_list("decline_reason")
        .annotate(n=Count("id"))
    )
    figures.declined_by_reason = [
        (label, reasons[value]) for value, label in DeclineReason.choices if reasons.get(value)
    ]
    cases = Case.objects.in_scope_of(convention).filter(opened_on__gte=start, opened_on__lte=end)
    by_stage = dict(cases.values_list("stage_reached").annotate(n=Count("id")))
    figures.cases_total = sum(by_stage.values())
    figures.cases_open = cases.open().count()
    figures.cases_by_stage = [
        (label, by_stage[value]) for value, label in codes.Stage.choices if by_stage.get(value)
    ]
    by_outcome = dict(cases.closed().values_list("closure_reason").annotate(n=Count("id")))
    figures.cases_by_outcome = [
        (label, by_outcome[value])
        for value, label in codes.ClosureReason.choices
        if by_outcome.get(value)
    ]
    return figures
