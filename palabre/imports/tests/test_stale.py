"""An import whose worker was killed does not stay « en cours » for ever: past ``STALE_AFTER``
without news it is failed with a French message, nothing of it written, and the person starts
it again."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from palabre.cases.models import Case, Party
from palabre.core.models import JournalEntry
from palabre.imports import actions, runs
from palabre.imports.models import ImportedRow, ImportJob, ImportStatus
from palabre.imports.tests.conftest import HEADER, NOW, ROWS, upload, xlsx

LATER = NOW + runs.STALE_AFTER + dt.timedelta(minutes=1)
SOONER = NOW + runs.STALE_AFTER - dt.timedelta(minutes=1)


def requested(service, coordinator):
    job = actions.deposit(
        organisation=service, by=coordinator, upload=upload("dossiers.xlsx", xlsx(HEADER, ROWS))
    )
    job = actions.set_mapping(
        job=job, by=coordinator, mapping=job.mapping, free_columns={"8": "note"}, defaults={}
    )
    return actions.request_import(job=job, by=coordinator)


def killed_while_writing(service, coordinator):
    """The state a worker killed in the middle of the write leaves: the job claimed, at the
    writing step, its transaction rolled back with the process."""
    job = requested(service, coordinator)
    assert runs._claim(job.pk)
    runs._progress(job.pk, 50, "Enregistrement des dossiers")
    job.refresh_from_db()
    return job


def written():
    return (Case.objects.count(), Party.objects.count(), ImportedRow.objects.count())


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_a_job_without_news_past_the_limit_is_failed_in_french_with_nothing_written(
    transactional_db, service, coordinator, territory
):
    job = killed_while_writing(service, coordinator)
    assert (job.status, job.progress) == (ImportStatus.RUNNING, 50)

    assert runs.fail_stale(now=LATER) == 1

    job.refresh_from_db()
    assert (job.status, job.progress, job.step) == (ImportStatus.FAILED, 0, "")
    [error] = job.errors
    assert error["message"].startswith(
        "L'import s'est interrompu : le traitement en arrière-plan ne donnait plus de nouvelles "
        "depuis plus de 30 minutes. Rien n'a été importé. Relancez-le depuis l'aperçu"
    )
    assert job.finished_at == LATER
    assert job.is_editable
    assert written() == (0, 0, 0)
    entry = JournalEntry.objects.get(subject_id=job.pk, verb="import_lost")
    assert entry.summary == "Import interrompu sans nouvelles du traitement, rien n'a été importé"
    assert runs.fail_stale(now=LATER) == 0  # once


@pytest.mark.parametrize("step", ["queued", "running"])
def test_a_job_with_news_within_the_limit_is_left_alone(
    transactional_db, service, coordinator, territory, step
):
    job = requested(service, coordinator)
    if step == "running":
        runs._claim(job.pk)
    job.refresh_from_db()
    status = job.status

    assert runs.fail_stale(now=SOONER) == 0
    assert runs.recover(job, now=SOONER).status == status
    assert ImportJob.objects.get(pk=job.pk).status == status
    assert status == {"queued": ImportStatus.QUEUED, "running": ImportStatus.RUNNING}[step]


def test_a_job_queued_and_never_taken_is_failed_too(
    transactional_db, service, coordinator, territory
):
    job = requested(service, coordinator)  # the queue lost its task: nobody will claim it

    recovered = runs.recover(job, now=LATER)

    assert recovered.status == ImportStatus.FAILED
    assert "Rien n'a été importé" in recovered.errors[0]["message"]
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.FAILED


def test_the_person_starts_the_lost_import_again_and_every_row_is_imported_once(
    transactional_db, service, coordinator, territory, monkeypatch
):
    job = killed_while_writing(service, coordinator)
    work()  # the killed worker's task is gone; this one finds the job taken and leaves it
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.RUNNING
    monkeypatch.setattr(timezone, "now", lambda: LATER)
    job = runs.recover(job)

    job = actions.request_import(job=job, by=coordinator)
    work()

    job.refresh_from_db()
    assert (job.status, job.imported_count, job.skipped_count) == (ImportStatus.DONE, 3, 0)
    assert job.errors == []
    assert written()[0] == 3
    assert sorted(ImportedRow.objects.values_list("job_id", flat=True)) == [job.pk] * 3


def test_the_worker_fails_the_lost_jobs_after_its_own(
    transactional_db, service, coordinator, territory, other_service, monkeypatch
):
    lost = killed_while_writing(service, coordinator)
    monkeypatch.setattr(timezone, "now", lambda: LATER)
    fresh = requested(service, coordinator)

    work()

    assert ImportJob.objects.get(pk=fresh.pk).status == ImportStatus.DONE
    assert ImportJob.objects.get(pk=lost.pk).status == ImportStatus.FAILED


def test_a_service_sweeps_only_its_own_lost_jobs(
    transactional_db, service, coordinator, territory, other_service
):
    job = killed_while_writing(service, coordinator)

    assert runs.fail_stale(organisation=other_service, now=LATER) == 0
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.RUNNING
    assert runs.fail_stale(organisation=service, now=LATER) == 1


def test_a_worker_heard_from_after_being_taken_as_lost_does_not_bring_the_job_back(
    transactional_db, service, coordinator, territory
):
    job = killed_while_writing(service, coordinator)
    runs.fail_stale(now=LATER)

    runs._progress(job.pk, 80, "Enregistrement des dossiers")

    job.refresh_from_db()
    assert (job.status, job.progress, job.step) == (ImportStatus.FAILED, 0, "")
