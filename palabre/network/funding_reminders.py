"""The reminders of a call's deadline: 14 days and 3 days before it, by e-mail to the
coordination (admin and coordinator accounts) of each member service that marked its interest
but has not applied. Each reminder goes once.

- ``record_due`` (``manage.py remind_funding``, every day or hour by cron): records each reminder
  whose step has come — one row per application and step, under a unique constraint, so that a
  second run, or two runs at once, record nothing more — and queues its task for the worker
  (``db_worker``) in the same transaction. A reminder still unsent six hours after its task was
  queued (a worker stopped, a task that failed) is queued again.
- ``send_reminder`` (the worker): holds the reminder's row (PostgreSQL ``FOR UPDATE SKIP
  LOCKED``; SQLite's immediate transactions), sends, and marks it sent in that same
  transaction, as ``permanences/delivery.py`` does. A reminder that no longer makes sense when
  the worker gets to it (the member applied or withdrew, the call closed, the deadline passed,
  or the 3-day step came before the 14-day one went) is dropped, unsent.

A failed sending is tried again later, five times at most. Logs carry the reminder's id and step,
never an address or a name.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core import mail
from palabre.network.models import (
    ApplicationStage,
    CallStatus,
    FundingApplication,
    FundingReminder,
)
from palabre.organisations.models import Membership, Role

logger = logging.getLogger(__name__)

STEPS = (14, 3)  # days before the deadline, the latest last
MAX_FAILURES = 5
RETRY_AFTER = [dt.timedelta(minutes=m) for m in (5, 30, 120, 360)]
STALE = dt.timedelta(hours=6)


def step_for(days_left: int) -> int | None:
    """The step a reminder sent ``days_left`` days before the deadline belongs to."""
    if days_left < 0:
        return None
    fitting = [step for step in STEPS if days_left <= step]
    return min(fitting) if fitting else None


# --- The command: record what has come ----------------------------------------------------------


def waiting_applications(today):
    """Interests not followed by an application, on calls still open and not yet past."""
    return FundingApplication.objects.filter(
        stage=ApplicationStage.INTEREST,
        call__status=CallStatus.OPEN,
        call__deadline__gte=today,
        call__deadline__lte=today + dt.timedelta(days=max(STEPS)),
    ).select_related("call")


def record_due(now=None) -> int:
    """Records every reminder whose step has come and queues its task; answers how many are
    new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    recorded = 0
    for application in waiting_applications(today):
        step = step_for((application.call.deadline - today).days)
        if step is not None and not application.reminders.filter(days_before=step).exists():
            recorded += _record(application, step, now)
    _queue_stale(now)
    return recorded


def _record(application, step, now) -> int:
    try:
        with transaction.atomic():
            reminder = FundingReminder.objects.create(
                network_id=application.network_id,
                application=application,
                days_before=step,
                queued_at=now,
            )
            send_reminder.enqueue(str(reminder.pk))
    except IntegrityError:  # another run recorded it meanwhile
        return 0
    return 1


def _queue_stale(now):
    stale = FundingReminder.objects.unsent().filter(
        failures__lt=MAX_FAILURES, queued_at__lt=now - STALE
    )
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            FundingReminder.objects.filter(pk=pk).update(queued_at=now)
            send_reminder.enqueue(str(pk))


# --- The worker: send it ------------------------------------------------------------------------


@task()
def send_reminder(reminder_id: str) -> int:
    """The worker's task: sends the reminder if still to send; answers how many e-mails went."""
    now = timezone.now()
    with transaction.atomic():
        reminder = (
            FundingReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("application__call__funder", "application__member", "network")
            .filter(pk=reminder_id, sent_at__isnull=True, dropped=False, failures__lt=MAX_FAILURES)
            .first()
        )
        if reminder is None:  # sent, dropped, given up, or being sent by another worker
            return 0
        recipients = coordination_addresses(reminder.application.member)
        reason = _pointless(reminder, now) or ("" if recipients else "no address")
        if reason:
            reminder.dropped = True
            reminder.save(update_fields=["dropped", "updated_at"])
            logger.info(
                "Funding reminder %s (%s days) dropped: %s",
                reminder.pk,
                reminder.days_before,
                reason,
            )
            return 0
        try:
            sent = _deliver(reminder, recipients, now)
        except Exception as error:
            _failed(reminder, error, now)
            return 0
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at", "updated_at"])
    return sent


def coordination_addresses(member) -> list[str]:
    if member.organisation_id is None:
        return []
    people = Membership.objects.active().filter(
        organisation=member.organisation_id, role__in=(Role.ADMIN, Role.COORDINATOR)
    )
    return sorted({address for address in people.values_list("user__email", flat=True) if address})


def _pointless(reminder, now) -> str:
    application = reminder.application
    call = application.call
    today = timezone.localdate(now)
    if application.stage != ApplicationStage.INTEREST:
        return "applied or withdrawn since"
    if call.status != CallStatus.OPEN or call.deadline < today:
        return "call closed"
    if not application.member.is_active:
        return "member no longer active"
    if step_for((call.deadline - today).days) != reminder.days_before:
        return "a later step has come"
    return ""


def _deliver(reminder, recipients, now) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = render(reminder, timezone.localdate(now))
    return mail.send_each(subject=subject, body=body, recipients=recipients)


def render(reminder, today) -> tuple[str, str]:
    """The subject and body: the call, its funder, its deadline and the page's address; nothing
    of the other members."""
    application = reminder.application
    call = application.call
    days = (call.deadline - today).days
    if days == 0:
        subject = _("Palabre : l'appel « %(call)s » se clôt aujourd'hui") % {"call": call.title}
    else:
        subject = ngettext(
            "Palabre : l'appel « %(call)s » se clôt dans %(days)s jour",
            "Palabre : l'appel « %(call)s » se clôt dans %(days)s jours",
            days,
        ) % {"call": call.title, "days": days}
    lines = [
        _("Bonjour,"),
        "",
        _(
            "%(member)s a signalé son intérêt pour l'appel « %(call)s » (%(funder)s), "
            "sans candidature enregistrée à ce jour."
        )
        % {"member": application.member.name, "call": call.title, "funder": call.funder_name()},
        _("Date limite de dépôt : %(day)s.") % {"day": call.deadline.strftime("%d/%m/%Y")},
        "",
        _("Pour enregistrer votre candidature, ou renoncer : %(link)s")
        % {"link": mail.absolute_url(reverse("network:funding_call", args=[call.pk]))},
        "",
        reminder.network.name,
    ]
    return subject, "\n".join(str(line) for line in lines).rstrip() + "\n"


def _failed(reminder, error, now):
    reminder.failures += 1
    reminder.dropped = reminder.failures >= MAX_FAILURES
    reminder.save(update_fields=["failures", "dropped", "updated_at"])
    if not reminder.dropped:
        retry_at = now + RETRY_AFTER[min(reminder.failures, len(RETRY_AFTER)) - 1]
        reminder_id = str(reminder.pk)
        transaction.on_commit(lambda: _queue_again(reminder_id, retry_at))
    # SMTP errors can quote the address: only the error's type is logged.
    logger.warning(
        "Funding reminder %s (%s days) not sent, attempt %s%s: %s",
        reminder.pk,
        reminder.days_before,
        reminder.failures,
        ", given up" if reminder.dropped else "",
        type(error).__name__,
    )


def _queue_again(reminder_id, at):
    try:
        send_reminder.using(run_after=at).enqueue(reminder_id)
    except Exception:
        logger.exception("Funding reminder %s could not be queued again", reminder_id)
