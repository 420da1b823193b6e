"""The activity dashboard and the definitions page, over the service counted by hand in
conftest.py (21 new cases in 2026, 2 in 2025; 15 of 2026's in Cesson-Sévigné)."""

import datetime as dt
import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from palabre.cases import actions, codes
from palabre.cases.tests.factories import CaseFactory, CommuneFactory
from palabre.reports import report
from palabre.reports.tables import SUPPRESSED, Table

DASHBOARD = reverse("reports:dashboard")
DEFINITIONS = reverse("reports:definitions")
MARKER = "MARQUEUR-TABLEAU-DE-BORD-5K"


def page(response):
    assert response.status_code == 200
    content = response.content.decode()
    assert "INVALID[" not in content
    return html.unescape(content)


CARD = (
    r'</p>\s*<p class="display-6 mb-0">(?:<a href="(?P<url>[^"]*)">)?(?P<value>[^<]*)'
    r'(?:<span class="visually-hidden">(?P<link_text>[^<]*)</span></a>)?</p>\s*'
    r'<p class="small text-secondary-strong mb-0 mt-1">(?P<hint>[^<]*)</p>'
)


def card(content, label):
    """The value and the hint of the stat card with this label (its number a link or not)."""
    found = re.search(re.escape(label) + CARD, content)
    assert found, f"no card « {label} »"
    return found["value"], found["hint"]


def card_link(content, label):
    """The address the card's number leads to and its text for screen readers (None: no link)."""
    found = re.search(re.escape(label) + CARD, content)
    assert found, f"no card « {label} »"
    return (found["url"], found["link_text"]) if found["url"] else None


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("coordinator", 200),
        ("board", 200),
        ("reception", 404),
        ("mediator", 404),
        ("partner", 404),
        ("network_staff", 404),
    ],
)
def test_only_the_coordination_and_the_board_see_the_dashboard(login, member, role, status):
    assert login(member(role)).get(DASHBOARD).status_code == status


@pytest.mark.parametrize(
    "role", ["admin", "coordinator", "board", "reception", "mediator", "partner", "network_staff"]
)
def test_every_member_reads_the_definitions(login, member, role):
    assert login(member(role)).get(DEFINITIONS).status_code == 200


