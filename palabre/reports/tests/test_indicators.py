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

A test of one rule (a suspension, an answer of the other party) adds a situation of its own in a
commune of its own (``lone_case``) and reads that commune alone: the figures above stay as
counted. The choices behind the ambiguous indicators are in docs/adr/0010-indicateurs-ambigus.md.
"""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.cases import actions, codes
from palabre.cases.models import Case, CaseAssignment, ContactAttempt, Interview, Meeting
from palabre.partners.tests.factories import ConventionFactory, VenueFactory
from palabre.permanences.models import Duty, Occurrence, Permanence
from palabre.reports import collective_figures, funder, indicators, outreach_tables, report
from palabre.reports.indicators import Rate, Spread
from palabre.reports.scope import Scope
from palabre.reports.tests.conftest import OTHER, PARIS, REQUESTER, D, R, at


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
        "by_channel": {"STAFF": {"came": 2, "no_show": 1}},  # who chose the slot (adr/0026)
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
    # closed cases' dates for the delays and the requests' moments for their answers; one more
    # each to learn that the service has no outreach action and no collective mediation.
    with django_assert_max_num_queries(33):
        indicators.compute(year)


def test_a_convention_for_another_activity_counts_nothing_of_mediation(world):
    convention = ConventionFactory(organisation=world["service"], scope_activities=["OUTREACH"])
    scope = Scope.of_year(world["service"], 2026, convention=convention)
    assert indicators.volume(scope)["new"] == 0
    assert indicators.information_requests(scope) is None
    assert indicators.permanences(scope) is None


def test_a_convention_for_permanences_counts_them(world, clock_after_2026):
    convention = ConventionFactory(organisation=world["service"], scope_activities=["PERMANENCES"])
    scope = Scope.of_year(world["service"], 2026, convention=convention)
    assert indicators.volume(scope)["new"] == 0
    assert indicators.permanences(scope)["sessions"] == 1


# --- Volunteer hours of a convention: the duties of the sessions it counts (issue 18) ----------


def _session_in(world, commune, day, start, end, on_duty):
    """A permanence session held at a venue of ``commune``, ``start``–``end`` o'clock."""
    service = world["service"]
    permanence = Permanence.objects.create(
        organisation=service,
        venue=VenueFactory(organisation=service, commune=commune),
        weekday=D(day).weekday(),
        starts_at=dt.time(*start),
        ends_at=dt.time(*end),
        slot_minutes=30,
        valid_from=D(day),
    )
    session = Occurrence.objects.create(
        organisation=service,
        permanence=permanence,
        planned_on=D(day),
        starts_at=dt.datetime.combine(D(day), dt.time(*start), tzinfo=PARIS),
        ends_at=dt.datetime.combine(D(day), dt.time(*end), tzinfo=PARIS),
    )
    for volunteer in on_duty:
        Duty.objects.create(organisation=service, occurrence=session, mediator=volunteer)
    return session


def test_a_convention_counts_the_duty_hours_of_the_sessions_it_counts(
    world, year, archipel, clock_after_2026
):
    service = world["service"]
    # 5 May 2026, 14:00–17:30 in Cesson-Sévigné, outside the City's territory: the second
    # volunteer on duty.
    _session_in(world, world["cesson"], "2026-05-05", (14,), (17, 30), [world["volunteers"][1]])
    city = ConventionFactory(organisation=service)
    city.scope_communes.set([world["rennes"]])
    scope = Scope.of_year(service, 2026, convention=city)
    assert indicators.permanences(scope)["sessions"] == 1  # 3 March, in Villejean
    # The cases of Rennes (C1, C2, C4, C6, C7, C11, C12). Interviews of 2026: C2 60×2 + 45×2,
    # C4 60×2 + 60×2, C6 60×2, C11 45×2 = 660 min; meetings: C1 90×2, C2 120×2, C4 90×2 =
    # 600 min; 21 h. The session of 3 March, the one its permanences count: 3 h, one volunteer.
    assert indicators.volunteers(scope)["hours"] == Decimal("24.0")  # was 21.0: no duty hours
    # The service counts both sessions: 31 h (test_volunteer_hours_are_valued) + 3,5 h.
    assert indicators.volunteers(year)["hours"] == Decimal("34.5")
    # A convention for permanences only: no case, every session of the service: 3 h + 3,5 h.
    sessions_only = ConventionFactory(organisation=service, scope_activities=["PERMANENCES"])
    only = Scope.of_year(service, 2026, convention=sessions_only)
    assert indicators.volunteers(only)["hours"] == Decimal("6.5")
    # The landlord's convention counts no session (permanences() is None), so no duty hour:
    # C1's meeting of 15 January 90×2 and C3's interview 60×2 = 300 min.
    landlord = Scope.of_year(service, 2026, convention=archipel)
    assert indicators.permanences(landlord) is None
    assert indicators.volunteers(landlord)["hours"] == Decimal("5.0")


