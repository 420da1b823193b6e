"""The FDVA 1 summary of a service's volunteer trainings, checked against numbers counted by
hand."""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.training import actions, fdva
from palabre.training.tests.conftest import person

YEAR = 2026


@pytest.fixture
def volunteers(service):
    return [
        person(service, "board", "Anne", "Bénévole"),
        person(service, "board", "Bernard", "Bénévole"),
        person(service, "board", "Camille", "Bénévole"),
    ]


def test_the_fdva_summary_counts_hours_of_the_people_who_came(service, coordinator, volunteers):
    module = actions.create_module(
        organiser=service,
        by=coordinator,
        title="Accueil des bénévoles",
        objective="Connaître le projet associatif.",
        audience=["VOLUNTEERS"],
        duration_hours=Decimal("7"),
    )
    before = dt.date(YEAR, 3, 1)

    def session(day, fdva=True, **extra):
        return actions.create_session(
            module=module,
            by=coordinator,
            starts_on=day,
            ends_on=day,
            place="Local associatif",
            trainer="Marie Formatrice",
            capacity=10,
            fdva=fdva,
            fdva_objective="Accueillir et intégrer les nouveaux bénévoles.",
            **extra,
        )

    march = session(dt.date(YEAR, 3, 14))  # a Saturday: AM 3.5 h + PM 3.5 h
    june = session(dt.date(YEAR, 6, 6))
    not_fdva = session(dt.date(YEAR, 9, 12), fdva=False)
    last_year = session(dt.date(YEAR - 1, 11, 14))
    for s in (march, june, not_fdva, last_year):
        enrolments = [
            actions.enrol(session=s, person=v, by=coordinator, today=before.replace(year=YEAR - 1))
            for v in volunteers
        ]
        morning, afternoon = s.half_days.all()
        after = s.ends_on
        if s == march:
            # Anne both, Bernard the morning only, Camille absent: 7 + 3.5 = 10.5 h.
            actions.record_attendance(
                half_day=morning,
                by=coordinator,
                present=[e.pk for e in enrolments[:2]],
                today=after,
            )
            actions.record_attendance(
                half_day=afternoon, by=coordinator, present=[enrolments[0].pk], today=after
            )
            actions.record_evaluation(
                enrolment=enrolments[0], by=volunteers[0], score=5, useful=True
            )
            actions.record_evaluation(
                enrolment=enrolments[1], by=volunteers[1], score=4, useful=True
            )
        else:
            # Everyone both half-days: 3 × 7 = 21 h.
            for half_day in (morning, afternoon):
                actions.record_attendance(
                    half_day=half_day,
                    by=coordinator,
                    present=[e.pk for e in enrolments],
                    today=after,
                )

    result = fdva.summary(service, YEAR)
    assert [a.session for a in result.actions] == [march, june]
    first, second = result.actions
    assert first.objective == "Accueillir et intégrer les nouveaux bénévoles."
    assert (first.hours, first.participants, first.hours_participants) == (
        Decimal("7"),
        2,
        Decimal("10.5"),
    )
    assert first.average_score == Decimal("4.5") and first.evaluations == 2
    assert (second.participants, second.hours_participants) == (3, Decimal("21"))
    assert result.participants == 5
    assert result.hours_participants == Decimal("31.5")
