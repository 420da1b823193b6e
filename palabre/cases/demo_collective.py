"""Demo collective mediations (docs/adr/0035), built through the verbs like a real case: a
stairwell conflict in a landlord's residence, closed after an agreement that held, and the young
people and the residents of a square, agreement reached and follow-up due. Names are fiction."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from palabre.cases import actions, codes, collective_actions
from palabre.cases.models import Case
from palabre.core.models import Commune
from palabre.organisations.models import Membership, Role
from palabre.partners.models import Residence

C = codes
STAIRWELL = {
    "name": "Locataires de l'escalier B",
    "other": "Locataires de l'escalier C",
    "requester": ("Nadia", "Benhamou"),
    "other_party": ("Gérard", "Le Moal"),
    "members": [("Sylvie", "Tanguy", "A"), ("Karim", "Diallo", "B")],
}
SQUARE = {
    "name": "Jeunes du square",
    "other": "Habitants riverains",
    "requester": ("Odile", "Guérin"),
    "other_party": ("Yanis", "Morel"),
    "members": [("Lucas", "Perrin", "A"), ("Françoise", "Le Bris", "B")],
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _consents(case, by, day, party, *kinds):
    for kind in kinds:
        actions.record_consent(
            case=case, by=by, party=party, kind=kind, given_on=day, method=C.ConsentMethod.IN_PERSON
        )


def _open(organisation, by, story, opened_on, **place):
    case = actions.open_case(
        organisation=organisation,
        by=by,
        opened_on=opened_on,
        channel=C.Channel.PHONE,
        referral_source=place.pop("source"),
        requester_first_name=story["requester"][0],
        requester_last_name=story["requester"][1],
        other_party_first_name=story["other_party"][0],
        other_party_last_name=story["other_party"][1],
        **place,
    )
    return case


def _groups(case, by, story, dimension, sizes):
    collective_actions.mark_collective(case=case, by=by, dimension=dimension)
    group_a = collective_actions.save_group(
        case=case, by=by, name=story["name"], estimated_size=sizes[0]
    )
    group_b = collective_actions.save_group(
        case=case, by=by, name=story["other"], estimated_size=sizes[1]
    )
    groups = {"A": group_a, "B": group_b}
    placed = [(case.requester(), group_a), (case.other_parties()[0], group_b)]
    for first, last, key in story["members"]:
        party = actions.add_party(
            case=case,
            by=by,
            role=C.PartyRole.OTHER_PARTICIPANT,
            first_name=first,
            last_name=last,
        )
        placed.append((party, groups[key]))
    for party, group in placed:
        collective_actions.place_party(case=case, by=by, party=party, group=group)
    return groups


def _to_meeting(case, by, day, groups, counts):
    """Interviews with a person of each side, every consent, the meeting and its attendance."""
    requester, other = case.requester(), case.other_parties()[0]
    _consents(case, by, day, requester, C.ConsentKind.CONTACT_OTHER_PARTY)
    _consents(case, by, day, requester, C.ConsentKind.JOINT_MEETING)
    _consents(case, by, day, other, C.ConsentKind.JOINT_MEETING)
    for party, offset in ((requester, 0), (other, 7)):
        if party is other:
            actions.start_contacting_other_party(case=case, by=by)
        interview = actions.schedule_interview(
            case=case,
            by=by,
            party=party,
            scheduled_at=_at(day + dt.timedelta(days=offset), 18),
            channel=C.InterviewChannel.IN_PERSON_HOME,
        )
        actions.record_interview(interview=interview, by=by, held=True, duration_minutes=50)
    meeting = actions.schedule_joint_meeting(
        case=case, by=by, scheduled_at=_at(day + dt.timedelta(days=14), 18), place="Salle commune"
    )
    actions.record_joint_meeting(
        meeting=meeting,
        by=by,
        held=True,
        result=C.MeetingResult.AGREEMENT,
        duration_minutes=120,
    )
    rows = [(group, counts[key], list(group.parties.all())[:2]) for key, group in groups.items()]
    collective_actions.record_attendance(case=case, by=by, meeting=meeting, rows=rows)
    return meeting


def _agreement(case, by, day, groups, commitments):
    actions.record_agreement(
        case=case,
        by=by,
        reached_on=day,
        form=C.AgreementForm.WRITTEN_SIGNED,
        scope=C.AgreementScope.FULL,
    )
    case = Case.objects.get(pk=case.pk)
    for key, category, wording in commitments:
        collective_actions.add_group_commitment(
            case=case, by=by, group=groups[key], category=category, wording=wording
        )
    return case


def _stairwell(organisation, by, today, mediators):
    residence = Residence.objects.filter(organisation=organisation).order_by("name").first()
    opened = today - dt.timedelta(days=150)
    case = _open(
        organisation,
        by,
        STAIRWELL,
        opened,
        source=C.ReferralSource.SOCIAL_LANDLORD,
        primary_conflict=C.ConflictCategory.COMMON_AREAS,
        housing=C.Housing.SOCIAL_RENTAL,
        building_type=C.BuildingType.APARTMENT_BLOCK,
        landlord=residence.landlord if residence else None,
        referrer=residence.landlord if residence else None,
        residence=residence,
        commune=residence.commune if residence else None,
        quartier=residence.quartier if residence else None,
    )
    actions.qualify(case=case, by=by)
    actions.assign_mediators(case=case, by=by, mediators=mediators, assigned_on=opened)
    groups = _groups(case, by, STAIRWELL, C.CollectiveDimension.CURATIVE, (14, 11))
    _to_meeting(case, by, opened + dt.timedelta(days=10), groups, {"A": 9, "B": 6})
    case = _agreement(
        case,
        by,
        opened + dt.timedelta(days=25),
        groups,
        [
            ("A", C.CommitmentCategory.COMMON_AREA_RULES,
             "Les locataires de l'escalier B rangent poussettes et vélos au local prévu."),
            ("B", C.CommitmentCategory.REDUCE_NOISE_HOURS,
             "Les locataires de l'escalier C ne se réunissent plus dans le hall après 22 h."),
        ],
    )  # fmt: skip
    actions.schedule_follow_up(case=case, by=by, due_on=opened + dt.timedelta(days=60))
    actions.record_follow_up(
        case=case, by=by, done_on=opened + dt.timedelta(days=60), result=C.FollowUpResult.HOLDS
    )
    actions.close(
        case=case,
        by=by,
        reason=C.ClosureReason.AGREEMENT_FULL,
        closed_on=opened + dt.timedelta(days=62),
    )
    return case


def _square(organisation, by, today, mediators):
    opened = today - dt.timedelta(days=45)
    case = _open(
        organisation,
        by,
        SQUARE,
        opened,
        source=C.ReferralSource.SELF,
        primary_conflict=C.ConflictCategory.NOISE,
        commune=Commune.objects.of(organisation).order_by("name").first(),
    )
    actions.qualify(case=case, by=by)
    actions.assign_mediators(case=case, by=by, mediators=mediators, assigned_on=opened)
    groups = _groups(case, by, SQUARE, C.CollectiveDimension.PREVENTIVE, (15, 30))
    _to_meeting(case, by, opened + dt.timedelta(days=7), groups, {"A": 8, "B": 12})
    case = _agreement(
        case,
        by,
        opened + dt.timedelta(days=24),
        groups,
        [
            ("A", C.CommitmentCategory.REDUCE_NOISE_HOURS,
             "Les jeunes du square quittent le square à 22 h."),
            ("B", C.CommitmentCategory.TALK_DIRECTLY_FIRST,
             "Les habitants préviennent le médiateur avant d'appeler la police."),
        ],
    )  # fmt: skip
    actions.schedule_follow_up(case=case, by=by, due_on=today + dt.timedelta(days=10))
    return case


@transaction.atomic
def seed_collective(organisation, *, coordinator, today: dt.date) -> dict:
    """Builds the demo's two collective mediations; answers how many cases and groups."""
    mediators = list(
        Membership.objects.mediators_of(organisation)
        .filter(role=Role.MEDIATOR)
        .order_by("user__email")[:2]
    )
    if len(mediators) < 2:
        return {"cases": 0, "groups": 0}
    cases = [build(organisation, coordinator, today, mediators) for build in (_stairwell, _square)]
    return {"cases": len(cases), "groups": sum(case.party_groups.count() for case in cases)}
