"""The daily retention job: for every organisation, what its schedule makes due today
(``privacy.due``), treated row by row (``privacy.anonymise``), with a record of the pass
(``RetentionRun``: counts only).

It runs every night from cron (``manage.py apply_retention``), or in the task worker
(``apply_retention_task``, queued by ``manage.py apply_retention --queue``). Running it twice,
or twice at once, does nothing twice: a treated row is no longer due, and each row is asked
again under its lock. A pass stopped half-way (the process killed, the machine restarted)
leaves a record without an end; the next pass does the rest. A row that fails is logged by its
id and counted in ``errors``, and the pass goes on with the others; the next pass tries it again.
"""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from palabre.organisations.models import Organisation
from palabre.privacy import due
from palabre.privacy.anonymise import OPERATIONS, Context, count
from palabre.privacy.retention import RetentionRun, RetentionSchedule

logger = logging.getLogger(__name__)

COUNTED_AS = due.COUNTED_AS


def line_counts(found: due.Due) -> dict:
    """What a pass would do, by line of the schedule (for ``--dry-run`` and the preview)."""
    counts = {}
    for key, rows in found.lines.items():
        line = COUNTED_AS.get(key, key)
        counts[line] = counts.get(line, 0) + len(rows)
    return counts


def apply(*, now=None, dry_run: bool = False, organisations=None) -> dict:
    """One pass over ``organisations`` (all by default): organisation → counts by line. With
    ``dry_run``, nothing is written: the counts say what a pass would do."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    schedules = due.Schedules()
    if organisations is None:
        organisations = Organisation.objects.order_by("name", "pk")
    done = {}
    for organisation in organisations:
        schedule = RetentionSchedule.of(organisation)
        schedules[organisation.pk] = schedule
        found = due.due(organisation, day, schedule, schedules)
        if dry_run:
            done[organisation] = line_counts(found)
            continue
        done[organisation] = _pass(
            found, Context(organisation, schedule, day, now, None, schedules)
        )
    return done


def _pass(found: due.Due, context: Context) -> dict:
    context.run = RetentionRun.objects.create(
        organisation=context.organisation, started_at=context.now
    )
    for key, operation in OPERATIONS.items():
        for row in found.lines.get(key, ()):
            try:
                operation(context, row.pk)
            except Exception:
                logger.exception("Retention: %s %s could not be treated", key, row.pk)
                with transaction.atomic():
                    count(context, "errors")
    RetentionRun.objects.filter(pk=context.run.pk).update(finished_at=timezone.now())
    context.run.refresh_from_db()
    return dict(context.run.counts)


@task()
def apply_retention_task(dry_run: bool = False) -> dict:
    """The worker's task: one pass, answered as organisation slug → counts by line."""
    return {organisation.slug: counts for organisation, counts in apply(dry_run=dry_run).items()}


def enqueue():
    return apply_retention_task.enqueue()
