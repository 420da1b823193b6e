"""Answers to requests and their delays (``reports.referral_delays``), counted by hand.

The service of 2026 (every request received at 10:00, Paris time; targets 10 and 30 days):

| #  | way in      | received   | first contact           | decision                    |
|----|-------------|------------|-------------------------|-----------------------------|
| 1  | police      | 02/03      | 05/03 (3 d)             | accepted 09/03 (7 d)        |
| 2  | police      | 10/03      | 25/03 (15 d, late)      | accepted 30/03 (20 d)       |
| 3  | police      | 01/04      | —                       | closed at its limit 01/05   |
| 4  | landlord    | 04/05      | 05/05 (1 d)             | declined 06/05 (2 d)        |
| 5  | landlord    | 11/05      | —                       | declined 12/05 (1 d)        |
| 6  | landlord    | 01/06      | 08/06 (7 d)             | re-oriented 20/06 (19 d)    |
| 7  | city        | 01/07      | —                       | closed at its limit 31/07   |
| 8  | online form | 01/09      | 02/09 (1 d)             | accepted 03/09 (2 d)        |
| 9  | online form | 28/12      | —                       | waiting (due 07/01/2027)    |
| 10 | association | 05/10      | 20/10 (15 d, late)      | accepted 30/10 (25 d)       |
| 11 | police      | 20/12/2025 | —                       | accepted 22/12/2025         |
| 12 | landlord    | 20/12      | 05/01/2027 (next year)  | waiting                     |

and two cases opened in 2026 by a walk-in at a permanence.

| way in      | recv | contact | decided | closed | due | in time | contact m/p90 | decision m/p90 |
|-------------|------|---------|---------|--------|-----|---------|---------------|----------------|
| police      | 3    | 2       | 2       | 1      | 3   | 1       | 9 / 13.8      | 13.5 / 18.7    |
| landlord    | 4    | 2       | 3       | 0      | 4   | 3       | 4 / 6.4       | 2 / 15.6       |
| city        | 1    | 0       | 0       | 1      | 1   | 0       | —             | —              |
| other       | 1    | 1       | 1       | 0      | 1   | 0       | 15 / 15       | 25 / 25        |
| online form | 2    | 1       | 1       | 0      | 1   | 1       | 1 / 1         | 2 / 2          |
| walk-in     | 2    | 2       | 2       | 0      | 2   | 2       | 0 / 0         | 0 / 0          |
| total       | 13   | 8       | 9       | 2      | 12  | 7       | 2 / 15        | 2 / 21         |

The 90th percentile by the inclusive method: at position 0.9 × (n − 1) of the sorted delays,
interpolated (police contacts 3 and 15: 3 + 0.9 × 12 = 13.8).
"""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import codes
from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory, CommuneFactory, MembershipFactory
from palabre.partners.models import Contact, PartnerKind
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory
from palabre.referrals import actions
from palabre.referrals.models import Decision, Origin, Referral
from palabre.reports import funder, indicators, referral_delay_tables, referral_delays, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import narrow_cells, suppress
from palabre.reports.tables import SUPPRESSED

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# number: way in, received, first contact, decision, decided (days are 2026 unless written)
REQUESTS = {
    1: ("police", "2026-03-02", "2026-03-05", Decision.ACCEPTED, "2026-03-09"),
    2: ("police", "2026-03-10", "2026-03-25", Decision.ACCEPTED, "2026-03-30"),
    3: ("police", "2026-04-01", None, Decision.LAPSED, "2026-05-01"),
    4: ("landlord", "2026-05-04", "2026-05-05", Decision.DECLINED, "2026-05-06"),
    5: ("landlord", "2026-05-11", None, Decision.DECLINED, "2026-05-12"),
    6: ("landlord", "2026-06-01", "2026-06-08", Decision.REORIENTED, "2026-06-20"),
    7: ("city", "2026-07-01", None, Decision.LAPSED, "2026-07-31"),
    8: ("online", "2026-09-01", "2026-09-02", Decision.ACCEPTED, "2026-09-03"),
    9: ("online", "2026-12-28", None, Decision.PENDING, None),
    10: ("association", "2026-10-05", "2026-10-20", Decision.ACCEPTED, "2026-10-30"),
    11: ("police", "2025-12-20", None, Decision.ACCEPTED, "2025-12-22"),
    12: ("landlord", "2026-12-20", "2027-01-05", Decision.PENDING, None),
}
KINDS = {
    "police": PartnerKind.POLICE,
    "landlord": PartnerKind.SOCIAL_LANDLORD,
    "city": PartnerKind.CITY,
    "association": PartnerKind.ASSOCIATION,
}
# way in: received, contacted, decided, lapsed, due, in time, contact (med, p90), decision (…)
EXPECTED = {
    "Police (relais main courante)": (3, 2, 2, 1, 3, 1, (9, 13.8), (13.5, 18.7)),
    "Bailleur social": (4, 2, 3, 0, 4, 3, (4, 6.4), (2, 15.6)),
    "Ville, commune ou Métropole": (1, 0, 0, 1, 1, 0, (None, None), (None, None)),
    "Autre partenaire": (1, 1, 1, 0, 1, 0, (15, 15), (25, 25)),
    "Demande en ligne": (2, 1, 1, 0, 1, 1, (1, 1), (2, 2)),
    "Permanence sans rendez-vous": (2, 2, 2, 0, 2, 2, (0, 0), (0, 0)),
    "Total": (13, 8, 9, 2, 12, 7, (2, 15), (2, 21)),
}


