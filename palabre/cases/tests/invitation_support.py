"""What the tests of invitations to book share: a case at the contact stage with the other party,
a private note planted in it, and the words no page of a link may show."""

import datetime as dt

from django.utils import timezone

from palabre.cases import actions, codes

# Planted in the case's private note: no page of an invitation's link may show it.
NOTE_MARKER = "Zqwnoteinvitation"
# Names no account of a test can share (a page names who is signed in): ``CaseFactory(**NAMES)``.
NAMES = {
    "requester_first_name": "Zqwprenomdemandeur",
    "requester_last_name": "Zqwnomdemandeur",
    "other_party_first_name": "Zqwprenomautre",
    "other_party_last_name": "Zqwnomautre",
}


def to_contact_stage(case, *, coordinator, mediator, note=f"{NOTE_MARKER} : propos du demandeur"):
    """Moves ``case`` (opened by ``CaseFactory``) to « Prise de contact avec l'autre partie »:
    qualified, a pair assigned, the requester received and agreeing that the other party be
    written to; a private note saying ``note``."""
    requester = case.requester()
    actions.qualify(case=case, by=coordinator)
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    interview = actions.schedule_interview(
        case=case,
        by=coordinator,
        party=requester,
        scheduled_at=timezone.now() - dt.timedelta(days=3),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
    )
    actions.record_interview(interview=interview, by=mediator, held=True, duration_minutes=45)
    actions.record_consent(
        case=case,
        by=mediator,
        party=requester,
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=timezone.localdate(),
        method=codes.ConsentMethod.IN_PERSON,
    )
    actions.start_contacting_other_party(case=case, by=coordinator)
    actions.add_private_note(case=case, by=mediator, text=note, source_party=requester)
    case.refresh_from_db()
    return case


def words_of_the_case(case) -> list[str]:
    """What a page of the link must never show: the note, both sides' names, the reference and
    the conflict."""
    words = [NOTE_MARKER, case.reference]
    for party in case.parties.all():
        words += [party.last_name, party.first_name]
    words += [str(codes.ConflictCategory(c.category).label) for c in case.conflicts.all()]
    return [word for word in words if word]
