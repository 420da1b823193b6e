"""Sending the notices of the outbox, by e-mail or SMS, each once.

``send_due`` walks the notices whose time has come. Each one is sent inside its own transaction,
which holds its row (PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so two workers share the work
without sending anything twice; SQLite: an immediate transaction, one writer at a time), and is
marked sent in that same transaction. A worker killed while sending leaves the notice unsent and
the next run sends it: nothing is lost (at least once, docs/adr/0037). Only a death between the
provider's acceptance and the commit, a window of milliseconds, can make a message go twice; an
e-mail then goes again with the same Message-ID, which mail programs show once.

A message says when, where, which service, and the address of the person's own page; no name,
nothing about their situation. A failed send is tried again later, five times at most. Logs
carry the notice's id and kind, never an address, a number or a name.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from palabre.core import mail, sms
from palabre.permanences import schedule
from palabre.permanences.models import AppointmentState, Notice, NoticeChannel, NoticeKind

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Waits before trying a failed notice again, by number of failures so far.
RETRY_AFTER = [dt.timedelta(minutes=m) for m in (2, 10, 30, 120)]


def send_soon(due_at=None):
    """Asks the worker to send the notices at ``due_at`` (now if past). Called once a booking
    is committed: it must never fail the person's request, so a queue error is only logged;
    ``manage.py send_notices`` catches up."""
    try:
        task = send_due_notices
        if due_at is not None and due_at > timezone.now():
            if not task.get_backend().supports_defer:
                return None
            task = task.using(run_after=due_at)
        return task.enqueue()
    except Exception:
        logger.exception("Sending of notices could not be queued")
        return None


@task()
def send_due_notices() -> int:
    """The worker's task: sends every notice whose time has come (not only the one that queued
    this run)."""
    return send_due()


def send_due(now=None, limit=None) -> int:
    """Sends the notices due at ``now``; answers how many went."""
    now = now or timezone.now()
    due = Notice.objects.due(now).order_by("due_at", "created_at").values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:limit]):
        sent += _send_one(pk, now)
    return sent


def _send_one(pk, now) -> bool:
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "appointment__organisation",
                "appointment__occurrence__permanence__venue__commune",
            )
            .filter(pk=pk, sent_at__isnull=True, dropped=False, due_at__lte=now)
            .first()
        )
        if notice is None:  # sent, dropped or being sent by another worker meanwhile
            return False
        reason = _pointless(notice, now)
        if reason:
            notice.dropped = True
            notice.code = ""
            notice.save(update_fields=["dropped", "code", "updated_at"])
            logger.info("Notice %s (%s) dropped: %s", notice.pk, notice.kind, reason)
            return False
        try:
            _deliver(notice)
        except Exception as error:
            _failed(notice, error)
            return False
        notice.sent_at = timezone.now()
        notice.code = ""
        notice.save(update_fields=["sent_at", "code", "updated_at"])
    return True


def _pointless(notice: Notice, now) -> str:
    """Why the notice should not go any more (the worker was down, the booking moved on)."""
    appointment = notice.appointment
    if appointment.starts_at is not None and appointment.starts_at <= now:
        return "appointment passed"
    if notice.kind == NoticeKind.CODE:
        if appointment.state != AppointmentState.PENDING or (
            appointment.hold_until and appointment.hold_until < now
        ):
            return "code no longer useful"
    elif notice.kind == NoticeKind.CANCELLATION:
        if appointment.state != AppointmentState.CANCELLED:
            return "appointment not cancelled"
    elif appointment.state != AppointmentState.BOOKED:
        return "appointment not booked"
    if notice.channel == NoticeChannel.EMAIL and not appointment.email:
        return "no e-mail address"
    if notice.channel == NoticeChannel.SMS and not appointment.phone:
        return "no phone number"
    return ""


def _failed(notice: Notice, error: Exception):
    notice.attempts += 1
    notice.dropped = notice.attempts >= MAX_ATTEMPTS
    if not notice.dropped:
        wait = RETRY_AFTER[min(notice.attempts, len(RETRY_AFTER)) - 1]
        notice.due_at = timezone.now() + wait
        due_at = notice.due_at
        transaction.on_commit(lambda: send_soon(due_at))
    notice.save(update_fields=["attempts", "dropped", "due_at", "updated_at"])
    # SMTP errors can quote the address: only our own SMS errors are worded safely.
    detail = str(error) if isinstance(error, sms.SmsError) else type(error).__name__
    logger.warning(
        "Notice %s (%s by %s) not sent, attempt %s%s: %s",
        notice.pk,
        notice.kind,
        notice.channel,
        notice.attempts,
        ", given up" if notice.dropped else "",
        detail,
    )


def _deliver(notice: Notice):
    subject, body, text = render(notice)
    appointment = notice.appointment
    if notice.channel == NoticeChannel.SMS:
        sms.send_sms(appointment.phone, text)
    else:
        mail.message(
            subject=subject, body=body, to=appointment.email, once_as=f"notice-{notice.pk}"
        ).send()


def manage_url(appointment) -> str:
    """The person's own page for this appointment (see, cancel), as a full address."""
    try:
        path = reverse("rdv:manage", args=[appointment.secret])
    except NoReverseMatch:
        path = f"/rendez-vous/mon-rendez-vous/{appointment.secret}/"
    return mail.absolute_url(path)


def _address(venue) -> str:
    commune = venue.commune.name
    if commune.lower() in venue.address.lower():
        return venue.address
    return f"{venue.address}, {commune}"


def short_url(appointment) -> str:
    """The same page at an address short enough for a text message."""
    return mail.absolute_url(reverse("rdv:short", args=[appointment.secret]))


def render(notice: Notice) -> tuple[str, str, str]:
    """The e-mail subject, the e-mail body and the SMS text of a notice."""
    appointment = notice.appointment
    venue = appointment.occurrence.permanence.venue
    with translation.override(settings.LANGUAGE_CODE):
        local = timezone.localtime(appointment.starts_at)
        context = {
            "service": appointment.organisation.name,
            "day": formats.date_format(local, "l j F Y"),
            "short_day": formats.date_format(local, "d/m"),
            "time": schedule.clock(local.time()),
            "venue": venue.name,
            "address": _address(venue),
            "link": manage_url(appointment),
            "code": notice.code,
        }
        name = f"permanences/notices/{notice.kind.lower()}.txt"
        subject = mail.render_plain(f"{name}#subject", context)
        body = mail.render_plain(f"{name}#email", context)
        text = sms.fit(
            lambda values: mail.render_plain(f"{name}#sms", values),
            context | {"link": short_url(appointment)},
            shrinkable=("address", "venue", "service"),
        )
    body = "\n\n".join(part.strip() for part in body.split("\n\n") if part.strip())
    return " ".join(subject.split()), body + "\n", text