def ten(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=PARIS)


@pytest.fixture
def requests(service):
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    partners = {
        way: PartnerFactory(organisation=service, kind=kind, name=f"Partenaire {way}")
        for way, kind in KINDS.items()
    }
    made = {}
    for number, (way, received, contacted, decision, decided) in REQUESTS.items():
        partner = partners.get(way)
        referral = actions.submit_referral(
            organisation=service,
            origin=Origin.PUBLIC_FORM if partner is None else Origin.PARTNER_ACCOUNT,
            partner=partner,
            requester_first_name="Prénom",
            requester_last_name=f"Demande{number}",
            requester_phone=f"06000000{number:02d}",
            commune=cesson if number == 8 else rennes,
            conflict_category="NOISE",
            agreed_to_be_contacted=True,
            notify=False,
            received_at=ten(received),
        )
        Referral.objects.filter(pk=referral.pk).update(
            first_contact_at=ten(contacted) if contacted else None,
            first_contact_channel="PHONE" if contacted else "",
            decision=decision,
            decided_at=ten(decided) if decided else None,
            decline_reason="OUT_OF_TERRITORY" if decision == Decision.DECLINED else "",
        )
        made[number] = referral
    for day in ("2026-02-10", "2026-08-18"):
        CaseFactory(
            organisation=service,
            by=coordinator,
            opened_on=dt.date.fromisoformat(day),
            channel=codes.Channel.PERMANENCE_WALK_IN,
            commune=rennes,
        )
    return {"partners": partners, "referrals": made, "rennes": rennes, "coordinator": coordinator}


