"""The follow-up of co-ownerships in the figures, counted by hand beside the outreach dataset
(``outreach`` in conftest.py).

| co-ownership | place                | followed                  | funded by         |
|--------------|----------------------|---------------------------|-------------------|
| Hortensias   | Rennes, Villejean    | since 1 June 2025         | the city's convention |
| Le Clos      | Cesson-Sévigné       | 1 March to 31 May 2026    | —                 |
| Les Ormes    | Rennes, Centre       | from 1 February 2027      | —                 |

Prevention actions (people informed, hours): Hortensias, council 10 Feb 2026 (12, 3), general
assembly 20 June 2026 (40, 4), council 10 Sept 2025 (8, 2), an information planned in November
2026 and never held; Le Clos, information 2 April 2026 (25, 2.5). Follow-up points:
Hortensias 1 Dec 2025 worse, 1 March 2026 worse, 1 Sept 2026 stable; Le Clos 15 May 2026 better.

| scope                      | followed | prevention held | hours | points (worse, stable, better) |
|----------------------------|----------|-----------------|-------|--------------------------------|
| 2026, the service          | 2        | 3               | 9.5   | 3 (1, 1, 1)                    |
| 2025, the service          | 1        | 1               | 2     | 1 (1, 0, 0)                    |
| 2026, Cesson-Sévigné       | 1        | 1               | 2.5   | 1 (0, 0, 1)                    |
| 2026, the city's convention| 1        | 2               | 7     | 2 (1, 1, 0)                    |
| 2026, Archipel's convention| none     | —               | —     | —                              |
"""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.outreach import actions as outreach_actions
from palabre.outreach import coownership_actions as verbs
from palabre.partners.models import Activity, PartnerKind
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory
from palabre.reports import funder, indicators, outreach_figures, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import suppress
from palabre.reports.tests.conftest import PARIS

TITLE = "Suivi des copropriétés"


@pytest.fixture
def buildings(world, outreach, coordinator):
    service, rennes = world["service"], world["rennes"]
    city = PartnerFactory(organisation=service, funder=True, name="Ville de Rennes")
    convention = ConventionFactory(
        organisation=service,
        title="Prévention des copropriétés",
        partners=[city],
        funder=city,
        scope_activities=[Activity.COOWNERSHIP_PREVENTION],
    )
    syndic = PartnerFactory(organisation=service, kind=PartnerKind.SYNDIC, name="Syndic Ouest")
    centre = world["cases"][2].quartier

    def follow(name, commune, quartier, since, funded=None):
        return verbs.follow_coownership(
            organisation=service, by=coordinator, name=name, address=f"1 rue {name}",
            commune=commune, quartier=quartier, syndic=syndic, followed_since=since,
            convention=funded,
        )  # fmt: skip

    hortensias = follow(
        "Hortensias", rennes, outreach["villejean"], dt.date(2025, 6, 1), convention
    )
    clos = follow("Le Clos", world["cesson"], None, dt.date(2026, 3, 1))
    follow("Les Ormes", rennes, centre, dt.date(2027, 2, 1))

    def action(coownership, kind, day, informed=None, hours=None):
        starts_at = dt.datetime.combine(day, dt.time(18), tzinfo=PARIS)
        made = outreach_actions.plan_action(
            organisation=service, by=coordinator, kind=kind, title=f"{kind} {day}",
            starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2),
            place_name="Salle", commune=coownership.commune, quartier=coownership.quartier,
            coownership=coownership,
        )  # fmt: skip
        if informed is not None:
            outreach_actions.record_results(
                action=made, by=coordinator, people_informed=informed, hours=Decimal(hours)
            )

    action(hortensias, "OWNERS_COUNCIL", dt.date(2026, 2, 10), 12, "3")
    action(hortensias, "GENERAL_ASSEMBLY", dt.date(2026, 6, 20), 40, "4")
    action(hortensias, "OWNERS_COUNCIL", dt.date(2025, 9, 10), 8, "2")
    action(hortensias, "OWNERS_INFORMATION", dt.date(2026, 11, 5))
    action(clos, "OWNERS_INFORMATION", dt.date(2026, 4, 2), 25, "2.5")
    for coownership, day, trend in (
        (hortensias, dt.date(2025, 12, 1), "WORSE"),
        (hortensias, dt.date(2026, 3, 1), "WORSE"),
        (hortensias, dt.date(2026, 9, 1), "STABLE"),
        (clos, dt.date(2026, 5, 15), "BETTER"),
    ):
        verbs.record_review(coownership=coownership, by=coordinator, held_on=day, trend=trend)
    verbs.close_follow_up(coownership=clos, by=coordinator, on=dt.date(2026, 5, 31))
    return {"convention": convention, "hortensias": hortensias, "clos": clos}


