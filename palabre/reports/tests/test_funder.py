"""The funder report, built from the dataset counted by hand (conftest.py): the convention's
cut of the activity, its four documents read back, what never reaches them."""

import datetime as dt
import io
import zipfile

import pytest
from odf import opendocument
from odf.table import Table as OdsSheet
from openpyxl import load_workbook

from palabre.cases.models import Case, Party, PrivateNote
from palabre.core.codes import ReferralSource
from palabre.core.models import Commune, Quartier
from palabre.partners.models import Activity, PartnerName
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory
from palabre.reports import exports, funder, runs
from palabre.reports.demo import seed_narratives
from palabre.reports.models import Narrative
from palabre.reports.suppression import suppress
from palabre.reports.tables import SUPPRESSED
from palabre.reports.tests import test_exports
from palabre.reports.tests.test_exports import assert_same_rows, read_csv

MARKER = "REPERE-PRIVE-7309"
NARRATIVE = "Une année de travail avec les équipes de proximité.\n\nDeux résidences suivies."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rennes(world, clock_after_2026):
    """The City's convention: the cases of Rennes (2, 4, 6, 7, 11, 12 opened in 2026)."""
    city = PartnerFactory(organisation=world["service"], name="Ville de Rennes", funder=True)
    convention = ConventionFactory(
        organisation=world["service"], title="Convention Ville de Rennes", funder=city
    )
    convention.scope_communes.set([Commune.objects.get(name="Rennes")])
    return convention


def pdf_text(content: bytes) -> str:
    """The PDF's words; pdftotext drops the thin space of « < 5 »."""
    return test_exports.pdf_text(content).replace("<5", "< 5")


def by_title(tables):
    return {str(table.title): table for table in tables}


def build(convention, format):
    params = runs.normalise(funder.export_params(convention, 2026))
    steps = []
    filename, content_type, content = funder.build_funder_report(
        convention.organisation, params, lambda percent, step="": steps.append(percent), format
    )
    assert steps == sorted(steps) and steps[-1] == 90
    return filename, content_type, content


def expected(convention, year=2026):
    return suppress(funder.compose(convention, year).tables)


# --- Composing ----------------------------------------------------------------------------------


def test_the_report_counts_the_cases_of_the_convention_only_beside_the_year_before(archipel):
    report = funder.compose(archipel, 2026)
    key = by_title(report.tables)["Chiffres clés"]
    assert key.headings == ["Indicateur", "2026", "2025"]
    assert key.rows[0] == ["Nouvelles saisines", 2, 1]  # cases 3 and 7; case 1 in 2025
    assert key.rows[3] == ["Situations closes", 2, 0]  # cases 1 and 3
    assert report.dimensions[:2] == ["landlord", "residence"]
    by_landlord = by_title(report.tables)["Nouvelles saisines par bailleur social"]
    assert by_landlord.rows == [["Archipel Habitat", 2, 1.0], ["Total", 2, 1.0]]


def test_what_a_landlord_convention_cannot_count_is_left_out_and_said(archipel):
    report = funder.compose(archipel, 2026)
    key = by_title(report.tables)["Chiffres clés"]
    assert "Demandes d'information (sans dossier)" not in [row[0] for row in key.rows]
    assert any("demandes d'information" in note for note in report.notes)
    assert any("permanences" in note.lower() for note in report.notes)
    assert "Permanences" not in by_title(report.tables)
    scope = report.tables[0]
    assert scope.title == "Périmètre de la convention"
    assert ["Bailleurs", "Archipel Habitat"] in scope.rows
    assert "demandes d'information" in scope.note


def test_a_city_convention_counts_its_information_requests_and_permanences(rennes):
    report = funder.compose(rennes, 2026)
    key = by_title(report.tables)["Chiffres clés"]
    assert key.rows[0] == ["Nouvelles saisines", 6, 1]
    assert key.rows[-1] == ["Demandes d'information (sans dossier)", 2, 1]
    assert "Permanences" in by_title(report.tables)
    assert not any("demandes d'information" in note for note in report.notes)


def test_the_title_names_the_funder_by_its_name_of_that_year(archipel):
    PartnerName.objects.create(
        organisation=archipel.organisation,
        partner=archipel.funder,
        name="Office public Archipel",
        valid_until=dt.date(2025, 12, 31),
    )
    assert funder.compose(archipel, 2025).title == "Bilan 2025 — Office public Archipel"
    assert funder.compose(archipel, 2026).title == "Bilan 2026 — Archipel Habitat"


