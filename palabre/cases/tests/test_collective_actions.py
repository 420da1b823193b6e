"""Collective mediation's verbs (docs/adr/0035): groups, a party's group, attendance per group
at a meeting held, commitments per group. Each refuses in French and writes nothing when the
case is not collective, closed, or the group, party or meeting is another case's."""

import pytest

from palabre.cases import actions, codes, collective_actions
from palabre.cases.actions import TransitionRefused
from palabre.cases.collective import CollectiveMediation, GroupAttendance, PartyGroup
from palabre.cases.models import Commitment, Meeting
from palabre.cases.tests.collective_support import (
    GROUP_A,
    GROUP_B,
    WORDING,
    collective_case,
    pin_clock,
    with_agreement,
)
from palabre.cases.tests.factories import CaseFactory
from palabre.core.models import JournalEntry


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch)


@pytest.fixture
def stairwell(service, coordinator):
    return collective_case(service, coordinator)


def _groups(case):
    return {g.name: g for g in case.party_groups.all()}


def test_a_collective_case_keeps_its_parties_in_groups(stairwell):
    groups = _groups(stairwell)
    assert stairwell.collective.dimension == codes.CollectiveDimension.CURATIVE
    assert sorted(p.last_name for p in groups[GROUP_A].parties.all()) == ["Le Gall", "Zqwvoisine"]
    assert [p.last_name for p in groups[GROUP_B].parties.all()] == ["Moreau"]
    assert groups[GROUP_A].estimated_size == 12
    # The same state machine: the meeting was held through the ordinary actions.
    assert stairwell.status == codes.Status.JOINT_MEETING_HELD


def test_the_journal_names_neither_groups_nor_people(stairwell):
    summaries = " ".join(
        JournalEntry.objects.filter(subject_id=stairwell.pk).values_list("summary", flat=True)
    )
    assert "Groupe ajouté" in summaries and "Médiation collective (curative)" in summaries
    assert "Zqw" not in summaries


def test_attendance_per_group_gives_the_meetings_participants(stairwell, coordinator):
    groups, meeting = _groups(stairwell), stairwell.meetings.get()
    a_parties = list(groups[GROUP_A].parties.all())
    collective_actions.record_attendance(
        case=stairwell,
        by=coordinator,
        meeting=meeting,
        rows=[(groups[GROUP_A], 9, a_parties), (groups[GROUP_B], 5, [])],
    )
    meeting.refresh_from_db()
    assert meeting.participants_count == 14
    rows = {a.group.name: a for a in meeting.attendances.all()}
    assert rows[GROUP_A].present_count == 9 and rows[GROUP_B].present_count == 5
    assert set(rows[GROUP_A].present_parties.all()) == set(a_parties)
    # Recorded again, it replaces the first count; a group nobody came from has no row.
    collective_actions.record_attendance(
        case=stairwell,
        by=coordinator,
        meeting=meeting,
        rows=[(groups[GROUP_A], 4, []), (groups[GROUP_B], 0, [])],
    )
    meeting.refresh_from_db()
    assert meeting.participants_count == 4
    assert [a.group.name for a in meeting.attendances.all()] == [GROUP_A]


def _snapshot(case):
    return (
        list(GroupAttendance.objects.values_list("meeting", "group", "present_count")),
        list(Meeting.objects.filter(case=case).values_list("participants_count", flat=True)),
        list(PartyGroup.objects.values_list("name", "description", "estimated_size")),
        list(case.parties.values_list("pk", "group")),
        list(Commitment.objects.values_list("category", "group", "wording")),
        JournalEntry.objects.count(),
    )


def _refused(case, verb, message, **kwargs):
    before = _snapshot(case)
    with pytest.raises(TransitionRefused) as refused:
        verb(case=case, **kwargs)
    assert message in refused.value.message
    assert _snapshot(case) == before


def test_attendance_refuses_a_party_of_another_group_or_more_ticked_than_counted(
    stairwell, coordinator
):
    groups, meeting = _groups(stairwell), stairwell.meetings.get()
    other = stairwell.other_parties()[0]
    _refused(
        stairwell,
        collective_actions.record_attendance,
        "n'appartient pas au groupe",
        by=coordinator,
        meeting=meeting,
        rows=[(groups[GROUP_A], 3, [other])],
    )
    _refused(
        stairwell,
        collective_actions.record_attendance,
        "plus petit que le nombre de personnes cochées",
        by=coordinator,
        meeting=meeting,
        rows=[(groups[GROUP_B], 0, [other])],
    )


