"""The « Journal des consultations » pages: the coordination only, reads outside the case's team
highlighted, a person's own log, the service's log filtered by member, nature and period."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.core.reads import Read
from palabre.privacy.access_log import AccessRecord

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)
OUTSIDE = "Hors équipe du dossier"


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; starts on 1 December 2026 at 9:00."""
    state = {"now": START}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def case(service, coordinator, clock):
    return CaseFactory(
        organisation=service,
        by=coordinator,
        opened_on=dt.date(2026, 11, 2),
        requester_last_name="Kerbrat",
        other_party_last_name="Moreau",
    )


@pytest.fixture
def world(service, other_service, case, coordinator, member):
    network = OrganisationFactory(name="Le réseau", slug="le-reseau", kind="NETWORK")
    people = {
        "admin": member("admin"),
        "coordinator": coordinator,
        "mediator": member("mediator"),
        "reception": member("reception"),
        "board": member("board"),
        "partner": member("partner"),
        "network_staff": MembershipFactory(organisation=network, role="network_staff"),
        "network admin": MembershipFactory(organisation=network, role="admin"),
        "foreign coordinator": MembershipFactory(organisation=other_service, role="coordinator"),
    }
    actions.assign_mediators(case=case, by=coordinator, mediators=[people["mediator"]])
    foreign_case = CaseFactory(
        organisation=other_service,
        by=people["foreign coordinator"],
        opened_on=dt.date(2026, 11, 2),
    )
    return {"people": people, "case": case, "foreign_case": foreign_case}


PAGES = {
    "service log": lambda w: reverse("privacy:access_log"),
    "case log": lambda w: reverse("privacy:case_access_log", args=[w["case"].pk]),
    "person log": lambda w: reverse(
        "privacy:party_access_log", args=[w["case"].pk, w["case"].requester().pk]
    ),
    "foreign case log": lambda w: reverse("privacy:case_access_log", args=[w["foreign_case"].pk]),
    "foreign person log": lambda w: reverse(
        "privacy:party_access_log", args=[w["foreign_case"].pk, w["foreign_case"].requester().pk]
    ),
    "foreign person in own case": lambda w: reverse(
        "privacy:party_access_log", args=[w["case"].pk, w["foreign_case"].requester().pk]
    ),
}
OWN = {"service log", "case log", "person log"}


# Who reaches which page: the service's coordination its own service's pages; the foreign
# service's coordinator only its own (its log, its case); everybody else nothing.
REACHES = {
    "admin": OWN,
    "coordinator": OWN,
    "foreign coordinator": {"service log", "foreign case log", "foreign person log"},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "who",
    [
        "admin",
        "coordinator",
        "mediator",
        "reception",
        "board",
        "partner",
        "network_staff",
        "network admin",
        "foreign coordinator",
    ],
)
def test_only_a_service_s_coordination_reaches_its_access_log(login, world, who, page):
    response = login(world["people"][who]).get(PAGES[page](world))

    assert response.status_code == (200 if page in REACHES.get(who, ()) else 404)


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world, page):
    response = client.get(PAGES[page](world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_foreign_coordinator_s_service_log_shows_nothing_of_this_service(login, world):
    login(world["people"]["reception"]).get(reverse("cases:detail", args=[world["case"].pk]))

    response = login(world["people"]["foreign coordinator"]).get(reverse("privacy:access_log"))

    assert list(response.context["records"]) == []
    assert world["case"].reference not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "sees_link"),
    [("admin", True), ("coordinator", True), ("mediator", False), ("reception", False)],
)
def test_the_case_page_links_to_its_log_for_the_coordination_only(login, world, who, sees_link):
    response = login(world["people"][who]).get(reverse("cases:detail", args=[world["case"].pk]))

    url = reverse("privacy:case_access_log", args=[world["case"].pk])
    assert (url in response.content.decode()) is sees_link


def _rows(response):
    """(role, outside the team) of each row shown, newest first."""
    return [(r.role, r.outside_team) for r in response.context["records"]]


def test_reads_by_people_outside_the_case_s_team_are_highlighted(login, world, clock, member):
    case, people = world["case"], world["people"]
    detail = reverse("cases:detail", args=[case.pk])
    other_coordinator = member("coordinator")
    for minutes, who in enumerate([people["mediator"], people["reception"], other_coordinator]):
        clock(START + dt.timedelta(minutes=minutes + 1))
        login(who).get(detail)
    clock(START + dt.timedelta(minutes=10))
    actions.assign_mediators(case=case, by=people["coordinator"], mediators=[])
    clock(START + dt.timedelta(minutes=11))
    login(people["coordinator"]).get(detail)  # the case's own coordinator

    response = login(people["coordinator"]).get(reverse("privacy:case_access_log", args=[case.pk]))

    assert _rows(response) == [
        ("coordinator", False),
        ("coordinator", True),
        ("reception", True),
        ("mediator", False),  # assigned at that moment
    ]
    page = response.content.decode()
    assert page.count(OUTSIDE) == 2
    assert page.count('class="table-warning"') == 2
    assert "INVALID[" not in page
    assert str(people["reception"].user.get_full_name()) in page


