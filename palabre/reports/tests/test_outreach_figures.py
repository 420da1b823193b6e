"""Outreach figures of the hand-counted service (``OUTREACH`` in conftest.py, with its table of
expected figures): for the service, a territory, a landlord's convention, a convention of
another activity; in the dashboard's tables and in the funder's document, where the counts of
people are protected."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from palabre.partners.models import Activity
from palabre.partners.tests.factories import ConventionFactory
from palabre.reports import funder, indicators, outreach_figures, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import narrow_cells, suppress
from palabre.reports.tables import SUPPRESSED

REACH = ("held", "doors_knocked", "households_met", "people_informed", "contacts_made", "hours")


def _reach(figures):
    return tuple(figures[name] for name in REACH)


def test_the_service_counts_its_held_actions_of_the_year(world, outreach, year):
    figures = outreach_figures.compute(year)
    assert _reach(figures) == (5, 75, 52, 200, 16, Decimal("33.0"))
    assert figures["kind"].count("DOOR_TO_DOOR") == 2
    assert figures["kind"].count("MARKET") == 1
    assert figures["kind"].count("NEIGHBOURHOOD_PARTY") == 1
    assert figures["kind"].count("TENANTS_MEETING") == 1
    assert figures["kind"].count("FOOT_OF_BUILDING") == 0  # cancelled
    assert figures["kind"].count("FORUM") == 0  # planned
    assert figures["kind"].total == 5
    assert [(code, n) for code, _label, n in figures["topics"].rows] == [
        ("NOISE", 3),
        ("COMMON_AREAS", 2),
        ("ANIMALS", 1),
    ]


def test_the_year_before_and_the_paris_new_year(world, outreach, year):
    assert _reach(outreach_figures.compute(year.previous_year())) == (
        1, 50, 25, 25, 2, Decimal("6.0"),
    )  # fmt: skip
    next_year = Scope.of_year(world["service"], 2027)
    assert outreach_figures.compute(next_year)["held"] == 1  # 00:30 on 1 January, Paris time


def test_a_territory_counts_its_own_actions(world, outreach):
    service = world["service"]
    villejean = Scope.of_year(service, 2026, quartiers=(outreach["villejean"].pk,))
    assert _reach(outreach_figures.compute(villejean)) == (3, 75, 52, 65, 6, Decimal("14.5"))
    cesson = Scope.of_year(service, 2026, communes=(world["cesson"].pk,))
    assert _reach(outreach_figures.compute(cesson)) == (1, 0, 0, 80, 6, Decimal("10.5"))


def test_a_landlords_convention_counts_the_actions_in_its_residences(world, outreach, archipel):
    scope = Scope.of_year(world["service"], 2026, convention=archipel)
    assert _reach(outreach_figures.compute(scope)) == (2, 75, 40, 50, 4, Decimal("11.5"))


def test_a_convention_counts_outreach_only_when_it_funds_it(world, outreach):
    service = world["service"]
    cases_only = ConventionFactory(
        organisation=service, scope_activities=[Activity.NEIGHBOURHOOD_MEDIATION]
    )
    assert outreach_figures.compute(Scope.of_year(service, 2026, convention=cases_only)) is None
    cesson = ConventionFactory(organisation=service, scope_activities=[Activity.OUTREACH])
    cesson.scope_communes.set([world["cesson"]])
    scope = Scope.of_year(service, 2026, convention=cesson)
    assert _reach(outreach_figures.compute(scope)) == (1, 0, 0, 80, 6, Decimal("10.5"))
    by_origin = ConventionFactory(organisation=service, scope_referral_sources=["POLICE_NATIONALE"])
    assert outreach_figures.compute(Scope.of_year(service, 2026, convention=by_origin)) is None


def test_a_service_without_outreach_has_no_outreach_tables(world, clock_after_2026, year):
    figures = indicators.compute(year)
    assert figures.outreach is None
    titles = {str(table.title) for table in report.activity_tables(figures)}
    assert not any("aller-vers" in title.lower() for title in titles)


def _table(tables, title):
    return next(table for table in tables if str(table.title) == title)


def test_the_activity_tables_show_the_figures_with_the_year_before(world, outreach, year):
    tables = report.activity_tables(indicators.compute(year))
    key = _table(tables, "Aller-vers et animations de proximité")
    assert key.rows == [["Actions d'aller-vers tenues", 5], ["Heures d'aller-vers", 33.0]]
    kinds = _table(tables, "Actions d'aller-vers tenues par type")
    assert [row[1] for row in kinds.rows] == [2, 1, 1, 1, 5]  # code-list order, then the total
    reach = _table(tables, "Personnes touchées par l'aller-vers")
    assert [row[1] for row in reach.rows] == [75, 52, 200, 16]


def test_the_funder_document_hides_the_small_counts_of_people(world, outreach, archipel):
    composed = funder.compose(archipel, 2026, today=dt.date(2027, 1, 15))
    hidden = suppress(composed.tables)
    assert narrow_cells(hidden) == []
    reach = _table(hidden, "Personnes touchées par l'aller-vers")
    assert [row[1] for row in reach.rows] == [75, 40, 50, SUPPRESSED]  # 4 contacts
    key = _table(hidden, "Aller-vers et animations de proximité")
    assert key.rows == [["Actions d'aller-vers tenues", 2], ["Heures d'aller-vers", 11.5]]


@pytest.mark.parametrize("role", ["coordinator", "board"])
def test_the_dashboard_shows_the_outreach_figures(world, outreach, login, member, role):
    client = login(member(role))
    page = client.get(reverse("reports:dashboard"), {"annee": "2026"}).content.decode()
    assert "Actions d&#x27;aller-vers tenues" in page
    assert "Personnes touchées par l&#x27;aller-vers" in page