@pytest.mark.parametrize(
    ("rules", "says"),
    [
        (
            {"communes": True},
            "Les heures de bénévolat comptent les entretiens et rencontres tenus dans les "
            "dossiers de la convention et les heures de permanence des bénévoles aux séances du "
            "tableau « Permanences ».",
        ),
        (
            {"landlords": True},
            "Les heures de bénévolat comptent les entretiens et rencontres tenus dans les "
            "dossiers de la convention ; les séances de permanence, rattachées à un lieu et non "
            "à un dossier, ne peuvent pas être comptées dans son périmètre et n'y figurent pas.",
        ),
        (
            {"activities": ["PERMANENCES"]},
            "Les heures de bénévolat comptent les heures de permanence des bénévoles aux séances "
            "du tableau « Permanences » ; aucun dossier ne relève de cette convention.",
        ),
        (
            {"activities": ["OUTREACH"]},
            "Aucune heure de bénévolat ne relève de cette convention : ni dossier, ni séance de "
            "permanence dans son périmètre.",
        ),
    ],
)
def test_the_funder_report_says_what_its_volunteer_hours_count(
    world, clock_after_2026, rules, says
):
    convention = ConventionFactory(
        organisation=world["service"], scope_activities=rules.get("activities", [])
    )
    if rules.get("communes"):
        convention.scope_communes.set([world["rennes"]])
    if rules.get("landlords"):
        convention.scope_landlords.set([world["landlords"]["archipel"]])
    assert funder.compose(convention, 2026).notes[-1] == says


# --- Delays net of suspended time -------------------------------------------------------------


def test_delays_leave_out_the_days_the_case_was_suspended(lone_case, coordinator):
    case, scope = lone_case("2026-01-10")
    case = actions.suspend(
        case=case, by=coordinator, reason="Procédure en cours", on=D("2026-01-20")
    )
    case = actions.resume(case=case, by=coordinator, on=D("2026-02-19"))  # 30 days
    _held_interview(case, REQUESTER, "2026-03-01")
    Meeting.objects.create(
        organisation=case.organisation,
        case=case,
        kind=codes.MeetingKind.JOINT,
        scheduled_at=at("2026-03-05"),
        status=codes.AppointmentStatus.HELD,
        duration_minutes=60,
    )
    case = actions.suspend(case=case, by=coordinator, reason="Hospitalisation", on=D("2026-03-10"))
    # Closed while suspended: the running suspension, 10 March → 9 April, 30 days, is added.
    case = actions.close(
        case=case, by=coordinator, reason=R.REQUESTER_UNREACHABLE, closed_on=D("2026-04-09")
    )
    assert case.suspended_days == 60
    figures = indicators.delays(scope)
    # 10 January → 9 April: 89 days, less the 60 suspended.
    assert figures["to_closure"] == Spread(1, 29, 29, 29)
    # 10 January → 1 March: 50 days, less the first suspension only (the second came after).
    assert figures["to_first_interview"] == Spread(1, 20, 20, 20)
    # 10 January → 5 March: 54 days, less 30.
    assert figures["to_joint_meeting"] == Spread(1, 24, 24, 24)