@pytest.fixture
def after_2026(monkeypatch):
    moment = dt.datetime(2027, 1, 15, 9, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def by_label(delays) -> dict:
    rows = [*delays["channels"], delays["total"]]
    return {
        row.label: (
            row.received,
            row.contacted,
            row.decided,
            row.lapsed,
            row.due,
            row.in_time,
            (row.to_contact.median, row.to_contact.p90),
            (row.to_decision.median, row.to_decision.p90),
        )
        for row in rows
    }


def test_the_year_counted_by_hand(service, requests, after_2026):
    delays = referral_delays.compute(Scope.of_year(service, 2026))
    assert by_label(delays) == EXPECTED
    # In the order of the ways in, never of the counts.
    assert list(by_label(delays)) == list(EXPECTED)


def test_the_tables_say_the_same_and_their_share(service, requests, after_2026):
    figures = indicators.compute(Scope.of_year(service, 2026))
    answers, delays = referral_delay_tables.tables(figures.referral_delays)
    assert answers.rows[0] == ["Police (relais main courante)", 3, 2, 2, 1, 3, 1, 1 / 3]
    assert answers.rows[-1] == ["Total", 13, 8, 9, 2, 12, 7, 7 / 12]
    assert delays.rows[1] == ["Bailleur social", 2, 4, 6.4, 3, 2, 15.6]
    assert delays.rows[2] == ["Ville, commune ou Métropole", 0, None, None, 0, None, None]
    # The dashboard's tables: the activity report's, these two among them.
    titles = [str(t.title) for t in report.activity_tables(figures)]
    assert "Orientations et demandes reçues : réponses" in titles
    assert "Délais de réponse aux orientations et demandes, en jours" in titles


def test_a_step_after_the_period_does_not_count_in_it(service, requests, after_2026):
    delays = referral_delays.compute(Scope.of_year(service, 2026))
    landlord = by_label(delays)["Bailleur social"]
    assert landlord[1] == 2  # request 12's contact came on 5 January 2027
    # Read during 2026, on 31 May at noon: request 5 was decided, 6 not yet received.
    during = referral_delays.compute(
        Scope.of_year(service, 2026), now=dt.datetime(2026, 5, 31, 12, tzinfo=PARIS)
    )
    assert by_label(during)["Bailleur social"][:6] == (2, 1, 2, 0, 2, 2)


def test_a_closure_made_this_very_instant_counts_in_the_period_in_progress(
    service, requests, after_2026
):
    closed_at = ten("2026-05-01")  # request 3, closed at its limit
    delays = referral_delays.compute(Scope.of_year(service, 2026), now=closed_at)
    assert by_label(delays)["Police (relais main courante)"][3] == 1
    before = referral_delays.compute(
        Scope.of_year(service, 2026), now=closed_at - dt.timedelta(seconds=1)
    )
    assert by_label(before)["Police (relais main courante)"][3] == 0


def test_a_request_belongs_to_the_day_it_arrived_in_paris(service, requests, after_2026):
    police = requests["partners"]["police"]
    for moment in (
        dt.datetime(2026, 12, 31, 23, 30, tzinfo=PARIS),
        dt.datetime(2027, 1, 1, 0, 10, tzinfo=PARIS),
    ):
        actions.submit_referral(
            organisation=service,
            origin=Origin.PARTNER_ACCOUNT,
            partner=police,
            requester_first_name="Nuit",
            requester_last_name=f"Limite{moment.year}",
            requester_phone=f"0700000{moment.year}",
            conflict_category="NOISE",
            agreed_to_be_contacted=True,
            notify=False,
            received_at=moment,
        )
    delays = referral_delays.compute(Scope.of_year(service, 2026))
    assert by_label(delays)["Police (relais main courante)"][0] == 4


def test_a_landlords_report_shows_its_own_referrals_delays(service, requests, after_2026):
    landlord = requests["partners"]["landlord"]
    convention = ConventionFactory(organisation=service, partners=[landlord], funder=landlord)
    convention.scope_landlords.set([landlord])
    composed = funder.compose(convention, 2026)
    answers = next(t for t in composed.tables if t.title == referral_delay_tables.ANSWERS_TITLE)
    assert [row[0] for row in answers.rows] == ["Bailleur social", "Total"]
    assert answers.rows[-1][1:7] == [4, 2, 3, 0, 4, 3]
    delays = next(t for t in composed.tables if t.title == referral_delay_tables.DELAYS_TITLE)
    assert delays.rows[-1] == ["Total", 2, 4, 6.4, 3, 2, 15.6]
    # Leaving the service: the small counts hidden, nothing a reader can work back.
    hidden = suppress(composed.tables)
    answers = next(t for t in hidden if t.title == referral_delay_tables.ANSWERS_TITLE)
    assert answers.rows[-1][1] is SUPPRESSED and answers.rows[-1][7] is SUPPRESSED
    assert narrow_cells(hidden) == []


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"scope_referral_sources": ["POLICE_NATIONALE"]}, ["Police (relais main courante)"]),
        ({"scope_referral_sources": ["MEDIA_WEB"]}, ["Demande en ligne"]),
        ({"scope_referral_sources": ["OTHER"]}, []),
        ({"scope_referral_sources": ["ASSOCIATION"]}, ["Autre partenaire"]),
    ],
)
def test_a_convention_by_referral_source_keeps_those_sent_by_such_partners(
    service, requests, after_2026, rule, expected
):
    convention = ConventionFactory(organisation=service, **rule)
    delays = referral_delays.compute(Scope.of_year(service, 2026, convention=convention))
    assert [row.label for row in delays["channels"]] == expected


def test_a_city_convention_by_commune_keeps_the_requests_of_its_communes(
    service, requests, after_2026
):
    convention = ConventionFactory(organisation=service)
    convention.scope_communes.set([requests["rennes"]])
    delays = referral_delays.compute(Scope.of_year(service, 2026, convention=convention))
    # Request 8 came from Cesson; the walk-ins' cases are in Rennes.
    assert by_label(delays)["Demande en ligne"][0] == 1
    assert delays["total"].received == 12


