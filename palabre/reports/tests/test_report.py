"""The report's tables, from the figures counted by hand (conftest.py, test_indicators.py)."""

from palabre.reports import indicators, report
from palabre.reports.suppression import suppress
from palabre.reports.tables import SUPPRESSED


def tables_by_title(tables):
    return {table.title: table for table in tables}


def test_the_key_figures_sit_beside_the_year_before(year, clock_after_2026):
    figures = indicators.compute(year)
    previous = indicators.compute(year.previous_year())
    tables = tables_by_title(report.activity_tables(figures, previous))
    key = tables["Chiffres clés"]
    assert key.headings == ["Indicateur", "2026", "2025"]
    assert key.rows[0] == ["Nouvelles saisines", 21, 2]
    assert key.rows[-1] == ["Demandes d'information (sans dossier)", 3, 1]
    rates = tables["Taux et résultats"]
    assert rates.rows[0][1:4] == [4, 5, 0.8]
    assert rates.rows[0][4:7] == [0, 0, None]  # 2025: C9 closed without any answer recorded
    by_commune = tables["Nouvelles saisines par commune"]
    assert by_commune.rows[-1] == ["Total", 21, 1.0]


def test_a_document_leaving_the_service_hides_the_small_counts(year, clock_after_2026):
    figures = indicators.compute(year)
    tables = tables_by_title(suppress(report.activity_tables(figures)))
    by_commune = tables["Nouvelles saisines par commune"]
    # Cesson 15, Rennes 6, total 21: nothing small.
    assert [row[1] for row in by_commune.rows] == [15, 6, 21]
    by_landlord = tables["Nouvelles saisines par bailleur social"]
    # Archipel 2, Néotoa 2, then « Sans bailleur » 17, total 21. The two small ones are hidden;
    # with 17 and 21 shown they would add up to 4, each between 1 and 3: too narrow, so the 17
    # goes too (the smallest shown count that the commune table does not give back).
    assert [row[0] for row in by_landlord.rows] == [
        "Archipel Habitat",
        "Néotoa",
        "Sans bailleur social",
        "Total",
    ]
    assert [row[1] for row in by_landlord.rows] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, 21]
    assert by_landlord.rows[1][2] is SUPPRESSED
    rates = tables["Taux et résultats"]
    assert rates.rows[0][1:4] == [SUPPRESSED, 5, SUPPRESSED]  # 4 accepted of 5


def test_a_landlord_convention_looks_at_landlords_and_residences_first(world):
    from palabre.partners.tests.factories import ConventionFactory

    convention = ConventionFactory(organisation=world["service"])
    convention.scope_landlords.set([world["landlords"]["archipel"]])
    assert report.dimensions_for(convention)[:2] == ["landlord", "residence"]
    assert report.dimensions_for(None)[0] == "commune"


def test_every_definition_has_words(db):
    sections = report.definitions()
    # The common rules, four of case figures, field work, outreach, collective mediation.
    assert len(sections) == 8
    assert all(d.label and len(d.text) > 30 for _title, items in sections for d in items)
