"""A service rich enough that every form of every role shows on some page: people in each role,
partners, a convention, a case in each state of the process, referrals, a permanence with its
sessions, bookings and calendars. ``world_network.py`` adds the network, training, field work,
reports and data protection.

The clock stands at Tuesday 8 December 2026, 10:00 in Rennes; every date is set from it."""

import datetime as dt
import zoneinfo

from palabre.cases import actions, codes
from palabre.cases.codes import Status as S
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
    UserFactory,
)
from palabre.partners.models import Contact
from palabre.partners.tests.factories import (
    ConventionFactory,
    DeliverableFactory,
    PartnerFactory,
    ResidenceFactory,
    VenueFactory,
)
from palabre.permanences import actions as permanences
from palabre.permanences.models import BookingChannel, NoticeChannel
from palabre.referrals import actions as referrals
from palabre.referrals.models import Origin

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 12, 8)
NOW = dt.datetime(2026, 12, 8, 10, 0, tzinfo=PARIS)
ROLES = ("admin", "coordinator", "mediator", "reception", "board")


def days_ago(days, hour=10):
    day = TODAY - dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def person(organisation, role, first_name, last_name):
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        organisation=organisation,
        role=role,
    )


def build():
    """The service, its people and everything they work on; answers a dict of the objects the
    tests name (memberships under their role)."""
    service = OrganisationFactory(name="Service Un", slug="service-un")
    world = {"service": service}
    for role in ROLES:
        world[role] = person(service, role, "Camille", role.capitalize())
    world["second_mediator"] = person(service, "mediator", "Dominique", "Binôme")
    world.update(_territory_and_partners(world))
    world["cases"] = _cases(world)
    world.update(_referrals(world))
    world.update(_permanences(world))
    return world


def _territory_and_partners(world):
    service = world["service"]
    rennes = CommuneFactory(organisation=service, name="Rennes", insee_code="35238")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas", is_qpv=True)
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    funder = PartnerFactory(organisation=service, funder=True, name="Ville de Rennes")
    agent = MembershipFactory(organisation=service, role="partner")
    Contact.objects.create(
        organisation=service,
        partner=landlord,
        first_name="Agathe",
        last_name="Bailleur",
        email="agathe@archipel.example",
        membership=agent,
    )
    convention = ConventionFactory(
        organisation=service, title="Convention Ville 2026", funder=funder, partners=[funder]
    )
    DeliverableFactory(convention=convention, due_on=TODAY + dt.timedelta(days=20))
    return {
        "partner": agent,
        "rennes": rennes,
        "maurepas": maurepas,
        "landlord": landlord,
        "funder": funder,
        "convention": convention,
        "residence": ResidenceFactory(
            landlord=landlord, name="Les Glycines", commune=rennes, quartier=maurepas
        ),
        "venue": VenueFactory(
            organisation=service, name="Maison du Ronceray", commune=rennes, quartier=maurepas
        ),
    }


# --- Cases: one in each state, taken there by the real actions --------------------------------


def _consents(case, by):
    requester, other = case.requester(), case.other_parties()[0]
    kinds = [(requester, codes.ConsentKind.CONTACT_OTHER_PARTY)]
    kinds += [(p, k) for p in (requester, other) for k in ("JOINT_MEETING", "SHUTTLE")]
    for party, kind in kinds:
        actions.record_consent(
            case=case, by=by, party=party, kind=kind, given_on=TODAY - dt.timedelta(days=55),
            method=codes.ConsentMethod.IN_PERSON,
        )  # fmt: skip


def _interview(case, by, party, days):
    actions.schedule_interview(
        case=case, by=by, party=party, scheduled_at=days_ago(days),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
    )  # fmt: skip


def _held(case, by, party):
    interview = case.interviews.get(party=party, status=codes.AppointmentStatus.SCHEDULED)
    actions.record_interview(interview=interview, by=by, held=True, duration_minutes=60)


def _walk(case, by, status):
    """Takes ``case`` along the process until it reaches ``status``."""
    requester, other = case.requester(), case.other_parties()[0]
    steps = [
        (S.QUALIFIED, lambda: actions.qualify(case=case, by=by)),
        (S.REQUESTER_INTERVIEW_SCHEDULED, lambda: _interview(case, by, requester, 50)),
        (S.REQUESTER_INTERVIEWED, lambda: _held(case, by, requester)),
        (S.CONTACTING_OTHER_PARTY, lambda: actions.start_contacting_other_party(case=case, by=by)),
        (S.OTHER_PARTY_INTERVIEW_SCHEDULED, lambda: _interview(case, by, other, 40)),
        (S.OTHER_PARTY_INTERVIEWED, lambda: _held(case, by, other)),
    ]
    if status == S.SHUTTLE:
        steps.append((S.SHUTTLE, lambda: actions.start_shuttle(case=case, by=by)))
    else:
        steps += _meeting_steps(case, by)
    for reached, step in steps:
        if case.status == status:
            return
        step()
        case.refresh_from_db()
        assert case.status == reached, (reached, case.status)


