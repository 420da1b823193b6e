"""The reports' PDF on its pages: the widest table the report has (« Taux et résultats » with the
year before: seven columns) fits a portrait page, a wider one gets a landscape page, and the
document reads well aloud (its headings, the headers of each cell, its title and language).
Measured with pdfcheck.py, as every PDF the suite writes."""

import datetime as dt

import pytest

from palabre.core.models import Commune
from palabre.core.tests import pdfcheck
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory
from palabre.reports import exports, funder, runs
from palabre.reports.indicators import compute
from palabre.reports.report import activity_tables
from palabre.reports.scope import Scope
from palabre.reports.tables import Table

A4 = (595, 842)
A4_LANDSCAPE = (842, 595)
DAY = dt.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rennes(world, clock_after_2026):
    """The City's convention, with the year before to compare (as in test_funder.py)."""
    city = PartnerFactory(organisation=world["service"], name="Ville de Rennes", funder=True)
    convention = ConventionFactory(
        organisation=world["service"], title="Convention Ville de Rennes", funder=city
    )
    convention.scope_communes.set([Commune.objects.get(name="Rennes")])
    return convention


def assert_reads_well(content: bytes, title: str):
    assert pdfcheck.problems(content) == []
    reading = pdfcheck.read(content)
    assert reading.xmp == {"title": [title], "language": ["fr"]}
    assert pdfcheck.headings(reading)[0] == 1


def test_the_funder_report_with_the_year_before_fits_portrait_pages(rennes):
    params = runs.normalise(funder.export_params(rennes, 2026))
    content = funder.build_funder_report(rennes.organisation, params, lambda *a: None, "pdf")[2]

    rates = next(t for t in funder.compose(rennes, 2026).tables if t.title == "Taux et résultats")
    assert len(rates.headings) == 7  # this year and the year before, side by side
    assert pdfcheck.outside_the_page(content) == []
    assert set(pdfcheck.page_sizes(content)) == {A4}
    assert_reads_well(content, "Bilan 2026 — Ville de Rennes")


def test_the_activity_report_of_the_dashboard_fits_its_pages(world, clock_after_2026):
    scope = Scope.of_year(world["service"], 2026)
    tables = activity_tables(compute(scope), compute(scope.previous_year()))
    content = exports.to_pdf(
        "Activité 2026", "Service Un", tables, service_name="Service Un", generated_on=DAY
    )

    assert pdfcheck.outside_the_page(content) == []
    assert_reads_well(content, "Activité 2026")


def months_table(columns: int, title="") -> Table:
    return Table(
        title=title or f"Dossiers ouverts par commune et par mois ({columns} colonnes)",
        headings=["Commune"] + [f"Dossiers ouverts en mois {m}" for m in range(1, columns)],
        rows=[
            ["Saint-Jacques-de-la-Lande", *[12345] * (columns - 1)],
            ["Rennes", *[123] * (columns - 1)],
        ],
        count_columns=list(range(1, columns)),
    )


def test_a_table_of_many_columns_gets_a_landscape_page_and_the_report_turns_back_after():
    tables = [months_table(3), months_table(16), months_table(3, title="Après")]
    content = exports.to_pdf("Large", "", tables, generated_on=DAY)

    assert pdfcheck.outside_the_page(content) == []
    assert pdfcheck.page_sizes(content) == [A4, A4_LANDSCAPE, A4]
    assert_reads_well(content, "Large")


def test_eight_columns_stay_on_a_portrait_page():
    content = exports.to_pdf("Huit", "", [months_table(8)], generated_on=DAY)

    assert pdfcheck.outside_the_page(content) == []
    assert pdfcheck.page_sizes(content) == [A4]


def test_a_long_name_without_a_space_breaks_rather_than_widen_the_table():
    table = months_table(8)
    table.rows[0][0] = "Résidence-" + "X" * 60
    content = exports.to_pdf("Long", "", [table], generated_on=DAY)

    assert pdfcheck.outside_the_page(content) == []


def test_each_cell_of_the_report_names_its_row_and_its_column():
    content = exports.to_pdf("Cellules", "", [months_table(3)], generated_on=DAY)

    structure = pdfcheck.read(content).structure
    headers = {e.id for e in structure.walk() if e.type == "TH"}
    cells = [e for e in structure.walk() if e.type == "TD"]
    assert len(headers) == 3 + 2 and len(cells) == 4
    for cell in cells:
        assert len(set(cell.attributes["Headers"]) & headers) == 2
