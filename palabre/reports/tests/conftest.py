"""A small service whose figures were counted by hand (see test_indicators.py for the table of
its cases and the expected figures)."""

import datetime as dt
import shutil
import zoneinfo

import pytest

from palabre.cases import actions, codes
from palabre.cases.models import (
    Case,
    CaseAssignment,
    ContactAttempt,
    FollowUp,
    InformationRequest,
    Interview,
    Meeting,
)
from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
)
from palabre.network.models import Member
from palabre.partners.models import PartnerKind
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory, VenueFactory
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Duty,
    Occurrence,
    Permanence,
)
from palabre.reports.models import PushKey
from palabre.reports.scope import Scope
from palabre.reports.tests.observatory_support import SECRET

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
D = dt.date.fromisoformat
S = codes.Stage
R = codes.ClosureReason
REQUESTER, OTHER = codes.PartyRole.REQUESTER, codes.PartyRole.OTHER_PARTY

# number: opened, closed, reason, stage, place, source, channel, housing, conflict, landlord
CASES = {
    1: ("2025-11-10", "2026-02-10", R.AGREEMENT_FULL, S.JOINT_MEETING_HELD, "villejean",
        "SOCIAL_LANDLORD", "PHONE", "SOCIAL_RENTAL", "NOISE", "archipel"),
    2: ("2026-01-05", "2026-03-20", R.AGREEMENT_PARTIAL, S.JOINT_MEETING_HELD, "centre",
        "SELF", "PHONE", "PRIVATE_RENTAL", "NOISE", None),
    3: ("2026-02-01", "2026-04-01", R.OTHER_PARTY_REFUSED, S.OTHER_PARTY_CONTACTED, "cesson",
        "SOCIAL_LANDLORD", "EMAIL", "SOCIAL_RENTAL", "VEGETATION", "archipel"),
    4: ("2026-03-10", "2026-05-10", R.NO_AGREEMENT, S.JOINT_MEETING_HELD, "villejean",
        "POLICE_NATIONALE", "PHONE", "SOCIAL_RENTAL", "NOISE", "neotoa"),
    5: ("2026-04-01", "2026-04-20", R.REQUESTER_WITHDREW, S.INTAKE_ONLY, "cesson",
        "SELF", "WEB_FORM", "OWNER_OCCUPIER", "ANIMALS", None),
    6: ("2026-05-01", None, "", None, "centre", "SELF", "PHONE", "PRIVATE_RENTAL", "NOISE", None),
    7: ("2026-06-01", None, "", None, "villejean", "SOCIAL_LANDLORD", "PARTNER_FORM",
        "SOCIAL_RENTAL", "NOISE", "archipel"),
    8: ("2026-06-15", "2026-09-15", R.AGREEMENT_FULL, S.FOLLOW_UP_DONE, "cesson",
        "SELF", "PHONE", "OWNER_OCCUPIER", "VEGETATION", None),
    9: ("2025-06-01", "2025-12-01", R.AGREEMENT_FULL, S.JOINT_MEETING_HELD, "cesson",
        "SELF", "PHONE", "UNKNOWN", "NOISE", None),
    10: ("2027-01-05", None, "", None, "cesson", "SELF", "PHONE", "UNKNOWN", "NOISE", None),
    11: ("2026-09-01", "2026-10-01", R.OTHER_PARTY_UNREACHABLE, S.REQUESTER_INTERVIEWED,
         "centre", "SELF", "PHONE", "PRIVATE_RENTAL", "NOISE", None),
    12: ("2026-10-01", None, "", None, "villejean", "POLICE_NATIONALE", "PHONE",
         "SOCIAL_RENTAL", "NOISE", "neotoa"),
}  # fmt: skip
NOVEMBER = ("2026-11-02", None, "", None, "cesson", "SELF", "PHONE", "UNKNOWN", "NOISE", None)
CASES.update(dict.fromkeys(range(13, 25), NOVEMBER))
# Interviews held: case, day, party, minutes, volunteers present.
INTERVIEWS = [
    (1, "2025-11-20", REQUESTER, 60, 2),
    (1, "2025-12-05", OTHER, 60, 2),
    (2, "2026-01-19", REQUESTER, 60, 2),
    (2, "2026-02-02", OTHER, 45, 2),
    (3, "2026-02-15", REQUESTER, 60, 2),
    (4, "2026-03-24", REQUESTER, 60, 2),
    (4, "2026-04-07", OTHER, 60, 2),
    (6, "2026-05-15", REQUESTER, 60, 2),
    (8, "2026-06-29", REQUESTER, 60, 2),
    (8, "2026-07-13", OTHER, 60, 1),
    (11, "2026-09-08", REQUESTER, 45, 2),
]
# Joint meetings held: case, day, minutes (two volunteers each; C2 also a coordinator).
MEETINGS = [(1, "2026-01-15", 90), (2, "2026-03-02", 120), (4, "2026-04-28", 90),
            (8, "2026-08-03", 60)]  # fmt: skip