def _meeting_steps(case, by):
    def held():
        actions.record_joint_meeting(
            meeting=case.meetings.get(), by=by, held=True, result=codes.MeetingResult.AGREEMENT,
            duration_minutes=90, participants_count=2,
        )  # fmt: skip

    def agreement():
        actions.record_agreement(
            case=case, by=by, reached_on=TODAY - dt.timedelta(days=20),
            form=codes.AgreementForm.WRITTEN_SIGNED, scope=codes.AgreementScope.FULL,
            commitments=[(codes.CommitmentCategory.REDUCE_NOISE_HOURS, None)],
        )  # fmt: skip

    return [
        (S.JOINT_MEETING_SCHEDULED, lambda: actions.schedule_joint_meeting(
            case=case, by=by, scheduled_at=days_ago(30), place="Salle"
        )),
        (S.JOINT_MEETING_HELD, held),
        (S.AGREEMENT_REACHED, agreement),
        (S.FOLLOW_UP_DUE, lambda: actions.schedule_follow_up(
            case=case, by=by, due_on=TODAY - dt.timedelta(days=1)
        )),
    ]  # fmt: skip


def _cases(world):
    """``{status: case}``, every case handled by the mediator and her partner."""
    by, cases = world["coordinator"], {}
    pair = [world["mediator"], world["second_mediator"]]
    walked = [S.NEW, S.QUALIFIED, S.REQUESTER_INTERVIEW_SCHEDULED, S.CONTACTING_OTHER_PARTY]
    walked += [S.OTHER_PARTY_INTERVIEWED, S.JOINT_MEETING_SCHEDULED, S.JOINT_MEETING_HELD]
    walked += [S.SHUTTLE, S.AGREEMENT_REACHED, S.FOLLOW_UP_DUE]
    for number, status in enumerate([*walked, S.SUSPENDED, S.CLOSED]):
        case = CaseFactory(
            organisation=world["service"], by=by, opened_on=TODAY - dt.timedelta(days=60),
            commune=world["rennes"], quartier=world["maurepas"],
            requester_last_name=f"Demandeur{number}", other_party_last_name=f"Voisin{number}",
        )  # fmt: skip
        actions.assign_mediators(
            case=case, by=by, mediators=pair, assigned_on=TODAY - dt.timedelta(days=59)
        )
        actions.add_private_note(case=case, by=world["mediator"], text="Note de l'équipe")
        if status in walked:
            _consents(case, by)
            _walk(case, by, status)
        elif status == S.SUSPENDED:
            actions.suspend(case=case, by=by, reason="Procédure en cours", on=TODAY)
        else:
            actions.close(
                case=case, by=by, reason=codes.ClosureReason.OUT_OF_SCOPE, closed_on=TODAY
            )
        case.refresh_from_db()
        cases[status] = case
    return cases


# --- Referrals and permanences ----------------------------------------------------------------


def _referrals(world):
    service, agent = world["service"], world["partner"]
    waiting = referrals.submit_referral(
        organisation=service, origin=Origin.PARTNER_ACCOUNT, partner=world["landlord"],
        sent_by=agent, requester_first_name="Éloïse", requester_last_name="Le Gall",
        requester_phone="06 12 34 56 78", commune=world["rennes"], conflict_category="NOISE",
        agreed_to_be_contacted=True, agreed_to_share_status=True, notify=False,
    )  # fmt: skip
    _link, token = referrals.issue_link(
        organisation=service, partner=world["landlord"], by=world["coordinator"]
    )
    return {"referral": waiting, "referral_token": token}


def _permanences(world):
    service, coordinator = world["service"], world["coordinator"]
    permanence = permanences.create_permanence(
        organisation=service, by=coordinator, venue=world["venue"], weekday=2,
        starts_at=dt.time(14), ends_at=dt.time(17), slot_minutes=45,
        valid_from=TODAY - dt.timedelta(days=21),
    )  # fmt: skip
    for mediator in (world["mediator"], world["second_mediator"]):
        permanences.set_availability(mediator=mediator, windows=[(2, dt.time(13), dt.time(18))])
    upcoming = list(permanence.occurrences.filter(starts_at__gt=NOW).order_by("starts_at")[:2])
    past = permanence.occurrences.filter(starts_at__lt=NOW).order_by("starts_at").last()
    for session in [*upcoming[:1], *([past] if past else [])]:
        permanences.add_duty(occurrence=session, by=coordinator, mediator=world["mediator"])
    session = upcoming[0]
    slots = permanences.free_slots(session)
    staff = permanences.book(
        occurrence=session, starts_at=slots[0], channel=BookingChannel.STAFF, by=coordinator,
        case=world["cases"][S.QUALIFIED], first_name="Éloïse", last_name="Demandeur1",
    )  # fmt: skip
    online = permanences.book(
        occurrence=session, starts_at=slots[1], channel=BookingChannel.PUBLIC,
        first_name="Yves", last_name="Habitant", email="yves@exemple.fr",
        notify_by=NoticeChannel.EMAIL,
    )  # fmt: skip
    feeds = [
        permanences.issue_feed(organisation=service, mediator=world["mediator"]),
        permanences.issue_feed(organisation=service, venue=world["venue"]),
    ]
    return {
        "permanence": permanence,
        "session": session,
        "past_session": past,
        "appointment": staff,
        "online_appointment": online,
        "feeds": feeds,
    }
