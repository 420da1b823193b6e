"""The *signalement exceptionnel* (R11): proposed with a coded reason and recipient, validated
or refused by another person of the coordination, its transmission dated; an urgent one is
transmitted first and reviewed after. Each step leaves a Journal line without the content."""

import pytest
from django.db import IntegrityError, transaction

from palabre.core.actions import Refused
from palabre.core.journal import entries_for
from palabre.privacy import safety_reports_actions as actions
from palabre.privacy.safety_reports import (
    SafetyDecision,
    SafetyReport,
    SafetyStatus,
    TransmissionChannel,
)
from palabre.privacy.tests import safety_support as support
from palabre.privacy.tests.safety_support import MARKER, at, propose, propose_urgent

clock = support.clock
team = support.team


def test_a_mediator_of_the_case_proposes_a_report_that_waits_for_the_coordination(team):
    report = propose(team)

    assert report.status == SafetyStatus.PROPOSED
    assert report.proposed_by == team["mediator"].user
    assert report.proposed_at == at(10)
    assert not report.urgent
    assert list(SafetyReport.objects.awaiting_decision()) == [report]


def test_another_coordinator_validates_then_the_transmission_is_dated(team, clock):
    report = propose(team)
    clock(at(10, 30))
    actions.validate_safety_report(report=report, by=team["coordinator"])
    clock(at(11))
    report = actions.record_transmission(
        report=report,
        by=team["mediator"],
        transmitted_at=at(10, 45),
        channel=TransmissionChannel.EMAIL,
    )

    assert report.status == SafetyStatus.TRANSMITTED
    assert report.decision == SafetyDecision.VALIDATED
    assert report.decided_by == team["coordinator"].user
    assert report.decided_at == at(10, 30)
    assert (report.transmitted_at, report.transmitted_by) == (at(10, 45), team["mediator"].user)
    assert list(SafetyReport.objects.awaiting_decision()) == []


def test_the_proposer_never_validates_their_own_report_even_as_coordinator(team):
    report = propose(team, by=team["coordinator"])

    with pytest.raises(Refused, match="une autre personne"):
        actions.validate_safety_report(report=report, by=team["coordinator"])
    report.refresh_from_db()
    assert report.status == SafetyStatus.PROPOSED
    actions.validate_safety_report(report=report, by=team["second"])


def test_the_database_refuses_a_decision_by_the_proposer_too(team):
    report = propose(team, by=team["coordinator"])
    report.decided_by = team["coordinator"].user
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


def test_a_mediator_cannot_validate_and_a_refusal_says_why(team):
    report = propose(team)
    with pytest.raises(Refused, match="coordination"):
        actions.validate_safety_report(report=report, by=team["pair"])
    with pytest.raises(Refused, match="motif du refus"):
        actions.refuse_safety_report(report=report, by=team["coordinator"], comment=" ")

    report = actions.refuse_safety_report(
        report=report, by=team["coordinator"], comment="Rien n'indique un danger."
    )
    assert report.status == SafetyStatus.REFUSED
    with pytest.raises(Refused, match="n'attend plus"):
        actions.validate_safety_report(report=report, by=team["second"])
    with pytest.raises(Refused, match="validé"):
        actions.record_transmission(
            report=report, by=team["mediator"], transmitted_at=at(10), channel="PHONE"
        )


def test_a_transmission_cannot_be_dated_in_the_future_nor_before_the_validation(team, clock):
    report = propose(team)
    clock(at(10, 30))
    actions.validate_safety_report(report=report, by=team["coordinator"])
    for moment, message in [(at(12), "futur"), (at(10, 15), "précéder")]:
        with pytest.raises(Refused, match=message):
            actions.record_transmission(
                report=report, by=team["mediator"], transmitted_at=moment, channel="PHONE"
            )
    report.refresh_from_db()
    assert report.status == SafetyStatus.VALIDATED


def test_an_urgent_report_is_transmitted_at_once_then_reviewed_by_someone_else(team, clock):
    report = propose_urgent(team)

    assert (report.status, report.urgent, report.awaits_review) == (
        SafetyStatus.TRANSMITTED,
        True,
        True,
    )
    assert report.transmitted_at == at(9, 40)
    assert list(SafetyReport.objects.awaiting_decision()) == [report]
    with pytest.raises(Refused, match="ce qui aurait pu"):
        actions.review_urgent_report(report=report, by=team["coordinator"], confirms=False)
    clock(at(14))
    report = actions.review_urgent_report(report=report, by=team["coordinator"], confirms=True)
    assert report.decision == SafetyDecision.CONFIRMED
    assert not report.awaits_review
    assert list(SafetyReport.objects.awaiting_decision()) == []


def test_an_urgent_report_says_when_and_how_it_was_made(team):
    with pytest.raises(Refused, match="quand et comment"):
        propose(team, urgent=True, transmitted_at=None, channel="")
    with pytest.raises(Refused, match="futur"):
        propose_urgent(team, transmitted_at=at(11))
    assert not SafetyReport.objects.exists()


def test_only_the_case_team_proposes_and_the_content_stays_minimal(team, member):
    with pytest.raises(Refused, match="équipe du dossier"):
        propose(team, by=member("mediator"))
    with pytest.raises(Refused, match="équipe du dossier"):
        propose(team, by=member("reception"))
    with pytest.raises(Refused, match="contenu minimal"):
        propose(team, content="   ")
    with pytest.raises(Refused, match="1500 caractères"):
        propose(team, content="x" * 1501)
    assert not SafetyReport.objects.exists()


def test_every_step_is_journaled_on_the_report_without_its_content(team, clock):
    report = propose(team)
    clock(at(10, 30))
    actions.validate_safety_report(report=report, by=team["coordinator"], comment="Fondé.")
    actions.record_transmission(
        report=report, by=team["coordinator"], transmitted_at=at(10, 30), channel="PHONE"
    )
    urgent = propose_urgent(team)
    actions.review_urgent_report(report=urgent, by=team["second"], confirms=True)

    entries = list(entries_for(report)) + list(entries_for(urgent))
    assert sorted(entry.verb for entry in entries) == [
        "safety_report_proposed",
        "safety_report_reviewed",
        "safety_report_transmitted",
        "safety_report_urgent",
        "safety_report_validated",
    ]
    assert all(MARKER not in entry.summary + str(entry.data) for entry in entries)
    assert all("Ille-et-Vilaine" not in entry.summary for entry in entries)
    assert "Cellule de recueil" in entries_for(report).get(verb="safety_report_proposed").summary
    # The case's own history (read by reception) says nothing of a report.
    assert not any("ignalement" in entry.summary for entry in entries_for(team["case"]))
