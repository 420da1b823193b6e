"""The import in the task worker (``manage.py db_worker``): read the file, check every row,
then write every row in one transaction — all or nothing.

The progress is written outside any transaction so that the page following the import sees
it: reading and checking (0 → 50 %), then writing, whose rows only appear together at the
commit (50 → 100 %). An error found while checking, or any failure while writing, leaves the
database as it was and the job « refusé » with its errors listed. Logs carry the job's id,
never a cell of the file.

A job queued or running without news for ``STALE_AFTER`` is taken as lost (its worker killed,
the queue down): ``recover`` (one job, as its page shows it) and ``fail_stale`` (every lost job,
or a service's) mark it failed with a message saying so. The write being one transaction, a
killed worker left nothing behind; the person starts the import again from its preview. Each
worker run sweeps the lost jobs after its own."""

import datetime as dt
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.imports import kinds, readers
from palabre.imports.checking import MAX_ERRORS_SHOWN, check
from palabre.imports.models import PENDING, ImportJob, ImportStatus
from palabre.imports.writer import Writer
from palabre.organisations.models import Membership

logger = logging.getLogger(__name__)

# The longest a job may go without news (its progress or its end) before it is taken as lost:
# well beyond the longest step without news, the write of every row in one transaction (a
# 20 000-row file reads, checks and writes in under 30 s on a busy two-core machine).
STALE_AFTER = dt.timedelta(minutes=30)


def enqueue(job_id):
    """A queue error must not fail the person's request: the job stays queued and says so."""
    try:
        return run_import.enqueue(str(job_id))
    except Exception:
        logger.exception("Import %s could not be queued", job_id)
        return None


def _claim(job_id) -> bool:
    return bool(
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING,
            progress=0,
            step=_("Lecture du fichier"),
            started_at=timezone.now(),
            updated_at=timezone.now(),
        )
    )


def _progress(job_id, percent, step):
    # A job already taken as lost stays failed: the person has been told to start it again.
    ImportJob.objects.filter(pk=job_id, status=ImportStatus.RUNNING).update(
        progress=max(0, min(100, int(percent))), step=str(step)[:120], updated_at=timezone.now()
    )


def _finish(job, status, **fields):
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), updated_at=timezone.now(), **fields
    )


def _membership(job):
    """The person who asked, as a member of the service (an import is theirs)."""
    return (
        Membership.objects.active()
        .filter(organisation=job.organisation, user=job.requested_by)
        .select_related("user")
        .first()
    )


def run(job_id) -> bool:
    """Imports the job if nobody else is; answers whether this call ran it."""
    if not _claim(job_id):
        return False
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    by = _membership(job)
    try:
        with job.file.open("rb") as stored:
            content = stored.read()
        _header, rows = readers.read(job.filename, content)
        _progress(job.pk, 20, _("Vérification des lignes"))
        checked = check(job, rows)
        if by is None:
            checked.errors.append(
                {
                    "row": 0,
                    "column": "",
                    "message": _(
                        "La personne qui a demandé l'import n'est plus membre du service."
                    ),
                }
            )
        if not checked.ready:
            return _refuse(job, by, checked)
        _progress(job.pk, 50, _("Enregistrement dans Palabre"))
        total = len(checked.rows)
        with transaction.atomic():
            Writer(job, by).write(checked.rows)
            journal.record(
                organisation=job.organisation,
                subject=job,
                verb="imported",
                summary=_("%(done)s Lignes déjà importées, laissées de côté : %(skipped)s.")
                % {"done": kinds.done(job.kind, total), "skipped": checked.already},
                actor=by.user,
                data={"imported": total, "skipped": checked.already},
            )
    except Exception as error:
        logger.error("Import %s failed: %s", job.pk, type(error).__name__)
        message = getattr(error, "message", "") or _(
            "L'import a échoué sans rien enregistrer. Relancez-le ; si l'échec se répète, "
            "prévenez l'administration de Palabre."
        )
        _finish(
            job,
            ImportStatus.FAILED,
            step="",
            errors=[{"row": 0, "column": "", "message": str(message)}],
        )
        return True
    storage, name = job.file.storage, job.file.name
    _finish(
        job,
        ImportStatus.DONE,
        progress=100,
        step=_("Terminé"),
        imported_count=total,
        skipped_count=checked.already,
        errors=[],
        file="",
    )
    if name:
        storage.delete(name)  # the file held people's names: it goes once imported
    logger.info("Import %s done", job.pk)
    return True


def _refuse(job, by, checked) -> bool:
    errors = checked.errors[:MAX_ERRORS_SHOWN]
    unknown = sum(len(values) for values in checked.unknown.values())
    if unknown:
        errors.append(
            {
                "row": 0,
                "column": "",
                "message": _(
                    "%(n)s valeurs restent à préciser : répondez à l'étape « Valeurs à préciser »."
                )
                % {"n": unknown},
            }
        )
    _finish(job, ImportStatus.FAILED, step="", progress=0, errors=errors)
    journal.record(
        organisation=job.organisation,
        subject=job,
        verb="import_refused",
        summary=_("Import refusé : %(n)s erreurs, rien n'a été importé")
        % {"n": len(checked.errors) + unknown},
        actor=job.requested_by,
    )
    return True


# --- Lost jobs ----------------------------------------------------------------------------------


def _lost(now):
    return ImportJob.objects.filter(status__in=PENDING, updated_at__lte=now - STALE_AFTER)


def _fail_lost(job, now) -> bool:
    """Marks ``job`` failed if it is still lost at ``now`` (one conditional update: a worker
    that gives news in between keeps it); answers whether it did."""
    with transaction.atomic():
        failed = (
            _lost(now)
            .filter(pk=job.pk)
            .update(
                status=ImportStatus.FAILED,
                progress=0,
                step="",
                finished_at=now,
                updated_at=now,
                errors=[
                    {
                        "row": 0,
                        "column": "",
                        "message": _(
                            "L'import s'est interrompu : le traitement en arrière-plan ne donnait "
                            "plus de nouvelles depuis plus de %(minutes)s minutes. Rien n'a été "
                            "importé. Relancez-le depuis l'aperçu ; si l'interruption se répète, "
                            "prévenez l'administration de Palabre."
                        )
                        % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
                    }
                ],
            )
        )
        if failed:
            journal.record(
                organisation=job.organisation,
                subject=job,
                verb="import_lost",
                summary=_("Import interrompu sans nouvelles du traitement, rien n'a été importé"),
                occurred_at=now,
            )
    if failed:
        logger.warning("Import %s lost: marked failed", job.pk)
    return bool(failed)


def fail_stale(*, organisation=None, now=None) -> int:
    """Marks failed every lost job (of ``organisation`` when given); answers how many."""
    now = now or timezone.now()
    lost = _lost(now).select_related("organisation")
    if organisation is not None:
        lost = lost.of(organisation)
    return sum(_fail_lost(job, now) for job in lost)


def recover(job, now=None):
    """``job`` as its page should show it: failed, and so editable again, when it is lost."""
    now = now or timezone.now()
    if job.status in PENDING and job.updated_at <= now - STALE_AFTER and _fail_lost(job, now):
        job.refresh_from_db()
    return job


@task()
def run_import(job_id: str) -> bool:
    """The worker's task: imports one job (False when another worker had already taken it),
    then marks the lost ones failed."""
    ran = run(job_id)
    fail_stale()
    return ran
