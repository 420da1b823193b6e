"""The indicator library on a small service whose figures were counted by hand, below.

Two dozen cases, numbered as in the comments; the period is the year 2026. Every expected value
carries the cases it comes from, so that a reader can check it without running anything.

    case  opened      closed      reason                stage   where               source  channel
    C1    2025-11-10  2026-02-10  AGREEMENT_FULL        JMH     Rennes/Villejean*   LANDL.  PHONE
    C2    2026-01-05  2026-03-20  AGREEMENT_PARTIAL     JMH     Rennes/Centre       SELF    PHONE
    C3    2026-02-01  2026-04-01  OTHER_PARTY_REFUSED   OPC     Cesson              LANDL.  EMAIL
    C4    2026-03-10  2026-05-10  NO_AGREEMENT          JMH     Rennes/Villejean*   POLICE  PHONE
    C5    2026-04-01  2026-04-20  REQUESTER_WITHDREW    INTAKE  Cesson              SELF    WEB
    C6    2026-05-01  open                              —       Rennes/Centre       SELF    PHONE
    C7    2026-06-01  open                              —       Rennes/Villejean*   LANDL.  PARTNER
    C8    2026-06-15  2026-09-15  AGREEMENT_FULL        FUD     Cesson              SELF    PHONE
    C9    2025-06-01  2025-12-01  AGREEMENT_FULL        JMH     Cesson              SELF    PHONE
    C10   2027-01-05  open                              —       Cesson              SELF    PHONE
    C11   2026-09-01  2026-10-01  OTHER_PARTY_UNREACH.  REQ     Rennes/Centre       SELF    PHONE
    C12   2026-10-01  open                              —       Rennes/Villejean*   POLICE  PHONE
    C13–C24 (12 cases) 2026-11-02, open, Cesson, SELF, PHONE, housing unknown, noise, no event.

    (* Villejean is a QPV.) Landlords: Archipel Habitat for C3 and C7, Néotoa for C4 and C12.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

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
from palabre.cases.tests.factories import CommuneFactory, QuartierFactory
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
from palabre.reports import indicators
from palabre.reports.indicators import Rate, Spread
from palabre.reports.scope import Scope

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
    return {"service": service, "cases": cases, "landlords": landlords, "cesson": cesson}


@pytest.fixture
def year(world):
    return Scope.of_year(world["service"], 2026)


def test_volume_and_reach(year):
    assert indicators.volume(year) == {
        "new": 21,  # C2–C8, C11, C12 and the 12 of November
        "treated": 22,  # the 21 new and C1, closed in February
        "carried_over": 1,  # C1
        "closed": 7,  # C1, C2, C3, C4, C5, C8, C11
        "persons": 32,  # 10 main treated cases × 2 parties + 12 requesters
        "requesters": 22,
        "other_parties": 10,
        "households": 32,  # one per party
        "interviews_requester": 6,  # C2, C3, C4, C6, C8, C11 (C1's were in 2025)
        "interviews_other_party": 3,  # C2, C4, C8 (the no-show of C6 does not count)
        "interviews": 9,
        "joint_meetings": 4,  # C1 (15 January), C2, C4, C8
        "shuttle_exchanges": 0,
        "meetings_per_case": Rate(4, 4),
    }


def test_process_and_results(year):
    figures = indicators.process(year)
    # Answered among the closed: C1, C2, C4, C8 accepted; C3 refused. C5 and C11: no answer.
    assert figures["acceptance"] == Rate(4, 5)
    assert figures["funnel"] == (
        ("INTAKE_ONLY", "Saisine seule", 7),
        ("REQUESTER_INTERVIEWED", "Demandeur reçu", 6),  # all but C5
        ("OTHER_PARTY_CONTACTED", "Autre partie contactée", 5),  # C1, C2, C3, C4, C8
        ("OTHER_PARTY_INTERVIEWED", "Autre partie reçue", 4),
        ("JOINT_MEETING_HELD", "Rencontre ou navette menée", 4),
        ("FOLLOW_UP_DONE", "Suivi réalisé", 1),  # C8
    )
    assert (figures["agreements_full"], figures["agreements_partial"]) == (2, 1)  # C1, C8; C2
    assert figures["agreement_over_meetings"] == Rate(3, 4)  # C1, C2, C8 of C1, C2, C4, C8
    assert figures["agreement_over_closed"] == Rate(3, 7)
    reasons = figures["closure_reasons"]
    assert reasons.total == 7
    assert [(code, n) for code, _label, n in reasons.rows] == [
        ("AGREEMENT_FULL", 2),  # then the single ones, by label
        ("AGREEMENT_PARTIAL", 1),  # Accord partiel
        ("OTHER_PARTY_UNREACHABLE", 1),  # Autre partie injoignable
        ("REQUESTER_WITHDREW", 1),  # Désistement du demandeur
        ("OTHER_PARTY_REFUSED", 1),  # Refus de l'autre partie
        ("NO_AGREEMENT", 1),  # Rencontre sans accord
    ]
    assert [(c, n) for c, _l, n in figures["follow_up_results"].rows] == [("HOLDS", 1)]


def test_delays(year):
    figures = indicators.delays(year)
    # To closure: C5 19, C11 30, C3 59, C4 61, C2 74, C1 92, C8 92.
    assert figures["to_closure"] == Spread(7, 61, 44.5, 83)
    # To the first interview held: C11 7, C1 10, C2 14, C3 14, C4 14, C8 14 (C5: none).
    assert figures["to_first_interview"] == Spread(6, 14, 11, 14)
    # To the joint meeting: C4 49, C8 49, C2 56, C1 66.
    assert figures["to_joint_meeting"] == Spread(4, 52.5, 49, 58.5)


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("commune", [("Cesson-Sévigné", 15), ("Rennes", 6)]),
        ("quartier", [("Hors quartiers découpés", 15), ("Centre", 3), ("Villejean", 3)]),
        ("qpv", [("Hors QPV", 18), ("En QPV", 3)]),
        (
            "housing",
            [
                ("Inconnu", 12),
                ("Locatif social", 4),
                ("Locatif privé", 3),
                ("Propriétaire occupant", 2),
            ],
        ),  # fmt: skip
        ("landlord", [("Sans bailleur social", 17), ("Archipel Habitat", 2), ("Néotoa", 2)]),
        ("conflict", [("Bruit", 18), ("Végétation", 2), ("Animaux", 1)]),
        (
            "referral_source",
            [
                ("Démarche personnelle", 17),
                ("Bailleur social", 2),
                ("Police nationale — relais main courante", 2),
            ],
        ),
        (
            "channel",
            [
                ("Téléphone", 18),
                ("E-mail", 1),
                ("Fiche de liaison d'un partenaire", 1),
                ("Formulaire en ligne", 1),
            ],
        ),  # fmt: skip
        (
            "month",
            [
                ("janvier 2026", 1),
                ("février 2026", 1),
                ("mars 2026", 1),
                ("avril 2026", 1),
                ("mai 2026", 1),
                ("juin 2026", 2),
                ("septembre 2026", 1),
                ("octobre 2026", 1),
                ("novembre 2026", 12),
            ],
        ),  # fmt: skip
    ],
)
def test_breakdowns_of_the_new_cases(year, dimension, expected):
    breakdown = indicators.breakdowns(year)[dimension]
    assert [(label, n) for _code, label, n in breakdown.rows] == expected
    assert breakdown.total == 21


def test_permanences(year, clock_after_2026):
    figures = indicators.permanences(year)
    assert figures == {
        "sessions": 1,
        "hours": 3.0,
        "venues": 1,
        "slots": 4,
        "booked": 3,  # two came, one did not; the cancelled one freed its slot
        "fill_rate": Rate(3, 4),
        "came": 2,
        "no_show": 1,
        "no_show_rate": Rate(1, 3),
        "walk_ins": 1,
        "informed": 3,
    }


def test_volunteer_hours_are_valued(year, settings, clock_after_2026):
    settings.PALABRE_VOLUNTEER_HOUR_VALUE = "11.88"
    figures = indicators.volunteers(year)
    # Interviews of 2026: C2 60×2 + 45×2, C3 60×2, C4 60×2 + 60×2, C6 60×2, C8 60×2 + 60×1,
    # C11 45×2 = 960 min. Meetings: (90 + 120 + 90 + 60) × 2 volunteers = 720 min (the
    # coordinator at C2's meeting is not a volunteer). Session of 3 March: 3 h, one volunteer.
    assert figures["hours"] == Decimal("31.0")
    assert figures["valued"] == Decimal("368")  # 31 × 11,88 = 368,28
    assert figures["active"] == 2


def test_information_requests(world, year):
    assert indicators.information_requests(year) == 3  # the one of 2025 is out
    cesson = Scope.of_year(world["service"], 2026, communes=(world["cesson"].pk,))
    assert indicators.information_requests(cesson) == 1
    by_quartier = Scope.of_year(world["service"], 2026, quartiers=(world["cases"][2].quartier_id,))
    assert indicators.information_requests(by_quartier) is None


def test_a_convention_counts_only_its_cases(world, clock_after_2026):
    convention = ConventionFactory(organisation=world["service"])
    convention.scope_landlords.set([world["landlords"]["archipel"]])
    scope = Scope.of_year(world["service"], 2026, convention=convention)
    volume = indicators.volume(scope)
    assert (volume["new"], volume["treated"], volume["closed"]) == (2, 3, 2)  # C3, C7; +C1
    assert indicators.process(scope)["acceptance"] == Rate(1, 2)  # C1 accepted, C3 refused
    assert indicators.information_requests(scope) is None
    assert indicators.permanences(scope) is None


def test_the_year_before(world, year):
    before = indicators.volume(year.previous_year())
    assert (before["new"], before["closed"], before["treated"]) == (2, 1, 2)  # C1, C9; C9


def test_another_service_sees_none_of_it(world, other_service):
    assert indicators.volume(Scope.of_year(other_service, 2026))["treated"] == 0


def test_computing_every_indicator_takes_a_bounded_number_of_queries(
    year, django_assert_max_num_queries, clock_after_2026
):
    # About thirty aggregate queries, however many cases: nothing is read row by row but the
    # closed cases' dates for the delays.
    with django_assert_max_num_queries(30):
        indicators.compute(year)


@pytest.fixture
def clock_after_2026(monkeypatch):
    """Permanence sessions count once over; the figures of 2026 are read in 2027."""
    from django.utils import timezone

    moment = dt.datetime(2027, 1, 15, 9, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)
