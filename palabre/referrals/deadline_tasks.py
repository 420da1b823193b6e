"""The time limits at work (docs/adr/0020): ``manage.py remind_referrals`` records each step that
has come, and the task worker (``db_worker``) performs it and sends its messages, each once.

- ``record_due_steps`` (the command, every hour): for each request still unanswered at its first
  deadline, a reminder step; for each one still waiting at its limit, a closure step. A unique
  pair (referral, step) makes a second run, or two runs at once, record nothing more; the step's
  task is queued in the same transaction as its row, so that a step is never left without one.
  A step still undone six hours after its task was queued (a task that failed) is queued again.
- ``perform_step`` (the worker): looks at the referral again, its row held. A reminder for a
  request answered meanwhile, or a closure of a request decided meanwhile, is *moot*: nothing is
  changed, nothing sent. Otherwise the closure happens (« sans réponse dans le délai ») and the
  step's messages are written down (``DeadlineNotice``), then each is sent in its own
  transaction, holding its row (PostgreSQL ``FOR UPDATE SKIP LOCKED``; SQLite's immediate
  transactions), and marked sent in that same transaction. A worker killed while sending leaves
  the message unsent for the next run of the task; only a death between the provider's
  acceptance and the commit can make one go twice (the window of ``permanences/delivery.py``).
  A reminder still unsent when the request gets answered is dropped.

A failed message is tried again later by the task queued again, five times at most. Logs carry
ids, steps and audiences, never an address, a number or a name.
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.tasks import task
from django.utils import timezone

from palabre.core import sms
from palabre.referrals import deadline_actions, deadline_messages
from palabre.referrals.deadlines import DeadlineNotice, DeadlineStep, Step
from palabre.referrals.models import Decision, Referral

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
RETRY_AFTER = [dt.timedelta(minutes=m) for m in (5, 30, 120, 360)]
STALE = dt.timedelta(hours=6)


# --- The command: record what has come --------------------------------------------------------


def record_due_steps(now=None) -> int:
    """Records every step that has come and queues its task; answers how many are new."""
    now = now or timezone.now()
    recorded = 0
    due = (
        (Step.LAPSE, Referral.objects.lapse_due(now), "decision_due_at"),
        (Step.REMINDER, Referral.objects.reminder_due(now), "contact_due_at"),
    )
    for step, referrals, due_field in due:
        rows = (
            referrals.exclude(deadline_steps__step=step)
            .order_by(due_field)
            .values_list("pk", "organisation_id", due_field)
        )
        for pk, organisation_id, due_at in rows:
            recorded += _record(pk, organisation_id, step, due_at, now)
    _queue_stale(now)
    return recorded


def _record(referral_id, organisation_id, step, due_at, now) -> int:
    try:
        with transaction.atomic():
            row = DeadlineStep.objects.create(
                organisation_id=organisation_id,
                referral_id=referral_id,
                step=step,
                due_at=due_at,
                queued_at=now,
            )
            perform_step.enqueue(str(row.pk))
    except IntegrityError:  # another run recorded it meanwhile
        return 0
    return 1


def _queue_stale(now):
    """Steps undone, or with messages unsent, long after their task was queued."""
    unsent = DeadlineNotice.objects.pending().filter(step=OuterRef("pk"))
    stale = DeadlineStep.objects.filter(
        Q(performed_at__isnull=True) | Exists(unsent), queued_at__lt=now - STALE
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            DeadlineStep.objects.filter(pk=pk).update(queued_at=now)
            perform_step.enqueue(str(pk))


# --- The worker: perform a step, send its messages ----------------------------------------------


@task()
def perform_step(step_id: str) -> int:
    """The worker's task: performs the step if still to do, then sends what it has to send;
    answers how many messages went."""
    now = timezone.now()
    _perform(step_id, now)
    sent = 0
    pending = DeadlineNotice.objects.pending().filter(step_id=step_id, failures__lt=MAX_FAILURES)
    for pk in list(pending.values_list("pk", flat=True)):
        sent += _send_one(pk, now)
    return sent


def _perform(step_id, now):
    with transaction.atomic():
        step = (
            DeadlineStep.objects.select_for_update(skip_locked=True)
            .filter(pk=step_id, performed_at__isnull=True)
            .first()
        )
        if step is None:  # done, or being done by another worker
            return
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("organisation", "sent_by__user")
            .get(pk=step.referral_id)
        )
        if step.step == Step.REMINDER:
            happens = _still_unanswered(referral, now)
            if happens:
                deadline_actions.reminded(referral, now)
        else:
            happens = deadline_actions.lapse(referral, now)
        if happens:
            DeadlineNotice.objects.bulk_create(
                DeadlineNotice(
                    organisation_id=step.organisation_id,
                    step=step,
                    audience=audience,
                    channel=channel,
                    membership=member,
                )
                for audience, channel, member in deadline_messages.recipients(referral, step.step)
            )
        step.performed_at = now
        step.moot = not happens
        step.save(update_fields=["performed_at", "moot", "updated_at"])
        if not happens:
            logger.info("Deadline step %s (%s) moot: answered meanwhile", step.pk, step.step)


def _still_unanswered(referral, now) -> bool:
    """Neither a contact attempt nor a decision, and the limit itself not yet come (a closure
    says more than a reminder then)."""
    return (
        referral.decision == Decision.PENDING
        and referral.first_contact_at is None
        and referral.decision_due_at > now
    )


def _send_one(pk, now) -> int:
    with transaction.atomic():
        notice = (
            DeadlineNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("step", "membership__user")
            .filter(pk=pk, sent_at__isnull=True, dropped=False, failures__lt=MAX_FAILURES)
            .first()
        )
        if notice is None:  # sent, dropped, given up, or being sent by another worker
            return 0
        referral = Referral.objects.select_related("organisation", "sent_by__user").get(
            pk=notice.step.referral_id
        )
        if notice.step.step == Step.REMINDER and not _still_unanswered(referral, now):
            _drop(notice, "answered since")
            return 0
        try:
            delivered = deadline_messages.deliver(notice, referral)
        except Exception as error:
            _failed(notice, error, now)
            return 0
        if not delivered:
            _drop(notice, "no address")
            return 0
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at", "updated_at"])
    return 1


def _drop(notice, reason):
    notice.dropped = True
    notice.save(update_fields=["dropped", "updated_at"])
    logger.info(
        "Deadline notice %s (%s to %s) dropped: %s",
        notice.pk,
        notice.step.step,
        notice.audience,
        reason,
    )


def _failed(notice, error, now):
    notice.failures += 1
    notice.dropped = notice.failures >= MAX_FAILURES
    notice.save(update_fields=["failures", "dropped", "updated_at"])
    if not notice.dropped:
        retry_at = now + RETRY_AFTER[min(notice.failures, len(RETRY_AFTER)) - 1]
        step_id = str(notice.step_id)
        transaction.on_commit(lambda: _queue_again(step_id, retry_at))
    # SMTP errors can quote the address: only our own SMS errors are worded safely.
    detail = str(error) if isinstance(error, sms.SmsError) else type(error).__name__
    logger.warning(
        "Deadline notice %s (%s to %s by %s) not sent, attempt %s%s: %s",
        notice.pk,
        notice.step.step,
        notice.audience,
        notice.channel,
        notice.failures,
        ", given up" if notice.dropped else "",
        detail,
    )


def _queue_again(step_id, at):
    try:
        perform_step.using(run_after=at).enqueue(step_id)
    except Exception:
        logger.exception("Deadline step %s could not be queued again", step_id)