def test_nobody_signed_out_reads_the_definitions(client, db):
    response = client.get(DEFINITIONS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_leads_the_board_to_the_dashboard(login, member):
    content = page(login(member("board")).get(DEFINITIONS))
    assert f'href="{DASHBOARD}">Activité</a>' in content
    assert reverse("cases:overview") not in content


# --- Figures ------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_year_and_the_year_before(login, world, coordinator):
    content = page(login(coordinator).get(DASHBOARD, {"annee": "2026"}))
    assert "Activité du service — 2026" in content
    assert card(content, "Nouvelles saisines") == ("21", "2025 : 2")
    assert card(content, "Situations closes") == ("7", "2025 : 1")
    assert card(content, "Demandes d'information (sans dossier)") == ("3", "2025 : 1")
    # C1, C2 and C8 closed with an agreement, of the 7 closed in 2026; C9, of 1 in 2025.
    value, hint = card(content, "Accords, parmi les dossiers clos")
    assert (value, hint) == ("42,9\N{NO-BREAK SPACE}%", "3 sur 7 ; 2025 : 100\N{NO-BREAK SPACE}%")
    # The charts and the tables say the same, every figure shown (Néotoa's 2 is not hidden).
    assert "Nouvelles saisines par commune" in content
    assert "Néotoa" in content
    assert "< 5" not in content
    assert '<caption class="fw-semibold text-body">Chiffres clés</caption>' in content
    for definitions_link in (DEFINITIONS, reverse("reports:runs")):
        assert f'href="{definitions_link}"' in content


def test_a_case_of_another_service_is_never_counted(
    login, world, coordinator, member, other_service
):
    foreign = CommuneFactory(organisation=other_service, name="Brest")
    CaseFactory(
        organisation=other_service,
        by=member("coordinator", organisation=other_service),
        opened_on=dt.date(2026, 3, 1),
        commune=foreign,
    )
    client = login(coordinator)
    content = page(client.get(DASHBOARD, {"annee": "2026"}))
    assert card(content, "Nouvelles saisines") == ("21", "2025 : 2")
    assert "Brest" not in content
    # Another service's commune is not a choice.
    content = page(client.get(DASHBOARD, {"annee": "2026", "commune": str(foreign.pk)}))
    assert "Sélectionnez un choix valide" in content
    assert "Brest" not in content


def test_a_commune_narrows_the_figures_and_the_chart_goes_by_quartier(login, world, coordinator):
    cesson = world["cesson"]
    content = page(login(coordinator).get(DASHBOARD, {"annee": "2026", "commune": cesson.pk}))
    assert "Activité 2026 — Cesson-Sévigné" in content
    assert card(content, "Nouvelles saisines") == ("15", "2025 : 1")
    assert "Nouvelles saisines par quartier" in content
    assert f'<option value="{cesson.pk}" selected>' in content


def test_a_period_between_two_dates_is_compared_with_the_same_dates_a_year_before(
    login, world, coordinator
):
    content = page(login(coordinator).get(DASHBOARD, {"du": "2025-11-01", "au": "2026-02-28"}))
    assert "Activité du service — du 01/11/2025 au 28/02/2026" in content
    # C1 (10/11/2025), C2 (05/01/2026), C3 (01/02/2026); a year before: none.
    assert card(content, "Nouvelles saisines") == ("3", "du 01/11/2024 au 28/02/2025 : 0")


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"annee": "abc"}, "Sélectionnez un choix valide"),
        ({"du": "2026-05-01", "au": "2026-04-01"}, "La date de fin précède la date de début."),
        ({"du": "2026-05-01"}, "Indiquez les deux dates de la période."),
        ({"du": "01/05/2026x", "au": "2026-06-01"}, "Saisissez une date valide."),
        ({"du": "1900-01-01", "au": "1900-12-31"}, "à partir du 1er janvier 2000"),
    ],
)
def test_a_bad_filter_says_why_and_shows_the_current_year(
    login, world, coordinator, clock_after_2026, query, error
):
    content = page(login(coordinator).get(DASHBOARD, query))
    assert error in content
    assert "Certains filtres ne sont pas valides" in content
    # The clock says 15 January 2027: the current year, for the whole service.
    assert "Activité du service — 2027" in content
    assert card(content, "Nouvelles saisines") == ("1", "2026 : 21")


def test_a_quartier_of_another_commune_is_refused(login, world, coordinator):
    villejean = world["cases"][4].quartier
    query = {"commune": world["cesson"].pk, "quartier": villejean.pk}
    content = page(login(coordinator).get(DASHBOARD, query))
    assert "Ce quartier n'est pas dans la commune choisie." in content