def _followed(scope):
    figures = outreach_figures.compute(scope)["coownerships"]
    if figures is None:
        return None
    trends = {code: n for code, _label, n in figures["trend"].rows}
    return (
        figures["followed"],
        figures["prevention"],
        figures["prevention_hours"],
        figures["reviews"],
        (trends.get("WORSE", 0), trends.get("STABLE", 0), trends.get("BETTER", 0)),
    )


def test_the_service_counts_the_coownerships_it_followed_each_year(world, buildings, year):
    assert _followed(year) == (2, 3, Decimal("9.5"), 3, (1, 1, 1))
    assert _followed(year.previous_year()) == (1, 1, Decimal("2"), 1, (1, 0, 0))


def test_prevention_actions_count_among_the_outreach_actions(world, buildings, year):
    figures = outreach_figures.compute(year)
    # The dataset's 5 held actions (75, 52, 200, 16, 33 h) and the 3 prevention actions.
    assert (figures["held"], figures["people_informed"], figures["hours"]) == (
        8, 277, Decimal("42.5"),
    )  # fmt: skip
    assert figures["kind"].count("OWNERS_COUNCIL") == 1
    assert figures["kind"].count("GENERAL_ASSEMBLY") == 1
    assert figures["kind"].count("OWNERS_INFORMATION") == 1


def test_a_territory_counts_the_coownerships_in_it(world, buildings):
    cesson = Scope.of_year(world["service"], 2026, communes=(world["cesson"].pk,))
    assert _followed(cesson) == (1, 1, Decimal("2.5"), 1, (0, 0, 1))


def test_the_city_convention_counts_the_follow_ups_it_funds(world, buildings):
    scope = Scope.of_year(world["service"], 2026, convention=buildings["convention"])
    assert _followed(scope) == (1, 2, Decimal("7"), 2, (1, 1, 0))
    figures = outreach_figures.compute(scope)
    assert (figures["held"], figures["people_informed"], figures["hours"]) == (
        2, 52, Decimal("7"),
    )  # fmt: skip


def test_a_convention_that_funds_no_follow_up_shows_none(world, buildings, archipel):
    scope = Scope.of_year(world["service"], 2026, convention=archipel)
    figures = outreach_figures.compute(scope)
    assert figures["coownerships"] is None
    assert figures["held"] == 2  # the actions in Archipel's residences only


def test_the_funder_document_shows_the_follow_up_whole(world, buildings):
    composed = funder.compose(buildings["convention"], 2026, today=dt.date(2027, 1, 15))
    table = next(table for table in suppress(composed.tables) if table.title == TITLE)
    assert table.rows == [
        ["Copropriétés suivies", 1],
        ["Actions de prévention tenues", 2],
        ["Heures de prévention", 7.0],
        ["Points de suivi tenus", 2],
        ["Points de suivi : Stable", 1],  # the code list's order
        ["Points de suivi : En dégradation", 1],
    ]
    assert "Hortensias" not in str(composed.tables)


def test_the_activity_tables_show_the_follow_up(world, buildings, year):
    tables = report.activity_tables(indicators.compute(year))
    table = next(table for table in tables if table.title == TITLE)
    assert table.rows[0] == ["Copropriétés suivies", 2]