def test_attendance_waits_for_the_meeting_to_be_held(stairwell, coordinator):
    second = actions.schedule_joint_meeting(
        case=stairwell, by=coordinator, scheduled_at=stairwell.meetings.get().scheduled_at
    )
    stairwell.refresh_from_db()
    _refused(
        stairwell,
        collective_actions.record_attendance,
        "une fois la rencontre tenue",
        by=coordinator,
        meeting=second,
        rows=[(_groups(stairwell)[GROUP_A], 2, [])],
    )


def test_a_group_commitment_goes_into_the_agreement(stairwell, coordinator):
    groups = _groups(stairwell)
    _refused(
        stairwell,
        collective_actions.add_group_commitment,
        "Enregistrez d'abord l'accord",
        by=coordinator,
        group=groups[GROUP_B],
        category=codes.CommitmentCategory.COMMON_AREA_RULES,
    )
    case = with_agreement(stairwell, coordinator)
    commitment = collective_actions.add_group_commitment(
        case=case,
        by=coordinator,
        group=groups[GROUP_B],
        category=codes.CommitmentCategory.COMMON_AREA_RULES,
        wording=f"  {WORDING} ",
    )
    assert commitment.agreement == case.agreement and commitment.wording == WORDING
    assert list(groups[GROUP_B].commitments.all()) == [commitment]


def test_a_group_name_is_unique_in_its_case(stairwell, coordinator):
    _refused(
        stairwell,
        collective_actions.save_group,
        "déjà un groupe de ce nom",
        by=coordinator,
        name=GROUP_A.upper(),
    )
    group = _groups(stairwell)[GROUP_B]
    renamed = collective_actions.save_group(
        case=stairwell, by=coordinator, name="Conseil  syndical", group=group
    )
    assert renamed.pk == group.pk and renamed.name == "Conseil syndical"


def test_nothing_crosses_from_one_case_to_another(stairwell, service, coordinator):
    other_case = collective_case(service, coordinator, held=False)
    foreign_group = _groups(other_case)[GROUP_A]
    party = stairwell.requester()
    _refused(
        stairwell,
        collective_actions.place_party,
        "n'appartient pas à ce dossier",
        by=coordinator,
        party=party,
        group=foreign_group,
    )
    _refused(
        other_case,
        collective_actions.place_party,
        "n'est pas une partie de ce dossier",
        by=coordinator,
        party=party,
        group=None,
    )
    _refused(
        other_case,
        collective_actions.record_attendance,
        "n'appartient pas à ce dossier",
        by=coordinator,
        meeting=stairwell.meetings.get(),
        rows=[],
    )


def test_a_case_not_collective_or_closed_refuses_every_verb(service, coordinator, stairwell):
    plain = CaseFactory(organisation=service, by=coordinator)
    _refused(
        plain,
        collective_actions.save_group,
        "pas traité en médiation collective",
        by=coordinator,
        name="Groupe",
    )
    actions.close(
        case=stairwell,
        by=coordinator,
        reason=codes.ClosureReason.REQUESTER_WITHDREW,
        closed_on=stairwell.opened_on,
    )
    stairwell.refresh_from_db()
    _refused(
        stairwell,
        collective_actions.save_group,
        "le dossier est clos",
        by=coordinator,
        name="Autre",
    )
    _refused(
        stairwell,
        collective_actions.mark_collective,
        "le dossier est clos",
        by=coordinator,
        dimension=codes.CollectiveDimension.PREVENTIVE,
    )
    assert CollectiveMediation.objects.get(case=stairwell).dimension == "CURATIVE"


def test_an_attendance_beyond_what_a_meeting_can_hold_is_refused(stairwell, coordinator):
    groups = _groups(stairwell)
    _refused(
        stairwell,
        collective_actions.record_attendance,
        "au plus 5000 présents",
        by=coordinator,
        meeting=stairwell.meetings.get(),
        rows=[(groups[GROUP_A], 2000, []), (groups[GROUP_B], 3001, [])],
    )