# --- The three ambiguous indicators (docs/adr/0010-indicateurs-ambigus.md) --------------------


def _held_interview(case, role, day, minutes=60, mediators=()):
    interview = Interview.objects.create(
        organisation=case.organisation,
        case=case,
        party=case.parties.get(role=role),
        scheduled_at=at(day),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
        status=codes.AppointmentStatus.HELD,
        duration_minutes=minutes,
    )
    interview.mediators.set(mediators)
    return interview


def test_persons_and_households_are_those_of_the_treated_cases(year):
    # 2026: the 21 new cases (9 with both parties, 12 with a requester only: 30 persons) and
    # C1, opened in November 2025 and closed in February: its 2 parties were still worked with.
    # Out: C9, closed in 2025, and C10, opened in 2027. One household per party.
    figures = indicators.volume(year)
    assert (figures["persons"], figures["households"]) == (32, 32)  # 30 if new cases only
    # 2025: C9 and C1. C1's parties count in both years, as C1 counts as treated in both.
    before = indicators.volume(year.previous_year())
    assert (before["persons"], before["households"]) == (4, 4)


@pytest.mark.parametrize(
    ("answers", "met", "reason", "acceptance"),
    [
        # Said yes, then could not be reached before any interview: an acceptance that led
        # nowhere counts as no answer (it counted as accepted before issue 18).
        (["ACCEPTED"], False, R.OTHER_PARTY_UNREACHABLE, Rate(0, 0)),
        # Said yes, then refused: the case closed on her refusal, she refused.
        (["ACCEPTED"], False, R.OTHER_PARTY_REFUSED, Rate(0, 1)),
        # Came to an interview: she accepted, whatever came after.
        (["ACCEPTED"], True, R.OTHER_PARTY_UNREACHABLE, Rate(1, 1)),
        # Refused on contact; the requester found other levers.
        (["REFUSED"], False, R.REQUESTER_EMPOWERED, Rate(0, 1)),
        # Refused, then changed her mind and came.
        (["REFUSED", "ACCEPTED"], True, R.NO_AGREEMENT, Rate(1, 1)),
        # Never answered.
        (["NO_ANSWER", "NO_ANSWER"], False, R.OTHER_PARTY_UNREACHABLE, Rate(0, 0)),
    ],
)
def test_the_other_partys_answer(lone_case, answers, met, reason, acceptance):
    case, scope = lone_case("2026-03-02")
    other = case.parties.get(role=OTHER)
    for week, answer in enumerate(answers, start=1):
        ContactAttempt.objects.create(
            organisation=case.organisation,
            case=case,
            party=other,
            channel=codes.ContactAttemptChannel.LETTER,
            attempted_on=case.opened_on + dt.timedelta(weeks=week),
            result=answer,
        )
    if met:
        _held_interview(case, OTHER, "2026-04-20")
    _close(case, "2026-06-30", reason)
    assert indicators.process(scope)["acceptance"] == acceptance


def _close(case, day, reason):
    Case.objects.filter(pk=case.pk).update(
        status=codes.Status.CLOSED, closed_on=D(day), closure_reason=reason
    )


def test_active_volunteers_are_those_who_held_something_in_the_period(
    world, year, member, clock_after_2026
):
    service, cases = world["service"], world["cases"]
    # A volunteer on duty on 3 March and nowhere else is active: the two volunteers of the
    # interviews and meetings, and her (before issue 18, only volunteers assigned to a treated
    # case counted: 2).
    on_duty_only = member("mediator")
    Duty.objects.create(organisation=service, occurrence=world["session"], mediator=on_duty_only)
    figures = indicators.volunteers(year)
    assert figures["active"] == 3
    assert figures["hours"] == Decimal("34.0")  # 31 h, and her 3 h at the session
    # A volunteer assigned to C6 in May who held nothing in 2026 is not (before: 4).
    assigned_only = member("mediator")
    CaseAssignment.objects.create(
        organisation=service, case=cases[6], membership=assigned_only, assigned_on=D("2026-05-01")
    )
    assert indicators.volunteers(year)["active"] == 3


