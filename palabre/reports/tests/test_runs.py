"""Reports built in the background: the same report asked twice is computed once, the worker
builds it while the page shows its progress, and only the service's managers and board fetch
the file."""

import datetime as dt
import io
import logging
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from palabre.permanences.tests import test_delivery as notices
from palabre.reports import runs
from palabre.reports.models import ReportRun, RunStatus
from palabre.reports.tests import stalling
from palabre.reports.tests.support import REPORT_READERS

KIND = "essai_csv"
PARAMS = {"year": dt.date(2025, 1, 1), "commune": "Rennes"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def builder():
    """A CSV report that says how far it got three times; ``builder.calls`` counts its builds
    and ``builder.seen`` the progress read back from the database during the build."""

    class Calls:
        calls = 0
        seen = []
        fail = False

    def build_csv(organisation, params, progress, format):
        Calls.calls += 1
        for percent, step in ((10, "Dossiers"), (50, "Entretiens"), (90, "Mise en forme")):
            progress(percent, step)
            run = ReportRun.objects.get(organisation=organisation, status=RunStatus.RUNNING)
            Calls.seen.append((run.progress, run.step))
        if Calls.fail:
            raise RuntimeError("Dupont Marie introuvable")
        content = f"commune;dossiers\n{params['commune']};12\n".encode()
        return f"bilan-{params['year']}.csv", "text/csv", content

    runs.register(KIND, title="Bilan d'essai", formats=("csv", "ods"))(build_csv)
    yield Calls
    runs.unregister(KIND)


def ask(service, by=None, params=PARAMS, format="csv", **options):
    return runs.request_run(
        organisation=service, by=by, kind=KIND, params=params, format=format, **options
    )


@pytest.fixture
def done_run(service, coordinator, builder):
    run, _created = ask(service, coordinator)
    return runs.build_now(run)


# --- Computed once ------------------------------------------------------------------------------


def test_the_same_report_asked_twice_is_one_run(service, coordinator, builder):
    first, created = ask(service, coordinator)
    again, created_again = ask(service, coordinator)

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.status == RunStatus.QUEUED
    assert ReportRun.objects.count() == 1


def test_a_done_report_asked_again_is_served_without_building_it_again(
    service, coordinator, member, builder
):
    run, _created = ask(service, coordinator)
    runs.build_now(run)

    again, created = ask(service, member("board"))

    assert (again.pk, again.status, created) == (run.pk, RunStatus.DONE, False)
    assert builder.calls == 1


def test_parameters_are_the_same_whatever_their_order_and_type(service, builder):
    first, _ = ask(service, params={"year": dt.date(2025, 1, 1), "commune": "Rennes"})
    again, created = ask(service, params={"commune": "Rennes", "year": "2025-01-01"})

    assert (again.pk, created) == (first.pk, False)
    assert first.params == {"commune": "Rennes", "year": "2025-01-01"}


def test_other_parameters_another_format_or_another_service_make_other_runs(
    service, other_service, builder
):
    first, _ = ask(service)
    other_year, created_year = ask(service, params={**PARAMS, "year": dt.date(2024, 1, 1)})
    other_format, created_format = ask(service, format="ods")
    other_place, created_place = ask(other_service)

    assert created_year and created_format and created_place
    assert len({first.pk, other_year.pk, other_format.pk, other_place.pk}) == 4


def test_a_new_version_of_the_builder_is_not_served_the_old_file(service, builder):
    run, _ = ask(service)
    runs.build_now(run)
    function = runs.BUILDERS[KIND].function
    runs.register(KIND, version="2", formats=("csv",))(function)

    again, created = ask(service)

    assert created and again.pk != run.pk


def test_an_unknown_report_or_format_is_a_programming_error(service, builder):
    with pytest.raises(ValueError):
        runs.request_run(organisation=service, by=None, kind="inconnu", params={}, format="csv")
    with pytest.raises(ValueError):
        ask(service, format="pdf")


def test_a_report_is_queued_for_the_worker_once_the_request_commits(
    service, builder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = ask(service)
    with django_capture_on_commit_callbacks(execute=True):
        ask(service)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "palabre.reports.runs.build_report"
    assert queued.args_kwargs == {"args": [str(run.pk)], "kwargs": {}}


def test_an_expired_report_asked_again_is_built_again_at_the_same_address(
    service, done_run, builder, django_capture_on_commit_callbacks
):
    storage, old_name = done_run.file.storage, done_run.file.name
    ReportRun.objects.filter(pk=done_run.pk).update(expires_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        again, created = ask(service)

    assert (again.pk, again.status, created) == (done_run.pk, RunStatus.QUEUED, True)
    assert not again.file and not storage.exists(old_name)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(done_run.pk)]
    rebuilt = runs.build_now(again)
    assert (rebuilt.status, builder.calls) == (RunStatus.DONE, 2)
    assert storage.exists(rebuilt.file.name)


def test_asking_for_a_fresh_report_builds_it_again(service, done_run, builder):
    again, created = ask(service, refresh=True)

    assert (again.pk, again.status, created) == (done_run.pk, RunStatus.QUEUED, True)


def test_two_identical_requests_at_the_same_instant_share_one_run(
    transactional_db, service, coordinator, builder, monkeypatch
):
    if connection.vendor == "postgresql":
        # Both requests look for the run before either inserts: only the unique index tells
        # them apart. (SQLite's immediate transactions take turns: the second one finds the run.)
        meeting = threading.Barrier(2, timeout=10)
        create = ReportRun.objects.create

        def both_looked(**fields):
            meeting.wait()
            return create(**fields)

        monkeypatch.setattr(ReportRun.objects, "create", both_looked)
    outcomes = []

    def request():
        try:
            run, created = ask(service, coordinator)
            outcomes.append((run.pk, created))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(created for _pk, created in outcomes) == [False, True]
    assert len({pk for pk, _created in outcomes}) == 1
    assert ReportRun.objects.count() == 1


# --- Building -----------------------------------------------------------------------------------


def test_the_worker_builds_the_report_and_its_progress_reaches_100(
    transactional_db, service, coordinator, builder
):
    run, _ = ask(service, coordinator)
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert (run.status, run.progress, run.step) == (RunStatus.DONE, 100, "Terminé")
    assert builder.seen == [(10, "Dossiers"), (50, "Entretiens"), (90, "Mise en forme")]
    assert run.filename == "bilan-2025-01-01.csv"
    with run.file.open("rb") as stored:
        assert stored.read() == b"commune;dossiers\nRennes;12\n"
    assert run.expires_at == run.finished_at + runs.KEEP_FOR
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_run_is_built_by_one_worker_only(service, builder):
    run, _ = ask(service)

    assert runs.build(run.pk) is True
    assert runs.build(run.pk) is False
    assert builder.calls == 1


def test_a_run_lost_by_its_worker_is_taken_again_later(service, builder):
    run, _ = ask(service)
    long_ago = timezone.now() - runs.STALE_AFTER - dt.timedelta(minutes=1)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, updated_at=long_ago)

    assert runs.build_now(run).status == RunStatus.DONE


def test_a_worker_killed_half_way_through_a_report_leaves_it_to_be_built_once_later(
    transactional_db, service, coordinator, tmp_path, settings
):
    """A real worker process, killed (SIGKILL) while the builder is half done; a quarter of an
    hour later the same report is asked again, a new worker builds it: one run, one file."""
    stalling.register()
    settings.MEDIA_ROOT = tmp_path / "media"
    builds = tmp_path / "builds.txt"
    builds.touch()
    database = notices.WorkerDatabase(tmp_path)
    run, _ = runs.request_run(
        organisation=service, by=coordinator, kind=stalling.KIND, params={}, format="csv"
    )
    database.hand_over()
    env = database.env(port=25) | {
        "PALABRE_TEST_MEDIA": str(settings.MEDIA_ROOT),
        "PALABRE_TEST_BUILDS": str(builds),
    }
    worker_command = [sys.executable, "-m", "palabre.reports.tests.stalling", "db_worker"]
    worker = subprocess.Popen(
        [*worker_command, "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        cwd=notices.ROOT,
        env=env | {"PALABRE_TEST_STALL": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            database.take_back()
            if ReportRun.objects.filter(pk=run.pk, progress=50).exists():
                break
            time.sleep(0.1)
        assert worker.poll() is None, worker.stderr.read()
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker.stderr.close()
    database.take_back()
    run.refresh_from_db()
    assert (run.status, run.progress, run.file.name) == (RunStatus.RUNNING, 50, "")

    # A quarter of an hour without news: the run is taken as lost, and asked again.
    ReportRun.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - runs.STALE_AFTER - dt.timedelta(minutes=1)
    )
    again, created = runs.request_run(
        organisation=service, by=coordinator, kind=stalling.KIND, params={}, format="csv"
    )
    assert (again.pk, created) == (run.pk, False)
    database.hand_over()
    restarted = subprocess.run(
        [*worker_command, "--batch", "--no-startup-delay", "--no-reload"],
        cwd=notices.ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert restarted.returncode == 0, restarted.stderr
    database.take_back()

    run.refresh_from_db()
    assert (run.status, run.progress) == (RunStatus.DONE, 100)
    assert ReportRun.objects.count() == 1
    assert builds.read_text() == "built\n"
    files = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert [path.read_bytes() for path in files] == [stalling.CONTENT]


def test_a_failed_build_says_so_in_french_and_logs_only_the_run(service, builder, caplog):
    builder.fail = True
    run, _ = ask(service)

    with caplog.at_level(logging.INFO, logger="palabre.reports.runs"):
        run = runs.build_now(run)

    assert run.status == RunStatus.FAILED
    assert run.error.startswith("La génération du bilan a échoué.")
    assert "Dupont" not in run.error and "Traceback" not in run.error
    assert str(run.pk) in caplog.text
    assert "Dupont" not in caplog.text
    assert not run.file


def test_a_disk_full_while_the_file_is_written_fails_the_run_in_french_and_keeps_nothing(
    service, builder, settings, media
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "palabre.core.tests.fulldisk.FullDiskStorage"},
    }
    run, _ = ask(service)

    run = runs.build_now(run)

    assert run.status == RunStatus.FAILED
    assert run.error.startswith("Le bilan n'a pas pu être enregistré : le disque du serveur est")
    assert not run.file and not run.filename  # no row pointing at a file
    written = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    assert written == []  # nor a half-written file, nor its partial copy


def test_a_file_left_by_a_builder_killed_before_saying_it_is_done_is_replaced(service, builder):
    run, _ = ask(service)
    storage = run.file.storage
    left = storage.save(f"reports/{service.pk}/{run.pk}.csv", io.BytesIO(b"commune;doss"))

    run = runs.build_now(run)

    assert run.file.name == left  # its own name, not a second copy beside the one left
    with run.file.open("rb") as stored:
        assert stored.read() == b"commune;dossiers\nRennes;12\n"


def test_a_failed_report_asked_again_is_tried_again(service, builder):
    builder.fail = True
    failed = runs.build_now(ask(service)[0])
    builder.fail = False

    again, created = ask(service)

    assert created and again.pk != failed.pk
    assert runs.build_now(again).status == RunStatus.DONE


def test_prune_deletes_expired_runs_and_their_files(service, done_run, builder):
    storage, name = done_run.file.storage, done_run.file.name
    kept, _ = ask(service, params={**PARAMS, "commune": "Cesson"})
    ReportRun.objects.filter(pk=done_run.pk).update(expires_at=timezone.now())

    out = io.StringIO()
    call_command("prune_report_runs", stdout=out)

    assert out.getvalue().strip() == "1 bilan(s) supprimé(s)."
    assert list(ReportRun.objects.all()) == [kept]
    assert not storage.exists(name)


# --- Pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, foreign, status", REPORT_READERS)
def test_who_may_download_a_report(role, foreign, status, member, other_service, done_run, login):
    client = login(member(role, organisation=other_service if foreign else None))

    response = client.get(reverse("reports:run_download", args=[done_run.pk]))
    detail = client.get(reverse("reports:run", args=[done_run.pk]))

    assert (response.status_code, detail.status_code) == (status, status)
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="bilan-2025-01-01.csv"'
        assert response["Content-Type"] == "text/csv"
        assert b"".join(response.streaming_content) == b"commune;dossiers\nRennes;12\n"
    response.close()


def test_a_report_not_yet_built_has_no_file_to_download(service, coordinator, builder, login):
    run, _ = ask(service, coordinator)

    response = login(coordinator).get(reverse("reports:run_download", args=[run.pk]))

    assert response.status_code == 404


def test_an_expired_report_is_gone(coordinator, done_run, login):
    ReportRun.objects.filter(pk=done_run.pk).update(expires_at=timezone.now())
    client = login(coordinator)

    response = client.get(reverse("reports:run_download", args=[done_run.pk]))
    page = client.get(reverse("reports:run", args=[done_run.pk]))

    assert response.status_code == 410
    assert "Ce fichier n'est plus disponible" in response.text
    assert "conservé que 7 jours" in response.text
    assert "Ce fichier n'est plus disponible" in page.text
    assert reverse("reports:run_download", args=[done_run.pk]) not in page.text


def test_the_page_of_a_run_in_progress_refreshes_itself_and_works_without_javascript(
    service, coordinator, builder, login
):
    run, _ = ask(service, coordinator)
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress=40, step="Entretiens"
    )
    url = reverse("reports:run", args=[run.pk])

    page = login(coordinator).get(url)

    assert page.status_code == 200
    assert "<html" in page.text and "Bilan d&#x27;essai" in page.text
    assert 'data-hx-trigger="every 2s"' in page.text
    assert '<progress id="avancement" class="w-100" max="100" value="40">' in page.text
    assert '<label for="avancement" class="form-label">Entretiens</label>' in page.text
    assert f'<a href="{url}">Rafraîchir</a>' in page.text
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_refresh_answers_only_the_status_and_stops_once_done(
    service, coordinator, builder, login
):
    run, _ = ask(service, coordinator)
    client = login(coordinator)
    url = reverse("reports:run", args=[run.pk])

    pending = client.get(url, headers={"HX-Request": "true"})
    runs.build_now(run)
    done = client.get(url, headers={"HX-Request": "true"})

    assert pending.text.lstrip().startswith('<section id="generation"')
    assert "<html" not in pending.text and 'data-hx-trigger="every 2s"' in pending.text
    assert "<html" not in done.text and "data-hx-trigger" not in done.text
    assert reverse("reports:run_download", args=[run.pk]) in done.text
    assert "Télécharger bilan-2025-01-01.csv" in done.text


def test_the_list_shows_the_service_runs_only(service, other_service, coordinator, builder, login):
    run, _ = ask(service, coordinator)
    foreign, _ = ask(other_service)

    page = login(coordinator).get(reverse("reports:runs"))

    assert page.status_code == 200
    assert reverse("reports:run", args=[run.pk]) in page.text
    assert reverse("reports:run", args=[foreign.pk]) not in page.text


def test_the_list_is_closed_to_mediators(member, login):
    response = login(member("mediator")).get(reverse("reports:runs"))

    assert response.status_code == 404
