"""Every import page, in each of its states, is valid HTML for the W3C checker (the crawl of
the demo reaches the import page only: the demo holds no file being imported)."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.imports import actions
from palabre.imports.models import ImportStatus
from palabre.imports.tests.conftest import HEADER, ROWS, upload, xlsx
from tests.crawl import htmlcheck


@pytest.fixture
def pages(tmp_path, service, coordinator, territory, login):
    client = login(coordinator)
    rows = [*ROWS, ["X", "32/13/2025", "Rennes", "", "", "Trottinettes", "", "", ""]]
    job = actions.deposit(
        organisation=service, by=coordinator, upload=upload("f.xlsx", xlsx(HEADER, rows))
    )
    saved = {}

    def save(name, url):
        response = client.get(url)
        assert response.status_code == 200, name
        saved[name] = response.content
        (tmp_path / f"{name}.html").write_bytes(response.content)

    save("index", reverse("imports:index"))
    save("mapping", reverse("imports:mapping", args=[job.pk]))
    save("values", reverse("imports:values", args=[job.pk]))
    save("preview", reverse("imports:preview", args=[job.pk]))
    job.status, job.progress, job.step = ImportStatus.RUNNING, 40, "Vérification des lignes"
    job.save()
    save("running", reverse("imports:progress", args=[job.pk]))
    job.status = ImportStatus.FAILED
    job.errors = [{"row": 5, "column": "Motif", "message": "valeur refusée « Trottinettes »."}]
    job.save()
    save("failed", reverse("imports:progress", args=[job.pk]))
    job.status, job.imported_count, job.finished_at = ImportStatus.DONE, 3, dt.datetime.now(dt.UTC)
    job.save()
    save("done", reverse("imports:progress", args=[job.pk]))
    return tmp_path, saved


def test_the_preview_names_the_bad_row_and_asks_for_the_unknown_value(pages):
    _directory, saved = pages
    preview = saved["preview"].decode()
    assert "date illisible « 32/13/2025 » (attendu : JJ/MM/AAAA)." in preview
    assert "1 valeur à préciser" in preview
    assert "« Trottinettes » dans la colonne Motif du conflit" in saved["values"].decode()


def test_every_import_page_is_valid_html(pages):
    assert htmlcheck.missing() is None, htmlcheck.missing()
    directory, _saved = pages
    assert htmlcheck.errors_in(directory) == []
