"""Collective mediation's figures against the hand-counted table of ``conftest.COLLECTIVE``, in
the indicators, the dashboard and a convention's funder report (docs/adr/0035)."""

import pytest
from django.urls import reverse

from palabre.partners.tests.factories import ConventionFactory
from palabre.reports import collective_figures, report
from palabre.reports.scope import Scope

FIELDS = ("treated", "new", "closed", "groups", "meetings", "participants")


def _figures(scope):
    found = collective_figures.compute(scope)
    return tuple(found[name] for name in FIELDS)


def test_the_service_year_by_year(collective, clock_after_2026):
    service = collective["service"]
    assert _figures(Scope.of_year(service, 2026)) == (3, 2, 2, 7, 2, 22)
    assert _figures(Scope.of_year(service, 2025)) == (2, 2, 1, 4, 1, 6)
    dimensions = collective_figures.compute(Scope.of_year(service, 2026))["dimension"]
    assert sorted((code, n) for code, _label, n in dimensions.rows) == [
        ("CURATIVE", 1),
        ("PREVENTIVE", 1),
        ("PROJECT", 1),
    ]


def test_a_territory_without_collective_cases_counts_zero(collective, clock_after_2026):
    scope = Scope.of_year(collective["service"], 2026, communes=(collective["cesson"].pk,))
    assert _figures(scope) == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    "activities, expected",
    [
        ([], (2, 1, 1, 4, 1, 13)),
        (["COLLECTIVE_MEDIATION"], (2, 1, 1, 4, 1, 13)),
        (["NEIGHBOURHOOD_MEDIATION", "COLLECTIVE_MEDIATION"], (2, 1, 1, 4, 1, 13)),
        (["NEIGHBOURHOOD_MEDIATION"], None),
        (["OUTREACH"], None),
    ],
)
def test_a_convention_counts_collective_mediation_when_it_funds_it(
    collective, clock_after_2026, activities, expected
):
    convention = ConventionFactory(organisation=collective["service"], scope_activities=activities)
    convention.scope_landlords.set([collective["landlords"]["archipel"]])
    scope = Scope.of_year(collective["service"], 2026, convention=convention)
    found = collective_figures.compute(scope)
    assert (found and tuple(found[name] for name in FIELDS)) == expected


def test_a_service_that_never_handled_a_collective_case_has_no_such_table(world):
    assert collective_figures.compute(Scope.of_year(world["service"], 2026)) is None


def test_every_collective_row_has_a_definition(collective, clock_after_2026):
    found = collective_figures.compute(Scope.of_year(collective["service"], 2026))
    tables = collective_figures.tables(found)
    defined = {str(row) for _title, items in report.definitions() for d in items for row in d.rows}
    for table in tables:
        labels = {str(table.title)} if table.has_total else {str(r[0]) for r in table.rows}
        assert labels <= defined


def test_the_dashboard_and_the_funder_report_show_them(collective, archipel, coordinator, login):
    client = login(coordinator)
    dashboard = client.get(reverse("reports:dashboard"), {"annee": "2026"})
    tables = {str(t.title): t for t in dashboard.context["tables"]}
    assert tables["Médiation collective"].rows[0] == ["Médiations collectives traitées", 3]
    assert tables["Médiation collective"].rows[5] == ["Participants aux rencontres collectives", 22]
    funder_page = client.get(reverse("reports:funder_report", args=[archipel.pk]))
    tables = {str(t.title): t for t in funder_page.context["report"].tables}
    key = tables["Médiation collective"]
    assert [row[1] for row in key.rows] == [2, 1, 1, 4, 1, 13]
    content = funder_page.content.decode()
    assert "Participants aux rencontres collectives" in content
    assert "Groupe 1" not in content  # a group's name never reaches a report
