"""What the tests of the *signalement exceptionnel* share: a clock at Friday 11 December 2026,
10:00 in Rennes, a service whose case has a pair of mediators, two coordinators, and a marker in
the content of every report."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.cases import actions as case_actions
from palabre.cases.tests.factories import CaseFactory
from palabre.privacy import safety_reports_actions as actions
from palabre.privacy.safety_reports import SafetyReason, SafetyRecipient, TransmissionChannel

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 12, 11)
MARKER = "MARQUEUR-SIGNALEMENT-5R8T"


def at(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; starts on 11 December 2026 at 10:00."""
    state = {"now": at(10)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def team(service, member, clock):
    coordinator, second = member("coordinator"), member("coordinator")
    mediator, partner_in_pair = member("mediator"), member("mediator")
    case = CaseFactory(organisation=service, by=coordinator, opened_on=TODAY - dt.timedelta(30))
    case_actions.assign_mediators(case=case, by=coordinator, mediators=[mediator, partner_in_pair])
    return {
        "case": case,
        "coordinator": coordinator,
        "second": second,
        "mediator": mediator,
        "pair": partner_in_pair,
    }


def propose(team, by=None, **changes):
    arguments = {
        "case": team["case"],
        "by": by or team["mediator"],
        "reason": SafetyReason.CHILD_INTEREST,
        "recipient": SafetyRecipient.CRIP,
        "recipient_detail": "CRIP d'Ille-et-Vilaine",
        "content": f"Enfant de 6 ans seul la nuit au 3e étage, bâtiment B. {MARKER}",
        **changes,
    }
    return actions.propose_safety_report(**arguments)


def propose_urgent(team, by=None, **changes):
    arguments = {
        "reason": SafetyReason.PERSON_INTEGRITY,
        "recipient": SafetyRecipient.EMERGENCY,
        "urgent": True,
        "transmitted_at": at(9, 40),
        "channel": TransmissionChannel.PHONE,
        **changes,
    }
    return propose(team, by, **arguments)