CONTACTS = {1: "ACCEPTED", 2: "ACCEPTED", 3: "REFUSED", 4: "ACCEPTED", 8: "ACCEPTED",
            11: "NO_ANSWER"}  # fmt: skip


def at(day: str, hour=10):
    return dt.datetime.combine(D(day), dt.time(hour), tzinfo=PARIS)


@pytest.fixture
def world(service, coordinator, member):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    places = {
        "villejean": (rennes, QuartierFactory(commune=rennes, name="Villejean", is_qpv=True)),
        "centre": (rennes, QuartierFactory(commune=rennes, name="Centre")),
        "cesson": (cesson, None),
    }
    landlords = {
        key: PartnerFactory(organisation=service, kind=PartnerKind.SOCIAL_LANDLORD, name=name)
        for key, name in (("archipel", "Archipel Habitat"), ("neotoa", "Néotoa"))
    }
    volunteers = [member("mediator"), member("mediator")]
    cases = {}
    for number, row in CASES.items():
        opened, closed, reason, stage, place, source, channel, housing, conflict, landlord = row
        commune, quartier = places[place]
        main = number <= 12
        case = actions.open_case(
            organisation=service,
            by=coordinator,
            opened_on=D(opened),
            channel=channel,
            referral_source=source,
            requester_last_name=f"Demandeur {number}",
            other_party_last_name=f"Autre {number}" if main else "",
            primary_conflict=conflict,
            commune=commune,
            quartier=quartier,
            housing=housing,
            landlord=landlords.get(landlord),
        )
        if closed:
            Case.objects.filter(pk=case.pk).update(
                status=codes.Status.CLOSED,
                closed_on=D(closed),
                closure_reason=reason,
                stage_reached=stage,
            )
        if main:
            for volunteer in volunteers:
                CaseAssignment.objects.create(
                    organisation=service, case=case, membership=volunteer, assigned_on=D(opened)
                )
        cases[number] = case
    CaseAssignment.objects.create(
        organisation=service, case=cases[2], membership=coordinator, assigned_on=D("2026-01-05")
    )
    for number, day, role, minutes, present in INTERVIEWS:
        case = cases[number]
        interview = Interview.objects.create(
            organisation=service,
            case=case,
            party=case.parties.get(role=role),
            scheduled_at=at(day),
            channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
            status=codes.AppointmentStatus.HELD,
            duration_minutes=minutes,
        )
        interview.mediators.set(volunteers[:present])
    # Scheduled, not held, and a no-show: neither counts.
    Interview.objects.create(
        organisation=service,
        case=cases[6],
        party=cases[6].parties.get(role=OTHER),
        scheduled_at=at("2026-06-01"),
        channel=codes.InterviewChannel.PHONE,
        status=codes.AppointmentStatus.NO_SHOW,
        duration_minutes=30,
    )
    for number, day, minutes in MEETINGS:
        meeting = Meeting.objects.create(
            organisation=service,
            case=cases[number],
            kind=codes.MeetingKind.JOINT,
            scheduled_at=at(day),
            status=codes.AppointmentStatus.HELD,
            result=codes.MeetingResult.AGREEMENT,
            duration_minutes=minutes,
        )
        meeting.mediators.set([*volunteers, *([coordinator] if number == 2 else [])])
    for number, result in CONTACTS.items():
        case = cases[number]
        ContactAttempt.objects.create(
            organisation=service,
            case=case,
            party=case.parties.get(role=OTHER),
            channel=codes.ContactAttemptChannel.LETTER,
            attempted_on=case.opened_on + dt.timedelta(days=7),
            result=result,
        )
    FollowUp.objects.create(
        organisation=service,
        case=cases[8],
        due_on=D("2026-09-10"),
        done_on=D("2026-09-10"),
        result=codes.FollowUpResult.HOLDS,
    )
    for day, commune in (("2026-02-01", rennes), ("2026-03-01", rennes), ("2026-05-01", cesson),
                         ("2025-05-01", rennes)):  # fmt: skip
        InformationRequest.objects.create(
            organisation=service,
            received_on=D(day),
            channel=codes.Channel.PHONE,
            topic=codes.InformationTopic.choices[0][0],
            commune=commune,
        )
    # One permanence session, 3 March 2026, 14:00–17:00 in 45-minute slots (4 slots), held by
    # a volunteer: two came, one did not, one cancelled, one walk-in, three people informed.
    venue = VenueFactory(organisation=service, commune=rennes, quartier=places["villejean"][1])
    permanence = Permanence.objects.create(
        organisation=service,
        venue=venue,
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=D("2026-03-03"),
    )
    session = Occurrence.objects.create(
        organisation=service,
        permanence=permanence,
        planned_on=D("2026-03-03"),
        starts_at=at("2026-03-03", 14),
        ends_at=at("2026-03-03", 17),
        informed_count=3,
    )
    Duty.objects.create(organisation=service, occurrence=session, mediator=volunteers[0])
    slots = [at("2026-03-03", 14) + dt.timedelta(minutes=45 * i) for i in range(4)]
    states = [AppointmentState.CAME, AppointmentState.CAME, AppointmentState.NO_SHOW,
              AppointmentState.CANCELLED]  # fmt: skip
    for i, (slot, state) in enumerate(zip(slots, states, strict=True)):
        Appointment.objects.create(
            organisation=service,
            occurrence=session,
            starts_at=slot,
            state=state,
            channel=BookingChannel.STAFF,
            secret=f"s{i}",
        )
    Appointment.objects.create(
        organisation=service,
        occurrence=session,
        state=AppointmentState.CAME,
        channel=BookingChannel.WALK_IN,
        secret="walk-in",
    )
    return {
        "service": service,
        "cases": cases,
        "landlords": landlords,
        "rennes": rennes,
        "cesson": cesson,
        "volunteers": volunteers,
        "session": session,
    }


