"""The FDVA 1 summary (formation des bénévoles) of an organiser for a year: one line per action —
its objective, dates, hours, the volunteers who attended — and the total of hours-participants.

A participant is an enrolled person present at one half-day at least. The hours-participants of
an action add up the hours each participant actually attended: when everyone came to every
half-day it is the session's hours × its participants, as the FDVA forms ask.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from palabre.training.attendance import presence
from palabre.training.models import Session


@dataclass
class Action:
    session: Session
    objective: str
    hours: Decimal
    participants: int
    hours_participants: Decimal
    evaluations: int
    average_score: Decimal | None


@dataclass
class Summary:
    year: int
    actions: list[Action] = field(default_factory=list)

    @property
    def participants(self) -> int:
        return sum(action.participants for action in self.actions)

    @property
    def hours_participants(self) -> Decimal:
        return sum((action.hours_participants for action in self.actions), Decimal(0))


def summary(organiser, year: int) -> Summary:
    sessions = (
        Session.objects.of(organiser)
        .planned()
        .filter(fdva=True, starts_on__gte=dt.date(year, 1, 1), starts_on__lte=dt.date(year, 12, 31))
        .select_related("module")
        .prefetch_related("half_days", "enrolments__attendances", "enrolments__evaluation")
        .order_by("starts_on")
    )
    result = Summary(year=year)
    for session in sessions:
        half_days = list(session.half_days.all())
        attended, scores = [], []
        for enrolment in session.enrolments.all():
            if enrolment.state != "ENROLLED":
                continue
            seen = presence(enrolment, half_days)
            if seen.present:
                attended.append(seen.hours)
            evaluation = getattr(enrolment, "evaluation", None)
            if evaluation is not None:
                scores.append(evaluation.score)
        result.actions.append(
            Action(
                session=session,
                objective=session.fdva_objective or session.module.objective,
                hours=sum((h.hours for h in half_days), Decimal(0)),
                participants=len(attended),
                hours_participants=sum(attended, Decimal(0)),
                evaluations=len(scores),
                average_score=(
                    (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"))
                    if scores
                    else None
                ),
            )
        )
    return result
