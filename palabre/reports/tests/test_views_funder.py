"""The funder report's pages: who sees it, the commentary, the documents asked for and built by
the worker, and what never shows."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from palabre.cases.models import Case, Party, PrivateNote
from palabre.partners.tests.factories import ConventionFactory
from palabre.reports import exports, funder
from palabre.reports.models import Narrative, ReportRun, RunStatus
from palabre.reports.suppression import suppress
from palabre.reports.tests.support import REPORT_READERS, ods_as_csv
from palabre.reports.tests.test_exports import as_number_en, assert_same_rows

MARKER = "REPERE-PRIVE-4417"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page(convention, year=None):
    url = reverse("reports:funder_report", args=[convention.pk])
    return f"{url}?annee={year}" if year else url


def narrative_url(convention, year=2026):
    return reverse("reports:funder_narrative", args=[convention.pk, year])


def export_url(convention, year=2026):
    return reverse("reports:funder_export", args=[convention.pk, year])


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, foreign, status", REPORT_READERS)
def test_who_may_see_a_funder_report(role, foreign, status, archipel, member, other_service, login):
    client = login(member(role, organisation=other_service if foreign else None))

    shown = client.get(page(archipel)).status_code
    exported = client.post(export_url(archipel), {"format": "csv"}).status_code

    assert shown == status
    assert exported == (302 if status == 200 else 404)
    assert ReportRun.objects.count() == (1 if status == 200 else 0)


def test_the_convention_of_another_service_is_not_found(
    archipel, other_service, member, login, coordinator
):
    foreign = ConventionFactory(organisation=other_service)
    client = login(coordinator)
    assert client.get(page(foreign)).status_code == 404
    assert client.post(export_url(foreign), {"format": "csv"}).status_code == 404
    assert client.post(narrative_url(foreign), {"text": "x"}).status_code == 404


# --- The page -----------------------------------------------------------------------------------


def test_the_page_shows_every_figure_as_internal_with_the_year_before(archipel, coordinator, login):
    response = login(coordinator).get(page(archipel))

    content = response.content.decode()
    assert response.context["year"] == 2026  # the year just ended
    assert '<h1 class="h2">Bilan 2026 — Archipel Habitat</h1>' in content
    assert "Chiffres internes" in content
    key = {str(t.title): t for t in response.context["report"].tables}["Chiffres clés"]
    assert key.rows[0] == ["Nouvelles saisines", 2, 1]
    assert (
        '<th scope="row" class="fw-normal">Nouvelles saisines</th>\n        '
        '<td class="text-end text-nowrap">2</td><td class="text-end text-nowrap">1</td>'
    ) in content
    assert "&lt; 5</td>" not in content  # the page hides nothing
    assert "ne permet pas de les compter" in content  # information requests
    assert len(response.context["charts"]) == 4
    assert content.count('class="chart-bars') == 4
    for format in ("PDF", "Tableur ODS", "Tableur XLSX", "CSV"):
        assert f">{format}</button>" in content


def test_the_year_is_chosen_among_the_convention_years(archipel, coordinator, login):
    client = login(coordinator)
    years = [2027, 2026, 2025, 2024]
    response = client.get(page(archipel, 2025))
    assert response.context["year"] == 2025
    assert [value for value, _label in response.context["year_form"].fields["annee"].choices] == (
        years
    )
    assert "Bilan 2025 — Archipel Habitat" in response.content.decode()
    assert client.get(page(archipel, 2019)).context["year"] == 2026
    assert client.get(page(archipel, "deux")).context["year"] == 2026
    assert client.post(export_url(archipel, 2019), {"format": "csv"}).status_code == 404
    assert client.post(narrative_url(archipel, 2030), {"text": "x"}).status_code == 404


def plant_markers(world):
    case = world["cases"][7]
    Case.objects.filter(pk=case.pk).update(closure_detail=MARKER, referrer_name=MARKER)
    Party.objects.filter(case=case).update(last_name=MARKER)
    PrivateNote.objects.create(organisation=case.organisation, case=case, text=MARKER)


def test_the_page_holds_no_name_or_free_text_of_a_case(world, archipel, coordinator, login):
    plant_markers(world)
    response = login(coordinator).get(page(archipel))
    assert response.status_code == 200
    assert MARKER not in response.content.decode()


# --- The commentary -----------------------------------------------------------------------------


def test_the_coordination_writes_the_commentary_and_the_board_reads_it(
    archipel, coordinator, member, login
):
    text = "Une année riche.\n\nDeux résidences <b>suivies</b>."
    response = login(coordinator).post(narrative_url(archipel), {"text": text})

    assert response.status_code == 302
    assert response["Location"] == page(archipel, 2026) + "#commentaire"
    narrative = Narrative.objects.get(convention=archipel, year=2026)
    assert narrative.text == text and narrative.updated_by == coordinator.user
    board = login(member("board"))
    content = board.get(page(archipel)).content.decode()
    assert "<p>Deux résidences &lt;b&gt;suivies&lt;/b&gt;.</p>" in content
    assert narrative_url(archipel) not in content
    assert board.post(narrative_url(archipel), {"text": "autre"}).status_code == 404
    assert Narrative.objects.get(convention=archipel, year=2026).text == text


def test_a_commentary_too_long_is_refused_in_french(archipel, coordinator, login):
    response = login(coordinator).post(narrative_url(archipel), {"text": "a" * 4001})

    assert response.status_code == 200
    assert "au plus 4000 caractères" in response.content.decode().replace("\u202f", "")
    assert not Narrative.objects.exists()


# --- The documents ------------------------------------------------------------------------------


def test_a_document_asked_twice_is_one_run_and_a_new_commentary_makes_another(
    archipel, coordinator, login
):
    client = login(coordinator)
    first = client.post(export_url(archipel), {"format": "pdf"})
    again = client.post(export_url(archipel), {"format": "pdf"})

    run = ReportRun.objects.get()
    assert first["Location"] == again["Location"] == reverse("reports:run", args=[run.pk])
    assert run.kind == "funder_report" and run.format == "pdf"
    assert run.params["convention"] == str(archipel.pk) and run.params["year"] == 2026

    client.post(narrative_url(archipel), {"text": "Un commentaire."})
    client.post(export_url(archipel), {"format": "pdf"})
    assert ReportRun.objects.count() == 2
    client.post(export_url(archipel), {"format": "csv"})
    assert ReportRun.objects.count() == 3


def test_an_unknown_format_is_not_asked(archipel, coordinator, login):
    response = login(coordinator).post(export_url(archipel), {"format": "docx"})
    assert response.status_code == 302 and response["Location"] == page(archipel, 2026)
    assert not ReportRun.objects.exists()


def test_the_worker_builds_the_document_and_the_board_downloads_it(
    transactional_db, archipel, coordinator, member, login
):
    login(coordinator).post(export_url(archipel), {"format": "csv"})

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    response = login(member("board")).get(reverse("reports:run_download", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES["csv"]
    assert "bilan-2026-archipel-habitat-2027-01-15.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    response.close()
    assert text.startswith("Bilan 2026 — Archipel Habitat\r\n")
    assert "Nouvelles saisines;< 5;< 5" in text


@pytest.mark.libreoffice
def test_libreoffice_reads_the_ods_document_with_the_numbers_of_the_page(
    soffice, archipel, coordinator, login, tmp_path
):
    client = login(coordinator)
    client.post(export_url(archipel), {"format": "ods"})
    run = ReportRun.objects.get()
    from palabre.reports import runs

    runs.build_now(run)
    source = tmp_path / "bilan.ods"
    with run.file.open("rb") as stored:
        source.write_bytes(stored.read())
    out = ods_as_csv(soffice, source, tmp_path)
    tables = suppress(client.get(page(archipel)).context["report"].tables)
    for table, name in zip(tables, exports._sheet_names(tables), strict=True):
        text = (out / f"bilan-{name}.csv").read_text(encoding="utf-8")
        title, headings, *rows = csv.reader(io.StringIO(text), delimiter=";")
        assert title[0] == table.title
        assert_same_rows(table, [headings] + [[as_number_en(cell) for cell in row] for row in rows])


# --- The convention page ------------------------------------------------------------------------


def test_the_convention_page_links_to_the_report_of_each_year(archipel, member, login):
    detail = reverse("partners:convention_detail", args=[archipel.pk])
    for role, shown in (("coordinator", True), ("board", True), ("reception", False)):
        content = login(member(role)).get(detail).content.decode()
        assert ("Bilan pour le financeur" in content) is shown, role
        for year in (2027, 2026, 2025, 2024):
            assert (f'href="{page(archipel, year)}"' in content) is shown, (role, year)


def test_a_long_convention_links_to_its_recent_years_and_to_the_others(
    world, coordinator, login, clock_after_2026
):
    import datetime as dt

    convention = ConventionFactory(organisation=world["service"], starts_on=dt.date(2008, 1, 1))
    content = (
        login(coordinator)
        .get(reverse("partners:convention_detail", args=[convention.pk]))
        .content.decode()
    )
    assert f'href="{page(convention, 2022)}"' in content
    assert f'href="{page(convention, 2021)}"' not in content
    assert "Autres années" in content
    assert funder.years_of(convention)[-1] == 2008