def test_a_read_after_the_mediator_left_the_case_is_outside_the_team(login, world, clock):
    """The mediator left the pair, then reads the case again (as a coordinator of another
    organisation would not be able to): seen through the log's own records, planted here."""
    case, people = world["case"], world["people"]
    actions.assign_mediators(case=case, by=people["coordinator"], mediators=[])
    clock(START + dt.timedelta(hours=1))
    AccessRecord.objects.create(
        organisation=case.organisation,
        viewer_organisation=case.organisation,
        membership=people["mediator"],
        user=people["mediator"].user,
        role="mediator",
        read_at=timezone.now(),
        kind=Read.CASE_PAGE,
        case_id=case.pk,
        path="/",
    )

    response = login(people["coordinator"]).get(reverse("privacy:case_access_log", args=[case.pk]))

    assert _rows(response) == [("mediator", True)]


def test_a_person_s_log_holds_their_letters_and_their_case_s_pages_only(login, world, clock):
    case, people = world["case"], world["people"]
    requester, other = case.requester(), case.other_parties()[0]
    base = {
        "organisation": case.organisation,
        "viewer_organisation": case.organisation,
        "membership": people["coordinator"],
        "user": people["coordinator"].user,
        "role": "coordinator",
        "path": "/",
    }
    for minutes, (kind, case_id, party_id) in enumerate(
        [
            (Read.CASE_PAGE, case.pk, None),
            (Read.LETTER, case.pk, other.pk),
            (Read.ATTESTATION, case.pk, requester.pk),
            (Read.EXPORT, None, None),
            (Read.CASE_PAGE, world["foreign_case"].pk, None),
        ]
    ):
        AccessRecord.objects.create(
            **base,
            read_at=START + dt.timedelta(minutes=minutes),
            kind=kind,
            case_id=case_id,
            party_id=party_id,
        )

    response = login(people["coordinator"]).get(
        reverse("privacy:party_access_log", args=[case.pk, requester.pk])
    )

    assert [r.kind for r in response.context["records"]] == [Read.ATTESTATION, Read.CASE_PAGE]
    page = response.content.decode()
    assert "Attestation de tentative de médiation (PDF) — " in page
    assert "Courrier d'invitation" not in page
    assert "INVALID[" not in page


# --- The service's log --------------------------------------------------------------------------


@pytest.fixture
def reads(world, login, clock):
    """The reception reads the case on 1 December, the mediator on 3 and 5 December; the
    coordination downloads the case list on 5 December."""
    case, people = world["case"], world["people"]
    detail = reverse("cases:detail", args=[case.pk])
    for day, who in [(1, "reception"), (3, "mediator"), (5, "mediator")]:
        clock(dt.datetime(2026, 12, day, 23, 30, tzinfo=PARIS))
        login(people[who]).get(detail)
    login(people["coordinator"]).get(reverse("reports:case_list_export", args=["ods"]))
    clock(dt.datetime(2026, 12, 6, 9, tzinfo=PARIS))
    return people


def _service_log(login, people, **filters):
    return login(people["coordinator"]).get(reverse("privacy:access_log"), filters)


def test_the_service_log_lists_every_read_with_its_case(login, reads, world):
    response = _service_log(login, reads)

    assert response.context["total"] == 4
    page = response.content.decode()
    assert reverse("privacy:case_access_log", args=[world["case"].pk]) in page
    assert "1 ligne" in page  # the export says how many cases it held
    assert "INVALID[" not in page


def test_the_service_log_filters_by_member(login, reads):
    response = _service_log(login, reads, membre=reads["mediator"].pk)

    assert [r.membership for r in response.context["records"]] == [reads["mediator"]] * 2


def test_the_service_log_filters_by_nature(login, reads):
    response = _service_log(login, reads, nature=Read.EXPORT)

    assert [(r.kind, r.count) for r in response.context["records"]] == [(Read.EXPORT, 1)]


def test_the_service_log_filters_by_period_in_local_days(login, reads):
    """23:30 in Paris on 3 December is 22:30 UTC: still the 3rd."""
    response = _service_log(login, reads, du="2026-12-02", au="2026-12-03")

    assert [r.read_at.astimezone(PARIS).day for r in response.context["records"]] == [3]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"du": "2026-12-05", "au": "2026-12-01"}, "La fin de la période précède son début."),
        ({"du": "pas une date"}, "Saisissez une date valide."),
        ({"membre": "00000000-0000-0000-0000-000000000000"}, "Sélectionnez un choix valide."),
        ({"nature": "lecture"}, "Sélectionnez un choix valide."),
    ],
)
def test_wrong_filters_say_why_in_french_and_show_nothing(login, reads, filters, message):
    response = _service_log(login, reads, **filters)

    assert response.status_code == 200
    assert list(response.context["records"]) == []
    page = response.content.decode()
    assert "Certains filtres ne sont pas valides" in page
    assert message in re.sub(r"\s+", " ", page).replace("&#x27;", "'")


def test_the_member_filter_offers_only_the_service_s_people(login, world):
    response = login(world["people"]["coordinator"]).get(reverse("privacy:access_log"))

    offered = {value for value, _label in response.context["form"].fields["membre"].choices}
    assert str(world["people"]["reception"].pk) in offered
    assert str(world["people"]["foreign coordinator"].pk) not in offered
    assert str(world["people"]["network_staff"].pk) not in offered


def test_the_service_log_costs_the_same_queries_for_5_and_60_reads(login, world):
    people, case = world["people"], world["case"]
    detail = reverse("cases:detail", args=[case.pk])
    url = reverse("privacy:access_log")
    for _ in range(5):
        login(people["reception"]).get(detail)
    client = login(people["coordinator"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(55):
        login(people["mediator"]).get(detail)
    client = login(people["coordinator"])
    client.get(url)

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["records"]) == 50
    assert len(many) == len(few) <= 12
