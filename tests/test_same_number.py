"""One filter, the same number on every channel (lessons-from-peers, « Figures »: RDV's users
found 1073, 1140 and 1181 for one period on the page, the list and the export).

Each figure of the activity dashboard that has a list behind it links to that list; the list
counts the same cases, and so do its CSV, ODS and XLSX downloads, row for row. Checked on the
service counted by hand (palabre/reports/tests/conftest.py) and on the demo drawn at random, for
a whole year, a period across two years, a commune and a quartier."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from palabre.cases.models import Case
from palabre.organisations.models import Membership, Organisation, Role
from palabre.reports.tests import conftest as counted_by_hand
from palabre.reports.tests.downloads import data_rows

# The service whose figures were counted by hand, and a clock in 2027 (fixtures of the reports'
# tests, palabre/reports/tests/conftest.py).
world = counted_by_hand.world
clock_after_2026 = counted_by_hand.clock_after_2026

DASHBOARD = reverse("reports:dashboard")
FORMATS = ("csv", "ods", "xlsx")
# The cards that count cases, and the case list's period for each.
CASE_CARDS = {
    "Nouvelles saisines": "ouverts",
    "Situations traitées": "traites",
    "Situations closes": "clos",
}


def number(text: str) -> int:
    """« 1 073 » (grouped with a no-break space) → 1073."""
    return int(re.sub(r"\D", "", text))


def counted_everywhere(client, url) -> dict:
    """How many cases the list at ``url`` counts, and how many rows each of its downloads holds
    (the downloads the list itself offers)."""
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    found = {"list": response.context["page_obj"].paginator.count}
    downloads = {link["label"].lower(): link["url"] for link in response.context["downloads"]}
    if found["list"]:
        assert set(downloads) == set(FORMATS)
    for extension, address in downloads.items():
        download = client.get(address)
        assert download.status_code == 200
        found[extension] = len(data_rows(extension, download.content))
    return found


def same_number_everywhere(client, query) -> dict:
    """Every linked figure of the dashboard for ``query``, checked against its list and its
    downloads; returns the case cards' figures, by label."""
    response = client.get(DASHBOARD, query)
    assert response.status_code == 200
    assert not response.context["form"].errors
    cards = {}
    for card in response.context["cards"]:
        if card["label"] in CASE_CARDS:
            assert card["url"], card["label"]
            assert f"periode={CASE_CARDS[card['label']]}" in card["url"]
            figure = number(card["value"])
            cards[card["label"]] = figure
            everywhere = counted_everywhere(client, card["url"])
            expected = {"list": figure} | dict.fromkeys(FORMATS, figure) if figure else {"list": 0}
            assert everywhere == expected, (query, card["label"])
    bars = 0
    for chart in response.context["charts"]:
        for bar in chart["bars"]:
            if bar.url:
                everywhere = counted_everywhere(client, bar.url)
                assert set(everywhere.values()) == {bar.value}, (query, chart["title"], bar.label)
                bars += 1
    assert bars, "no bar of the charts leads to its list"
    return cards


@pytest.fixture
def coordination(clock_after_2026, login, coordinator):
    """Signed in on the tests' clock: a session opened on the real day would have been idle
    for months when the pinned clock reads it."""
    return login(coordinator)


# --- The service counted by hand ---------------------------------------------------------------


def test_the_year_counted_by_hand_is_the_same_on_the_page_the_list_and_the_downloads(
    coordination, world, clock_after_2026
):
    cards = same_number_everywhere(coordination, {"annee": "2026"})
    # 2026: 21 opened; 22 open at some moment (the 21 and C1, opened in 2025 and closed in
    # February; not C9, closed in 2025, nor C10, opened in 2027); 7 closed.
    assert cards == {"Nouvelles saisines": 21, "Situations traitées": 22, "Situations closes": 7}


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        # Cesson-Sévigné: C3, C5, C8 and the twelve of November; C9 closed in 2025.
        ("cesson", {"Nouvelles saisines": 15, "Situations traitées": 15, "Situations closes": 3}),
        # Villejean: C4, C7, C12 opened in 2026, C1 carried over; C1 and C4 closed.
        ("villejean", {"Nouvelles saisines": 3, "Situations traitées": 4, "Situations closes": 2}),
    ],
)
def test_a_commune_or_a_quartier_counted_by_hand_is_the_same_everywhere(
    coordination, world, clock_after_2026, place, expected
):
    if place == "cesson":
        query = {"annee": "2026", "commune": str(world["cesson"].pk)}
    else:
        villejean = world["rennes"].quartiers.get(name="Villejean")
        query = {"annee": "2026", "commune": str(world["rennes"].pk), "quartier": str(villejean.pk)}
    assert same_number_everywhere(coordination, query) == expected


def test_a_period_across_two_years_is_the_same_everywhere(coordination, world, clock_after_2026):
    cards = same_number_everywhere(coordination, {"du": "2025-11-01", "au": "2026-02-28"})
    # Opened: C1, C2, C3. Open at some moment: those and C9 (closed 1 December 2025). Closed:
    # C9 and C1.
    assert cards == {"Nouvelles saisines": 3, "Situations traitées": 4, "Situations closes": 2}


# --- The demo, drawn at random ------------------------------------------------------------------


@pytest.fixture
def random_demo(db, monkeypatch, clock_after_2026):
    """The demo's generator with another seed: 2026 and the first days of 2027."""
    from palabre.cases.demo import generator

    def seed(value):
        load = generator.load_params
        monkeypatch.setattr(generator, "load_params", lambda: load() | {"seed": value})
        call_command("seed_demo", years=2, cases_per_year=60, stdout=io.StringIO())
        organisation = Organisation.objects.get(slug=load()["organisations"]["demo"]["slug"])
        counts = Counter(
            Case.objects.filter(organisation=organisation).values_list("commune", "quartier")
        )
        coordinator = (
            Membership.objects.active()
            .filter(organisation=organisation, role=Role.COORDINATOR)
            .first()
        )
        return coordinator, counts

    return seed


def test_every_figure_of_a_random_demo_is_the_same_everywhere(login, random_demo):
    coordinator, places = random_demo(2027)
    client = login(coordinator)
    commune = Counter()
    for (commune_id, _quartier), n in places.items():
        if commune_id is not None:
            commune[commune_id] += n
    [(largest, _n)] = commune.most_common(1)
    quartier = max(
        ((q, n) for (c, q), n in places.items() if c == largest and q is not None),
        key=lambda item: item[1],
        default=(None, 0),
    )[0]
    queries = [
        {"annee": "2026"},
        {"du": "2026-04-01", "au": "2027-01-10"},
        {"annee": "2026", "commune": str(largest)},
    ]
    if quartier is not None:
        queries.append({"annee": "2026", "commune": str(largest), "quartier": str(quartier)})
    figures = [same_number_everywhere(client, query) for query in queries]
    # The period from April carries cases over from the first months: more treated than new.
    assert figures[0]["Nouvelles saisines"] > 0
    assert figures[1]["Situations traitées"] > figures[1]["Nouvelles saisines"]
