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

from decimal import Decimal

import pytest

from palabre.partners.tests.factories import ConventionFactory
from palabre.reports import indicators
from palabre.reports.indicators import Rate, Spread
from palabre.reports.scope import Scope


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