@pytest.fixture
def year(world):
    return Scope.of_year(world["service"], 2026)


@pytest.fixture
def lone_case(world, coordinator):
    """``lone_case("2026-01-10")`` → a case opened through the actions, with a requester and an
    other party, in a commune of its own, and the year 2026 narrowed to that commune: a test adds
    one situation to the world and reads its figures alone, the world's own staying as counted."""
    service = world["service"]

    def make(opened: str):
        commune = CommuneFactory(organisation=service)
        case = actions.open_case(
            organisation=service,
            by=coordinator,
            opened_on=D(opened),
            channel="PHONE",
            referral_source="SELF",
            requester_last_name="Demandeur seul",
            other_party_last_name="Autre seul",
            primary_conflict="NOISE",
            commune=commune,
        )
        return case, Scope.of_year(service, 2026, communes=(commune.pk,))

    return make


@pytest.fixture
def clock_after_2026(monkeypatch):
    """Permanence sessions count once over; the figures of 2026 are read in 2027."""
    from django.utils import timezone

    moment = dt.datetime(2027, 1, 15, 9, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def archipel(world, clock_after_2026):
    """The landlord's convention: cases 1, 3 and 7 of the dataset."""
    landlord = world["landlords"]["archipel"]
    convention = ConventionFactory(
        organisation=world["service"],
        title="Convention de partenariat — Archipel Habitat",
        funder=landlord,
    )
    convention.scope_landlords.set([landlord])
    return convention


@pytest.fixture
def soffice():
    """LibreOffice, to read a spreadsheet back as a funder would. The tests that use it carry
    the ``libreoffice`` mark; `make test` leaves them out, saying so, where it is not installed."""
    path = shutil.which("soffice")
    if path is None:
        pytest.fail(
            "LibreOffice absent : apt-get install --no-install-recommends libreoffice-calc-nogui"
        )
    return path


# --- The observatory: a network, its staff, members of its directory, a member's key ------------


@pytest.fixture
def network(db):
    return OrganisationFactory(name="Réseau d'essai", slug="reseau-essai", kind="NETWORK")


@pytest.fixture
def staff(network):
    return MembershipFactory(organisation=network, role="network_staff")


@pytest.fixture
def make_member(network):
    def make(name, *, organisation=None, legal_type="ASSOCIATION", phase="PERMANENT", region="BRE"):
        return Member.objects.create(
            network=network,
            organisation=organisation,
            name=name,
            legal_type=legal_type,
            phase=phase,
            region=region,
        )

    return make


@pytest.fixture
def key(make_member, network):
    member = make_member("Médiation Sud (autre instance)")
    return PushKey.objects.create(network=network, member=member, key_id="obs-essai", secret=SECRET)


# --- Outreach actions, counted by hand ----------------------------------------------------------
#
# number: start (Paris), kind, status, place, residence, doors, households, informed, contacts,
# hours, topics. In 2026: 1 to 5 are held (7 planned, 6 cancelled: not counted); 8 is of 2025;
# 9 starts at 00:30 on 1 January 2027, Paris time (still 2026 in UTC): it belongs to 2027.
#
# | scope                        | held | doors | households | informed | contacts | hours |
# |------------------------------|------|-------|------------|----------|----------|-------|
# | 2026, the service            | 5    | 75    | 52         | 200      | 16       | 33.0  |
# | 2025, the service            | 1    | 50    | 25         | 25       | 2        | 6.0   |
# | 2026, Archipel's convention  | 2    | 75    | 40         | 50       | 4        | 11.5  |
# | 2026, Villejean              | 3    | 75    | 52         | 65       | 6        | 14.5  |
# | 2026, Cesson-Sévigné         | 1    | 0     | 0          | 80       | 6        | 10.5  |
#
# By kind in 2026: door-to-door 2, market 1, neighbourhood party 1, tenants' meeting 1. Topics:
# noise 3 (1, 2, 3), common areas 2 (1, 4), animals 1 (3).
OUTREACH = {
    1: ("2026-02-12 14", "DOOR_TO_DOOR", "HELD", "villejean", "lilas",
        40, 22, 30, 3, "6.0", ["NOISE", "COMMON_AREAS"]),
    2: ("2026-04-18 09", "MARKET", "HELD", "centre", None,
        None, None, 55, 4, "8.0", ["NOISE"]),
    3: ("2026-06-20 15", "NEIGHBOURHOOD_PARTY", "HELD", "cesson", None,
        None, None, 80, 6, "10.5", ["ANIMALS", "NOISE"]),
    4: ("2026-09-15 18", "TENANTS_MEETING", "HELD", "villejean", "kennedy",
        None, 12, 15, 2, "3.0", ["COMMON_AREAS"]),
    5: ("2026-10-03 10", "DOOR_TO_DOOR", "HELD", "villejean", "lilas",
        35, 18, 20, 1, "5.5", []),
    6: ("2026-11-05 17", "FOOT_OF_BUILDING", "CANCELLED", "villejean", "lilas",
        None, None, None, None, None, []),
    7: ("2026-12-10 10", "FORUM", "PLANNED", "centre", None,
        None, None, None, None, None, []),
    8: ("2025-10-04 10", "DOOR_TO_DOOR", "HELD", "villejean", "lilas",
        50, 25, 25, 2, "6.0", ["NOISE"]),
    9: ("2027-01-01 00", "OTHER", "HELD", "centre", None,
        None, None, 10, 0, "1.0", []),
}  # fmt: skip


@pytest.fixture
def outreach(world, coordinator, clock_after_2026):
    """The outreach actions of ``OUTREACH``, planned and recorded through the verbs; the
    Lilas residence is Archipel's, Kennedy Néotoa's, both in Villejean."""
    from decimal import Decimal

    from palabre.outreach import actions as outreach_actions
    from palabre.partners.tests.factories import ResidenceFactory

    service, rennes = world["service"], world["rennes"]
    villejean = world["cases"][1].quartier
    centre = world["cases"][2].quartier
    places = {"villejean": (rennes, villejean), "centre": (rennes, centre),
              "cesson": (world["cesson"], None)}  # fmt: skip
    residences = {
        "lilas": ResidenceFactory(landlord=world["landlords"]["archipel"], name="Les Lilas",
                                  commune=rennes, quartier=villejean),
        "kennedy": ResidenceFactory(landlord=world["landlords"]["neotoa"], name="Kennedy",
                                    commune=rennes, quartier=villejean),
    }  # fmt: skip
    made = {}
    for number, row in OUTREACH.items():
        start, kind, status, place, residence, *results, hours, topics = row
        commune, quartier = places[place]
        starts_at = dt.datetime.strptime(start, "%Y-%m-%d %H").replace(tzinfo=PARIS)
        if number == 9:
            starts_at = starts_at.replace(minute=30)
        action = outreach_actions.plan_action(
            organisation=service,
            by=coordinator,
            kind=kind,
            title=f"Action {number}",
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=2),
            place_name=f"Lieu {number}",
            commune=commune,
            quartier=quartier,
            residence=residences.get(residence),
        )
        if status == "HELD":
            doors, households, informed, contacts = results
            action = outreach_actions.record_results(
                action=action,
                by=coordinator,
                doors_knocked=doors,
                households_met=households,
                people_informed=informed,
                contacts_made=contacts,
                hours=Decimal(hours),
                topics=topics,
            )
        elif status == "CANCELLED":
            action = outreach_actions.cancel_action(action=action, by=coordinator)
        made[number] = action
    return {"actions": made, "residences": residences, "villejean": villejean}