# --- A report as things stood at the end of its period ----------------------------------------


def test_what_happens_after_the_period_leaves_its_figures_as_they_were(
    world, year, member, coordinator, clock_after_2026
):
    service, cases, volunteers = world["service"], world["cases"], world["volunteers"]
    before = indicators.compute(year)
    # January 2027: C6's pair hands over to a newcomer, who holds an interview; C7 is suspended
    # and C12 closed; C8's other party is met again.
    CaseAssignment.objects.filter(case=cases[6]).update(ended_at=at("2027-01-04"))
    newcomer = member("mediator")
    CaseAssignment.objects.create(
        organisation=service, case=cases[6], membership=newcomer, assigned_on=D("2027-01-04")
    )
    _held_interview(cases[6], REQUESTER, "2027-01-11", mediators=[newcomer])
    actions.suspend(case=cases[7], by=coordinator, reason="Hospitalisation", on=D("2027-01-08"))
    actions.close(
        case=cases[12], by=coordinator, reason=R.REQUESTER_WITHDREW, closed_on=D("2027-01-12")
    )
    after = indicators.compute(year)
    for section in ("volume", "process", "delays", "breakdowns", "permanences", "volunteers"):
        assert getattr(after, section) == getattr(before, section), section
    assert after.information_requests == before.information_requests
    # A correction of 2026 moves 2026: C12's interview of 15 October, recorded late.
    _held_interview(cases[12], REQUESTER, "2026-10-15", mediators=volunteers[:1])
    corrected = indicators.compute(year)
    assert corrected.volume["interviews"] == 10  # 9 and this one
    assert corrected.volunteers["hours"] == Decimal("32.0")  # 31 h and this hour


# --- Every row of the report has its definition -----------------------------------------------


def test_every_row_of_the_report_has_a_definition(year, clock_after_2026):
    figures = indicators.compute(year)
    tables = report.activity_tables(figures, indicators.compute(year.previous_year()))
    # The dataset has no field team: its tables, from figures of the right shape.
    empty = indicators.Breakdown((), 0)
    field = {"shifts": 0, "hours": 0.0, "interventions": 0, "people": 0, "calls": 0}
    field |= {"follow_up": 0} | dict.fromkeys(report.FIELD_BREAKDOWNS, empty)
    tables += report.field_tables(field)
    # Nor outreach actions, nor co-ownerships followed: theirs too.
    reach = ("held", "hours", "doors_knocked", "households_met", "people_informed")
    followed = dict.fromkeys(("followed", "prevention", "prevention_hours", "reviews"), 1)
    tables += outreach_tables.tables(
        dict.fromkeys(reach, 0)
        | {"contacts_made": 0, "kind": empty, "topics": empty}
        | {"coownerships": followed | {"trend": empty}}
    )
    # Nor collective mediation.
    together = ("treated", "new", "closed", "groups", "meetings", "participants")
    tables += collective_figures.tables(dict.fromkeys(together, 0) | {"dimension": empty})
    titles = {str(table.title) for table in tables}
    assert {"Permanences", "Suivis réalisés sur la période"} <= titles  # every table is here
    defined = {str(row) for _title, items in report.definitions() for d in items for row in d.rows}
    # A table whose rows are codes (a breakdown, the closure reasons, the stages) is defined by
    # its title; any other table, row by row.
    undefined = [
        (str(table.title), str(row[0]))
        for table in tables
        if str(table.title) not in defined
        for row in table.rows
        if str(row[0]) not in defined
    ]
    assert undefined == []
    shown = titles | {str(row[0]) for table in tables for row in table.rows}
    assert defined - shown == set()  # no definition of a row that is gone or renamed
