"""Reports built in the background, each computed once.

A *builder* turns an organisation and parameters into a file. It is registered under a kind::

    @runs.register("funder_report", title=_("Bilan financeur"), version="2", formats=("pdf", "ods"))
    def funder_report(organisation, params, progress, format):
        progress(10, _("Calcul des indicateurs"))
        ...
        return filename, content_type, content  # content: bytes

``params`` reaches the builder as stored: normalised JSON (sorted keys, dates as ISO strings,
ids as strings), so a builder parses what it needs. ``progress(percent, step)`` writes to the run
at once, outside any transaction, so the page showing the run sees it while the builder works.
Bump ``version`` when a builder's output changes: runs made by the old version are then no longer
reused.

``request_run`` answers the run for a request: the one already done (not expired), queued or
running with the same parameters, or a new one queued for the worker (``manage.py db_worker``)
once the transaction commits. The worker calls ``build``, which first claims the run with a
conditional update so that two workers never build it twice. A page may instead build a small
report at once with ``build_now``: that choice is the caller's.

Logs carry the run's id and kind, never parameters or error messages, which could name someone.
"""

import datetime as dt
import decimal
import errno
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.reports.models import PENDING, ReportRun, RunFormat, RunStatus, run_file_path

logger = logging.getLogger(__name__)

# How long a generated file stays available for download (``prune_report_runs`` removes it after).
KEEP_FOR = dt.timedelta(days=7)
# A queued or running run this long without news is taken as lost (worker killed, queue error):
# the next identical request queues it again, and a worker may claim it again.
STALE_AFTER = dt.timedelta(minutes=15)


FAILED = gettext_lazy(
    "La génération du bilan a échoué. Demandez-le à nouveau ; si l'échec se répète, "
    "prévenez l'administration de Palabre."
)
DISK_FULL = gettext_lazy(
    "Le bilan n'a pas pu être enregistré : le disque du serveur est plein. Rien n'a été gardé "
    "de ce fichier. Prévenez l'administration de Palabre, puis demandez-le à nouveau."
)


@dataclass(frozen=True)
class Builder:
    kind: str
    function: object
    title: str
    version: str
    formats: tuple[str, ...]


BUILDERS: dict[str, Builder] = {}


def register(kind: str, *, title="", version: str = "1", formats=tuple(RunFormat.values)):
    """Registers the decorated function as the builder of ``kind``; ``title`` names the report
    on the pages (lazy translation)."""

    def decorate(function):
        BUILDERS[kind] = Builder(kind, function, title or kind, str(version), tuple(formats))
        return function

    return decorate


def unregister(kind: str):
    BUILDERS.pop(kind, None)


def title_of(kind: str) -> str:
    builder = BUILDERS.get(kind)
    return str(builder.title) if builder else _("Bilan")


# --- Parameters and key -------------------------------------------------------------------------


def _plain(value):
    """``value`` as plain JSON data, the same whatever the order or type it arrived in."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"Unsupported report parameter type: {type(value).__name__}")


def canonical(params: dict) -> str:
    return json.dumps(_plain(params), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalise(params: dict) -> dict:
    return json.loads(canonical(params))


def key_of(kind: str, params: dict, version: str) -> str:
    text = "\n".join([kind, canonical(params), version])
    return hashlib.sha256(text.encode()).hexdigest()


def _builder(kind: str, format: str) -> Builder:
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"No report builder registered for {kind!r}")
    if format not in builder.formats:
        raise ValueError(f"The {kind!r} report has no {format!r} format")
    return builder


# --- Requesting ---------------------------------------------------------------------------------


def request_run(*, organisation, by, kind: str, params: dict, format: str, refresh=False):
    """The run answering this request, and whether it was (re)queued by this call.

    The same kind, parameters and format for the same organisation give the same run: done and
    still available, or on its way. An expired run, or a done one with ``refresh``, is built
    again in place (its page keeps its address). Two identical requests at the same instant meet
    at the unique constraint: the second one gets the first one's run."""
    builder = _builder(kind, format)
    params = normalise(params)
    key = key_of(kind, params, builder.version)
    same = ReportRun.objects.of(organisation).live().filter(key=key, format=format)
    user = getattr(by, "user", by)
    try:
        with transaction.atomic():
            run = same.first()
            if run is None:
                run = ReportRun.objects.create(
                    organisation=organisation,
                    kind=kind,
                    params=params,
                    key=key,
                    format=format,
                    requested_by=user,
                )
                transaction.on_commit(partial(enqueue, run.pk))
                return run, True
    except IntegrityError:
        # Another request created it between our look and our insert.
        return same.get(), False
    return _reuse(run, user, refresh)