def test_a_quartier_or_a_convention_elsewhere_places_no_request(service, requests, after_2026):
    from palabre.cases.tests.factories import QuartierFactory

    quartier = QuartierFactory(commune=requests["rennes"], name="Maurepas")
    assert referral_delays.compute(Scope.of_year(service, 2026, quartiers=(quartier.pk,))) is None
    by_quartier = ConventionFactory(organisation=service)
    by_quartier.scope_quartiers.set([quartier])
    assert referral_delays.compute(Scope.of_year(service, 2026, convention=by_quartier)) is None
    field_only = ConventionFactory(organisation=service, scope_activities=["FIELD_MEDIATION"])
    assert referral_delays.compute(Scope.of_year(service, 2026, convention=field_only)) is None


def test_another_service_counts_none_of_these(other_service, requests, after_2026):
    delays = referral_delays.compute(Scope.of_year(other_service, 2026))
    assert delays["channels"] == [] and delays["total"].received == 0


def test_the_walk_ins_are_the_same_quantity_as_under_the_channels(service, requests, after_2026):
    figures = indicators.compute(Scope.of_year(service, 2026))
    assert figures.breakdowns["channel"].count(codes.Channel.PERMANENCE_WALK_IN) == 2
    tables = report.activity_tables(figures)
    # Hidden together, shown together: one quantity in the document.
    hidden = suppress(tables)
    answers = next(t for t in hidden if t.title == referral_delay_tables.ANSWERS_TITLE)
    walk_in = next(row for row in answers.rows if row[0] == "Permanence sans rendez-vous")
    channel = next(
        t for t in hidden if t.title == "Nouvelles saisines par canal du premier contact"
    )
    shown = next(row for row in channel.rows if row[0] == "Permanence (sans rendez-vous)")
    assert walk_in[1] is SUPPRESSED and shown[1] is SUPPRESSED
    assert narrow_cells(hidden) == []
    assert Case.objects.filter(organisation=service).count() == 2


def test_the_dashboard_shows_the_figures_to_the_coordination(service, requests, after_2026, login):
    page = (
        login(requests["coordinator"])
        .get(reverse("reports:dashboard"), {"annee": 2026})
        .content.decode()
    )
    assert "Orientations et demandes reçues : réponses" in page
    assert "Police (relais main courante)" in page and "Demande2" not in page


def test_the_partner_portal_shows_its_own_aggregate_hidden_when_small(
    service, requests, member, login, monkeypatch
):
    moment = dt.datetime(2026, 12, 31, 12, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    landlord = requests["partners"]["landlord"]
    agent = member("partner")
    Contact.objects.create(
        organisation=service, partner=landlord, first_name="A", last_name="B", membership=agent
    )
    page = login(agent).get("/orientations/partenaire/").content.decode()
    assert "Délais de réponse du service" in page and "Vos orientations" in page
    assert "&lt; 5" in page
    # Its own figures only: the police's three requests are nowhere.
    panel = referral_delay_tables.portal_panel(agent, landlord)
    answers, _delays = panel["tables"]
    assert [row[0] for row in answers.rows] == ["Vos orientations"]
    assert answers.rows[0][1] is SUPPRESSED  # 4 received


def test_the_portal_panel_is_for_partner_accounts_only(service, requests, member):
    landlord = requests["partners"]["landlord"]
    for role in ("admin", "coordinator", "reception", "board", "mediator", "network_staff"):
        assert referral_delay_tables.portal_panel(member(role), landlord) is None


def test_a_partner_of_another_service_sees_none_of_these_on_its_portal(
    requests, other_service, login, after_2026
):
    same_name = PartnerFactory(
        organisation=other_service, kind=PartnerKind.SOCIAL_LANDLORD, name="Partenaire landlord"
    )
    agent = MembershipFactory(organisation=other_service, role="partner")
    Contact.objects.create(
        organisation=other_service, partner=same_name, first_name="A", last_name="B",
        membership=agent,
    )  # fmt: skip
    panel = referral_delay_tables.portal_panel(agent, same_name)
    answers, _delays = panel["tables"]
    assert answers.rows == [["Vos orientations", 0, 0, 0, 0, 0, 0, None]]
    page = login(agent).get("/orientations/partenaire/").content.decode()
    assert "Vos orientations" in page and "Demande4" not in page
