"""The network's figures as they leave: every row covers at least three structures, small
counts hidden by the reports' suppression, nothing under three structures in all."""

import pytest

from palabre.core.tests.clock import pin_clock
from palabre.reports.tables import SUPPRESSED
from palabre.reports.tests.observatory_support import figures, shared
from palabre.website import network_figures
from palabre.website.tests.network_support import TODAY, make_network, member, publish

YEAR = 2025


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


@pytest.fixture
def network(db):
    network, _staff = make_network()
    publish(network)
    return network


def sharing(network, name, region, **changes):
    found = member(network, name, region=region)
    shared(found, YEAR, figures(**changes))
    return found


def rows(network):
    (table,) = network_figures.public_tables(network, YEAR)
    return {row[0]: row for row in table.rows}


def test_regions_of_three_structures_have_their_row_and_the_others_are_grouped(network):
    for index in range(3):
        sharing(network, f"Bretonne {index}", "BRE")
    sharing(network, "Francilienne", "IDF")
    sharing(network, "Normande", "NOR")
    sharing(network, "Corse", "COR")

    found = rows(network)

    assert list(found) == ["Bretagne", "Autres régions", "Ensemble des structures"]
    assert found["Bretagne"][1:3] == [3, 120]
    assert found["Autres régions"][1:3] == [3, 120]
    assert found["Ensemble des structures"][1:3] == [6, 240]


def test_a_group_of_others_under_three_joins_the_smallest_region(network):
    for index in range(3):
        sharing(network, f"Bretonne {index}", "BRE")
    for index in range(4):
        sharing(network, f"Francilienne {index}", "IDF")
    sharing(network, "Normande", "NOR")

    found = rows(network)

    assert list(found) == ["Île-de-France", "Autres régions", "Ensemble des structures"]
    assert found["Autres régions"][1] == 4


def test_a_small_count_is_hidden_with_what_would_give_it_away(network):
    for index in range(3):
        sharing(network, f"Bretonne {index}", "BRE", joint_meetings=1)
    for index in range(3):
        sharing(network, f"Francilienne {index}", "IDF", joint_meetings=0)

    found = rows(network)

    assert found["Bretagne"][-1] == SUPPRESSED
    assert found["Ensemble des structures"][-1] == SUPPRESSED


def test_fewer_than_three_structures_publish_nothing(network, client):
    sharing(network, "Bretonne", "BRE")
    sharing(network, "Francilienne", "IDF")

    assert network_figures.public_tables(network, YEAR) == []
    html = client.get(f"/reseau-test/chiffres/?annee={YEAR}").content.decode()
    assert "Pas assez de structures" in html
    assert "Bretonne" not in html


def test_the_page_shows_the_years_table_and_refuses_a_year_out_of_the_list(network, client):
    for index in range(3):
        sharing(network, f"Bretonne {index}", "BRE")

    html = client.get(f"/reseau-test/chiffres/?annee={YEAR}").content.decode()
    assert "Activité des structures membres en 2025, par région" in html
    assert "Bretonne" not in html

    odd = client.get("/reseau-test/chiffres/?annee=1800")
    assert odd.status_code == 200
    assert "Choisissez une année de la liste." in odd.content.decode()