def _reuse(run: ReportRun, user, refresh: bool):
    now = timezone.now()
    if run.status == RunStatus.DONE and (refresh or run.is_expired(now)):
        with transaction.atomic():
            reset = ReportRun.objects.filter(pk=run.pk, status=RunStatus.DONE).update(
                status=RunStatus.QUEUED,
                progress=0,
                step="",
                file="",
                filename="",
                content_type="",
                started_at=None,
                finished_at=None,
                expires_at=None,
                requested_by=user,
                updated_at=now,
            )
            if reset:
                transaction.on_commit(partial(_delete_file, run.file.storage, run.file.name))
                transaction.on_commit(partial(enqueue, run.pk))
        run.refresh_from_db()
        return run, bool(reset)
    if run.status in PENDING and run.updated_at <= now - STALE_AFTER:
        # Nobody has heard from it for long (its worker killed, its task lost): queued again,
        # so that the next worker may claim it at once (the claim keeps it single).
        requeued = ReportRun.objects.filter(
            pk=run.pk, status__in=PENDING, updated_at__lte=now - STALE_AFTER
        ).update(status=RunStatus.QUEUED, progress=0, step="", updated_at=now)
        if requeued:
            transaction.on_commit(partial(enqueue, run.pk))
            run.refresh_from_db()
    return run, False


def enqueue(run_id):
    """Asks the worker to build the run. A queue error must not fail the person's request: it is
    logged, and the run, left queued, is queued again by the next identical request."""
    try:
        return build_report.enqueue(str(run_id))
    except Exception:
        logger.exception("Report run %s could not be queued", run_id)
        return None


# --- Building -----------------------------------------------------------------------------------


def _claim(run_id) -> bool:
    """QUEUED (or lost RUNNING) → RUNNING in one conditional update: one claimant wins."""
    now = timezone.now()
    claimable = models.Q(status=RunStatus.QUEUED) | models.Q(
        status=RunStatus.RUNNING, updated_at__lte=now - STALE_AFTER
    )
    return bool(
        ReportRun.objects.filter(claimable, pk=run_id).update(
            status=RunStatus.RUNNING,
            progress=0,
            step=_("Démarrage"),
            started_at=now,
            updated_at=now,
        )
    )


def _progress(run_id, percent, step=""):
    percent = max(0, min(100, int(percent)))
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=percent, step=str(step)[:120], updated_at=timezone.now()
    )


def build(run_id) -> bool:
    """Builds the run if nobody else is; answers whether this call built it."""
    if not _claim(run_id):
        return False
    run = ReportRun.objects.select_related("organisation").get(pk=run_id)
    try:
        builder = _builder(run.kind, run.format)
        filename, content_type, content = builder.function(
            run.organisation, run.params, partial(_progress, run.pk), format=run.format
        )
        # A builder killed after writing its file, before saying so, left it at this name:
        # nothing points at it (the run was not done), the new file takes its place.
        _delete_file(run.file.storage, run_file_path(run, filename))
        # Written whole or not at all (core/storage.py): a full disk leaves no partial file.
        run.file.save(filename, ContentFile(content), save=False)
    except Exception as error:
        # The message may quote data: only its type goes to the log.
        full = isinstance(error, OSError) and error.errno == errno.ENOSPC
        logger.error(
            "Report run %s (%s) failed: %s%s",
            run.pk,
            run.kind,
            type(error).__name__,
            " (disk full)" if full else "",
        )
        _fail(run, DISK_FULL if full else FAILED)
        return True
    now = timezone.now()
    try:
        ReportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=100,
            step=_("Terminé"),
            file=run.file.name,
            filename=filename,
            content_type=content_type,
            finished_at=now,
            expires_at=now + KEEP_FOR,
            error="",
            updated_at=now,
        )
    except Exception:
        _delete_file(run.file.storage, run.file.name)  # no file without its run pointing at it
        raise
    logger.info("Report run %s (%s) built", run.pk, run.kind)
    return True


def _fail(run, message):
    now = timezone.now()
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED,
        step="",
        error=str(message),
        finished_at=now,
        expires_at=now + KEEP_FOR,
        updated_at=now,
    )


def build_now(run: ReportRun) -> ReportRun:
    """Builds a run in the current process (a small scope, or tests) and answers it refreshed.
    A run already claimed by a worker is left to it."""
    build(run.pk)
    run.refresh_from_db()
    return run


# --- Pruning ------------------------------------------------------------------------------------


def prune(now=None) -> int:
    """Deletes the runs past their availability, with their files; answers how many."""
    pruned = 0
    for run in ReportRun.objects.expired(now).exclude(status__in=PENDING).iterator():
        storage, name = run.file.storage, run.file.name
        run.delete()
        _delete_file(storage, name)
        pruned += 1
    return pruned


def _delete_file(storage, name):
    if not name:
        return
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Report file of %s could not be deleted", name.rsplit("/", 1)[-1])


@task()
def build_report(run_id: str) -> bool:
    """The worker's task: builds one report run; answers False when another worker had already
    taken it."""
    return build(run_id)