# --- Collective mediation, counted by hand (docs/adr/0035) ------------------------------------
#
# case: dimension, groups, attendance at its meeting held (count per group). C1's meeting of
# 15 January 2026 and C4's of 28 April 2026 are the dataset's own; C9 gets one on 10 December
# 2025. C7 (open) has no meeting.
#
# | scope                       | treated | new | closed | groups | meetings | participants |
# |-----------------------------|---------|-----|--------|--------|----------|--------------|
# | 2026, the service           | 3       | 2   | 2      | 7      | 2        | 22           |
# | 2025, the service           | 2       | 2   | 1      | 4      | 1        | 6            |
# | 2026, Archipel's convention | 2       | 1   | 1      | 4      | 1        | 13           |
# | 2026, Cesson-Sévigné        | 0       | 0   | 0      | 0      | 0        | 0            |
#
# By dimension in 2026: curative 1 (C1), preventive 1 (C4), project 1 (C7).
COLLECTIVE = {
    1: ("CURATIVE", [8, 5]),
    4: ("PREVENTIVE", [4, 3, 2]),
    7: ("PROJECT", [0, 0]),
    9: ("CURATIVE", [6, 0]),
}


@pytest.fixture
def collective(world):
    """Cases 1, 4, 7 and 9 of the dataset handled in groups, as ``COLLECTIVE`` says."""
    from palabre.cases.models import CollectiveMediation, GroupAttendance, PartyGroup

    service = world["service"]
    Meeting.objects.create(
        organisation=service,
        case=world["cases"][9],
        kind=codes.MeetingKind.JOINT,
        scheduled_at=at("2025-12-10"),
        status=codes.AppointmentStatus.HELD,
        result=codes.MeetingResult.AGREEMENT,
        duration_minutes=60,
    )
    for number, (dimension, counts) in COLLECTIVE.items():
        case = world["cases"][number]
        CollectiveMediation.objects.create(organisation=service, case=case, dimension=dimension)
        meeting = case.meetings.filter(status=codes.AppointmentStatus.HELD).first()
        for index, count in enumerate(counts):
            group = PartyGroup.objects.create(
                organisation=service, case=case, name=f"Groupe {index + 1}"
            )
            if count:
                GroupAttendance.objects.create(
                    organisation=service, meeting=meeting, group=group, present_count=count
                )
        if meeting is not None:
            meeting.participants_count = sum(counts)
            meeting.save(update_fields=["participants_count"])
    return world