def test_the_dashboard_costs_the_same_queries_whatever_the_number_of_cases(
    login, world, coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(coordinator)
    with CaptureQueriesContext(connection) as first:
        page(client.get(DASHBOARD, {"annee": "2026"}))
    for day in range(1, 21):
        CaseFactory(organisation=world["service"], by=coordinator, opened_on=dt.date(2026, 6, day))
    with django_assert_max_num_queries(len(first)):
        page(client.get(DASHBOARD, {"annee": "2026"}))
    # The session, the first case's year, the territory, then the figures of both years.
    # Two per year to learn there is no outreach, no collective case; the session is read from
    # the database (adr/0039).
    assert len(first) <= 69


# --- Definitions --------------------------------------------------------------------------------


def test_the_definitions_page_lists_every_definition(login, member):
    content = page(login(member("mediator")).get(DEFINITIONS))
    for title, items in report.definitions():
        assert f">{title}</h2>" in content
        for definition in items:
            assert f">{definition.label}</dt>" in content
            assert definition.text in content


# --- From a figure to its list (tests/test_same_number.py checks that they agree) ---------------


def test_each_case_figure_leads_the_coordination_to_its_list(login, world, coordinator):
    cesson = world["cesson"].pk
    content = page(login(coordinator).get(DASHBOARD, {"annee": "2026", "commune": cesson}))
    period = f"du=2026-01-01&au=2026-12-31&commune={cesson}"
    for label, kind in [
        ("Nouvelles saisines", "ouverts"),
        ("Situations traitées", "traites"),
        ("Situations closes", "clos"),
    ]:
        url, link_text = card_link(content, label)
        assert url == f"{reverse('cases:list')}?periode={kind}&{period}"
        assert link_text == " — voir ces dossiers"
    # No list counts persons, interviews, meetings or a rate; no page lists information
    # requests yet.
    for label in (
        "Personnes concernées",
        "Entretiens individuels tenus",
        "Accords, parmi les dossiers clos",
        "Demandes d'information (sans dossier)",
    ):
        assert card_link(content, label) is None


def test_a_bar_leads_to_the_cases_it_counts(login, world, coordinator):
    response = login(coordinator).get(DASHBOARD, {"annee": "2026"})
    charts = {chart["id"]: chart for chart in response.context["charts"]}
    origins = {bar.label: bar for bar in charts["graphique-origine"]["bars"]}
    assert origins["Bailleur social"].value == 2  # C3 and C7
    assert origins["Bailleur social"].url.endswith(
        "?periode=ouverts&du=2026-01-01&au=2026-12-31&referral_source=SOCIAL_LANDLORD"
    )
    months = {bar.label: bar for bar in charts["graphique-mois"]["bars"]}
    assert months["novembre 2026"].url.endswith("?periode=ouverts&du=2026-11-01&au=2026-11-30")
    assert months["décembre 2026"].url == ""  # nothing to list
    closures = {bar.label: bar for bar in charts["graphique-cloture"]["bars"]}
    assert closures["Accord total (écrit ou oral)"].url.endswith(
        "?periode=clos&du=2026-01-01&au=2026-12-31&closure_reason=AGREEMENT_FULL"
    )
    # The case list's motive is any motive of a case, not its main one: no link.
    assert all(not bar.url for bar in charts["graphique-motif"]["bars"])
    content = page(response)
    assert "voir ces dossiers</span></a></td>" in content


def test_the_board_reads_the_figures_without_links_to_lists_it_may_not_see(login, world, member):
    response = login(member("board")).get(DASHBOARD, {"annee": "2026"})
    content = page(response)
    assert card(content, "Nouvelles saisines") == ("21", "2025 : 2")
    assert card_link(content, "Nouvelles saisines") is None
    assert reverse("cases:list") not in content
    assert not any(bar.url for chart in response.context["charts"] for bar in chart["bars"])


# --- Confidentiality ----------------------------------------------------------------------------


def test_no_note_or_name_ever_reaches_the_dashboard(login, world, coordinator, member):
    case = world["cases"][6]  # open, in Rennes
    actions.add_private_note(case=case, by=coordinator, text=f"Il a dit {MARKER}")
    actions.add_party(case=case, by=coordinator, role=codes.PartyRole.OTHER_PARTY, last_name=MARKER)
    for viewer in (coordinator, member("board")):
        client = login(viewer)
        for query in ({"annee": "2026"}, {"commune": world["cesson"].pk}, {}):
            content = page(client.get(DASHBOARD, query))
            assert MARKER not in content
            assert "Demandeur 6" not in content
            assert case.reference not in content


# --- The table component ------------------------------------------------------------------------


def test_a_report_table_reads_in_french_with_its_total_in_bold():
    table = Table(
        title="Nouvelles saisines par commune",
        headings=["Commune", "Saisines", "Part"],
        rows=[["Rennes", 1234, 0.125], ["Cesson", SUPPRESSED, SUPPRESSED], ["Total", 1400, 1.0]],
        count_columns=[1],
        has_total=True,
        percent_columns=[2],
        note="Une note.",
        suppressed_below=5,
    )
    content = html.unescape(render_to_string("components/report_table.html", {"table": table}))
    assert "<caption" in content and "Nouvelles saisines par commune</caption>" in content
    assert '<th scope="col" class="text-end">Saisines</th>' in content
    assert '<th scope="row" class="fw-normal">Rennes</th>' in content
    assert ">1\N{NO-BREAK SPACE}234</td>" in content or ">1\N{NARROW NO-BREAK SPACE}234</td>" in (
        content
    )
    assert ">12,5\N{NO-BREAK SPACE}%</td>" in content
    assert content.count(">< 5</td>") == 2
    assert '<tr class="fw-bold">' in content
    assert "Une note." in content
    assert "effectif inférieur à 5" in content


def test_a_board_member_starts_from_the_dashboard(login, member):
    response = login(member("board")).get(reverse("home"))
    assert response["Location"] == reverse("reports:dashboard")