def test_the_period_stays_within_the_convention_and_the_year_in_progress_stops_today(
    world, monkeypatch
):
    from django.utils import timezone

    moment = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    convention = ConventionFactory(organisation=world["service"], starts_on=dt.date(2025, 3, 1))
    assert funder.years_of(convention) == [2026, 2025]
    assert funder.default_year(convention) == 2025
    assert funder.period_of(convention, 2025) == (dt.date(2025, 3, 1), dt.date(2025, 12, 31))
    report = funder.compose(convention, 2026)
    assert (report.scope.start, report.scope.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.notes[0].startswith("Année en cours : chiffres arrêtés au 30/06/2026")
    assert (
        funder.compose(convention, 2025)
        .notes[0]
        .startswith("La convention ne couvre qu'une partie de l'année")
    )
    ended = ConventionFactory(organisation=world["service"], ends_on=dt.date(2024, 12, 31))
    assert funder.years_of(ended) == [2024]


# --- The documents ------------------------------------------------------------------------------


def test_the_builder_makes_each_format_named_after_the_funder_and_the_year(archipel):
    for format in funder.FORMATS:
        filename, content_type, content = build(archipel, format)
        assert filename == f"bilan-2026-archipel-habitat-2027-01-15.{format}"
        assert content_type == exports.CONTENT_TYPES[format]
        assert content


def test_the_csv_carries_the_suppressed_tables(archipel):
    tables = expected(archipel)
    blocks = read_csv(build(archipel, "csv")[2])
    assert blocks[0][0] == ["Bilan 2026 — Archipel Habitat"]
    for table, block in zip(tables, blocks[1:], strict=True):
        assert block[0] == [table.title]
        assert_same_rows(table, block[1:])
    key = by_title(tables)["Chiffres clés"]
    assert key.rows[0] == ["Nouvelles saisines", SUPPRESSED, SUPPRESSED]


def test_the_xlsx_has_a_sheet_per_suppressed_table_with_numbers_as_numbers(rennes):
    tables = expected(rennes)
    workbook = load_workbook(io.BytesIO(build(rennes, "xlsx")[2]))
    assert len(workbook.worksheets) == len(tables)
    for table, sheet in zip(tables, workbook.worksheets, strict=True):
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == table.title
        assert_same_rows(table, rows[1:])
    key = workbook["Chiffres clés"]
    # 14 persons in Rennes, and 2 in 2025, hidden; the 6 new cases are hidden too, see
    # test_a_total_that_would_give_its_rows_away_is_hidden.
    assert (key["B7"].value, key["B7"].data_type) == (14, "n")
    assert key["C7"].value == "< 5"
    assert key["B3"].value == "< 5"


def test_the_pdf_carries_the_funder_the_year_the_narrative_and_the_key_figures(rennes):
    Narrative.objects.create(
        organisation=rennes.organisation, convention=rennes, year=2026, text=NARRATIVE
    )
    text = pdf_text(build(rennes, "pdf")[2])
    assert "Bilan 2026 — Ville de Rennes" in text
    assert "Convention Ville de Rennes. Activité de l'année 2026." in text
    assert "Une année de travail avec les équipes de proximité." in text
    assert "Deux résidences suivies." in text
    assert "Nouvelles saisines < 5 < 5" in text
    assert "Personnes concernées (toutes parties) 14 < 5" in text
    assert "Demandes d'information (sans dossier) < 5 < 5" in text
    assert "Périmètre de la convention" in text


def test_the_charts_of_the_pdf_are_drawn_from_the_suppressed_tables(rennes):
    report = funder.compose(rennes, 2026)
    tables = suppress(report.tables)
    drawn = funder.document_charts(report, tables)
    assert set(drawn) == {
        "Nouvelles saisines par commune",
        "Issues des situations closes",
        "Nouvelles saisines par motif principal",
        "Nouvelles saisines par mois",
    }
    assert set(drawn) <= set(by_title(tables))
    communes = drawn["Nouvelles saisines par commune"]
    assert communes.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    # Rennes alone: its 6 new cases are hidden, each month of them being small.
    assert "<rect" not in communes and "&lt; 5" in communes
    # Every month of Rennes has fewer than five new cases: no bar, only the mark.
    months = drawn["Nouvelles saisines par mois"]
    assert "<rect" not in months and months.count("&lt; 5") == 6


def test_small_counts_are_hidden_in_every_document(archipel):
    csv_text = build(archipel, "csv")[2].decode("utf-8-sig")
    assert "Nouvelles saisines;< 5;< 5" in csv_text
    workbook = load_workbook(io.BytesIO(build(archipel, "xlsx")[2]))
    assert workbook["Chiffres clés"]["B3"].value == "< 5"
    assert "Nouvelles saisines < 5 < 5" in pdf_text(build(archipel, "pdf")[2])
    document = opendocument.load(io.BytesIO(build(archipel, "ods")[2]))
    sheets = {
        sheet.getAttribute("name"): test_exports.ods_rows(sheet)
        for sheet in document.spreadsheet.getElementsByType(OdsSheet)
    }
    assert sheets["Chiffres clés"][2] == ["Nouvelles saisines", "< 5", "< 5"]


def _every_text(content: bytes, format: str) -> str:
    """Everything a document holds as text: the PDF's text, every file of a spreadsheet."""
    if format == "pdf":
        return pdf_text(content)
    if format == "csv":
        return content.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def plant_markers(world):
    """The marker in every free text of a case in the convention's scope."""
    case = world["cases"][7]  # Archipel, open
    Case.objects.filter(pk=case.pk).update(closure_detail=MARKER, referrer_name=MARKER)
    Case.objects.filter(pk=world["cases"][3].pk).update(closure_detail=MARKER)
    Party.objects.filter(case=case).update(last_name=MARKER, first_name=MARKER)
    PrivateNote.objects.create(organisation=case.organisation, case=case, text=MARKER)


def test_no_name_or_free_text_of_a_case_reaches_a_document(world, archipel):
    plant_markers(world)
    Narrative.objects.create(
        organisation=archipel.organisation, convention=archipel, year=2026, text=NARRATIVE
    )
    for format in funder.FORMATS:
        text = _every_text(build(archipel, format)[2], format)
        assert "Archipel Habitat" in text, format
        assert MARKER not in text, format


# --- The demo -----------------------------------------------------------------------------------


@pytest.fixture
def demo_like(world, clock_after_2026):
    """One convention of each kind the demo service holds, on the hand-counted dataset."""
    service = world["service"]
    villejean = Quartier.objects.get(name="Villejean")
    city = ConventionFactory(organisation=service, title="Ville — quartiers prioritaires")
    city.scope_quartiers.set([villejean])
    metropole = ConventionFactory(organisation=service, title="Métropole — communes")
    metropole.scope_communes.set([world["cesson"]])
    landlord = ConventionFactory(organisation=service, title="Bailleur")
    landlord.scope_landlords.set([world["landlords"]["neotoa"]])
    police_justice = ConventionFactory(
        organisation=service,
        title="Police et justice",
        scope_referral_sources=[ReferralSource.POLICE_NATIONALE, ReferralSource.JUSTICE],
    )
    return {
        "city": city,
        "metropole": metropole,
        "police_justice": police_justice,
        "Néotoa": landlord,
    }


def test_each_kind_of_demo_convention_has_its_report_for_each_year(demo_like):
    assert seed_narratives(demo_like["city"].organisation, demo_like, year=2026) == 4
    firsts = {}
    for key, convention in demo_like.items():
        for year in funder.years_of(convention):
            report = funder.compose(convention, year)
            assert report.tables and report.title.startswith(f"Bilan {year} — ")
        params = runs.normalise(funder.export_params(convention, 2026))
        for format in ("pdf", "xlsx"):
            funder.build_funder_report(convention.organisation, params, lambda *a: None, format)
        firsts[key] = funder.chart_dimensions(funder.compose(convention, 2026))[0]
        assert funder.compose(convention, 2026).narrative
    assert firsts == {
        "city": "quartier",
        "metropole": "commune",
        "police_justice": "referral_source",
        "Néotoa": "landlord",
    }


def test_the_demo_commentaries_name_nobody(demo_like):
    seed_narratives(demo_like["city"].organisation, demo_like, year=2026)
    names = set(Party.objects.values_list("last_name", flat=True))
    for narrative in Narrative.objects.all():
        assert 100 < len(narrative.text) <= 1000
        assert not any(name in narrative.text for name in names)


def test_an_empty_convention_still_has_a_report(world, clock_after_2026):
    convention = ConventionFactory(
        organisation=world["service"], scope_activities=[Activity.TRAINING]
    )
    report = funder.compose(convention, 2026)
    assert by_title(report.tables)["Chiffres clés"].rows[0] == ["Nouvelles saisines", 0, 0]
    assert report.notes[0].startswith("Cette convention ne couvre pas la médiation de voisinage")
    assert build(convention, "csv")[2]


def test_the_demo_leaves_a_commentary_for_last_year_and_its_report_prints_it(db):
    from django.core.management import call_command
    from django.utils import timezone

    call_command("seed_demo", years=1, cases_per_year=10, stdout=io.StringIO())

    last_year = timezone.localdate().year - 1
    narratives = Narrative.objects.select_related("convention").filter(year=last_year)
    assert narratives.count() >= 3  # the city, the Métropole, police and justice
    city = narratives.get(convention__title__startswith="Convention Ville de Rennes").convention
    params = runs.normalise(funder.export_params(city, last_year))
    content = funder.build_funder_report(city.organisation, params, lambda *a: None, "pdf")[2]
    assert "maisons de quartier" in pdf_text(content)
    assert f"Bilan {last_year} — Ville de Rennes" in pdf_text(content)
