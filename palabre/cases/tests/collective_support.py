"""What the tests of collective mediation share: a stairwell case driven through the real
actions, with two groups, their parties, and a meeting held."""

import datetime as dt
import zoneinfo

from django.utils import timezone

from palabre.cases import actions, codes, collective_actions
from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory, MembershipFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# A Monday morning of December 2026: every test of collective mediation reads this clock.
NOW = dt.datetime(2026, 12, 7, 10, tzinfo=PARIS)
# Words no partner, board or network page may show (group names, a commitment's wording).
GROUP_A = "Zqwlocataires escalier B"
GROUP_B = "Zqwjeunes du square"
WORDING = "Zqwles jeunes quittent le square à 22 h"


def pin_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _ago(days):
    return NOW - dt.timedelta(days=days)


def _consents(case, by, party, *kinds):
    for kind in kinds:
        actions.record_consent(
            case=case,
            by=by,
            party=party,
            kind=kind,
            given_on=_ago(40).date(),
            method=codes.ConsentMethod.IN_PERSON,
        )


def collective_case(organisation, coordinator, *, held=True, mediators=None):
    """A collective (curative) case of ``organisation``: groups A and B, the requester and one
    more person in A, the other party in B; every consent recorded; a pair of mediators; the
    meeting held when ``held``, else just the groups at « Recevable, à planifier »."""
    case = CaseFactory(organisation=organisation, by=coordinator, opened_on=_ago(60).date())
    pair = mediators or [
        MembershipFactory(organisation=organisation, role="mediator") for _ in range(2)
    ]
    actions.assign_mediators(case=case, by=coordinator, mediators=pair, assigned_on=_ago(60).date())
    actions.qualify(case=case, by=coordinator)
    collective_actions.mark_collective(
        case=case, by=coordinator, dimension=codes.CollectiveDimension.CURATIVE
    )
    group_a = collective_actions.save_group(
        case=case, by=coordinator, name=GROUP_A, description="Habitants", estimated_size=12
    )
    group_b = collective_actions.save_group(case=case, by=coordinator, name=GROUP_B)
    extra = actions.add_party(
        case=case, by=coordinator, role=codes.PartyRole.OTHER_PARTICIPANT, last_name="Zqwvoisine"
    )
    requester, other = case.requester(), case.other_parties()[0]
    for party, group in ((requester, group_a), (extra, group_a), (other, group_b)):
        collective_actions.place_party(case=case, by=coordinator, party=party, group=group)
    if held:
        _to_meeting_held(case, coordinator, requester, other)
    return Case.objects.get(pk=case.pk)


def _to_meeting_held(case, by, requester, other):
    _consents(case, by, requester, codes.ConsentKind.CONTACT_OTHER_PARTY)
    for party in (requester, other):
        _consents(case, by, party, codes.ConsentKind.JOINT_MEETING)
    for party, days in ((requester, 50), (other, 45)):
        if party is other:
            actions.start_contacting_other_party(case=case, by=by)
        interview = actions.schedule_interview(
            case=case,
            by=by,
            party=party,
            scheduled_at=_ago(days),
            channel=codes.InterviewChannel.IN_PERSON_HOME,
        )
        actions.record_interview(interview=interview, by=by, held=True, duration_minutes=45)
    meeting = actions.schedule_joint_meeting(
        case=case, by=by, scheduled_at=_ago(30), place="Salle commune"
    )
    actions.record_joint_meeting(
        meeting=meeting,
        by=by,
        held=True,
        result=codes.MeetingResult.AGREEMENT,
        duration_minutes=120,
        participants_count=3,
    )


def with_agreement(case, by):
    actions.record_agreement(
        case=case,
        by=by,
        reached_on=_ago(29).date(),
        form=codes.AgreementForm.WRITTEN_SIGNED,
        scope=codes.AgreementScope.FULL,
    )
    return Case.objects.get(pk=case.pk)
