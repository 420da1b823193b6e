"""The server's side of lone-worker safety: it notices a missed check-in by itself — the phone may
be dead, offline or lost — and sends every alert to the team's on-call contact, by SMS and by
e-mail, each once.

``sweep`` does both: ``raise_missed`` looks at every member of every running shift whose team has
a check-in interval and an on-call contact, and raises one alert for the latest deadline they
missed (a partial unique constraint makes a second sweep, or two sweeps at once, raise nothing
more); ``send_pending`` sends what is still to send.

Who runs it:

- ``manage.py send_safety_alerts``, every minute, by cron or a systemd timer (docs/operations.md).
  This is the guarantee: it needs neither the phone nor the worker.
- the task worker (``db_worker``), through ``sweep_task``: queued at once by an alarm, and at the
  next deadline by each check-in, so that an alert leaves within seconds where the worker runs.

Sending is the outbox of ``permanences/delivery.py``: each channel of each alert in its own
transaction holding the alert's row (PostgreSQL ``FOR UPDATE SKIP LOCKED``; SQLite's immediate
transactions), marked sent in that same transaction. A process killed while sending leaves the
channel unsent and the next sweep sends it. A failed channel is tried again at each sweep, up to
``MAX_FAILURES`` times. A missed check-in's alert not yet sent when the member checks in is
dropped. Logs carry the alert's id, kind and channel, never an address, a number, a name or a
place.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from palabre.core import journal, mail, sms
from palabre.field.models import Shift, ShiftStatus
from palabre.field.safety import (
    MAX_FAILURES,
    AlertKind,
    CheckIn,
    CheckInKind,
    SafetyAlert,
    last_missed_deadline,
    local_clock,
)
from palabre.organisations.models import Membership

logger = logging.getLogger(__name__)

# A sweep just after a shift's end still raises a deadline missed just before it.
LATE = dt.timedelta(minutes=10)
CHANNELS = ("sms", "email")  # the SMS first: it is what wakes someone up


def sweep_soon(at=None):
    """Asks the worker to sweep at ``at`` (now if past or None). Never fails its caller: the
    every-minute command sweeps anyway."""
    try:
        job = sweep_task
        if at is not None and at > timezone.now():
            if not job.get_backend().supports_defer:
                return None
            job = job.using(run_after=at)
        return job.enqueue()
    except Exception:
        logger.exception("A safety sweep could not be queued")
        return None


@task()
def sweep_task() -> int:
    return sweep()


def sweep(now=None) -> int:
    """Raises the missed check-ins, then sends every pending alert; answers how many messages
    went."""
    now = now or timezone.now()
    raise_missed(now)
    return send_pending(now)


# --- Missed check-ins ---------------------------------------------------------------------------


def watched_shifts(now):
    """Shifts under way whose team has a check-in interval and an on-call contact."""
    people = Membership.objects.active().select_related("user")
    return (
        Shift.objects.filter(
            team__check_in_minutes__isnull=False,
            team__on_call__isnull=False,
            starts_at__lte=now,
            ends_at__gte=now - LATE,
        )
        .exclude(status=ShiftStatus.CANCELLED)
        .select_related("team", "organisation")
        .prefetch_related(Prefetch("members", queryset=people))
    )


def _latest_check_ins(shifts) -> tuple[dict, dict]:
    """(shift, member) → their latest check-in, and → their latest one that shared a place."""
    latest, shared = {}, {}
    rows = CheckIn.objects.filter(shift__in=[shift.pk for shift in shifts]).order_by("-at")
    for row in rows.select_related("residence__quartier", "quartier", "commune"):
        key = (row.shift_id, row.member_id)
        latest.setdefault(key, row)
        if row.place is not None:
            shared.setdefault(key, row)
    return latest, shared


def raise_missed(now) -> int:
    """One alert for the latest deadline each member has missed; none for a member who said
    they had finished. Answers how many alerts are new."""
    shifts = list(watched_shifts(now))
    latest, shared = _latest_check_ins(shifts)
    raised = 0
    for shift in shifts:
        every = dt.timedelta(minutes=shift.team.check_in_minutes)
        for member in shift.members.all():
            last = latest.get((shift.pk, member.pk))
            if last is not None and last.kind == CheckInKind.DONE:
                continue
            last_news_at = max(last.at, shift.starts_at) if last else shift.starts_at
            deadline = last_missed_deadline(
                last_news_at=last_news_at, every=every, ends_at=shift.ends_at, now=now
            )
            if deadline is not None and _raise(shift, member, deadline, last_news_at, shared, now):
                raised += 1
    return raised


def _raise(shift, member, deadline, last_news_at, shared, now) -> bool:
    alerts = SafetyAlert.objects.filter(
        organisation=shift.organisation_id,
        shift=shift,
        member=member,
        kind=AlertKind.MISSED_CHECK_IN,
        deadline=deadline,
    )
    if alerts.exists():
        return False
    place = shared.get((shift.pk, member.pk))
    alert = SafetyAlert(
        organisation_id=shift.organisation_id,
        shift=shift,
        member=member,
        kind=AlertKind.MISSED_CHECK_IN,
        raised_at=now,
        deadline=deadline,
        last_news_at=last_news_at,
        place_shared_at=place.at if place else None,
    )
    alert.set_place(place.place if place else None)
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
            journal.record(
                organisation=shift.organisation,
                subject=alert,
                verb="safety_check_in_missed",
                summary=_("Pointage manqué : alerte à l'astreinte"),
                data={"shift": str(shift.pk)},
            )
    except IntegrityError:  # another sweep raised it meanwhile
        return False
    return True


# --- Sending ------------------------------------------------------------------------------------


def send_pending(now=None, limit=None) -> int:
    pending = SafetyAlert.objects.pending().order_by("raised_at").values_list("pk", flat=True)
    sent = 0
    for pk in list(pending[:limit]):
        for channel in CHANNELS:
            sent += _send_one(pk, channel)
    return sent


def _send_one(pk, channel) -> int:
    sent_at, failures = f"{channel}_sent_at", f"{channel}_failures"
    with transaction.atomic():
        alert = (
            SafetyAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "shift__team__on_call",
                "member__user",
                "residence__quartier",
                "quartier",
                "commune",
            )
            .filter(
                pk=pk,
                dropped=False,
                **{f"{sent_at}__isnull": True, f"{failures}__lt": MAX_FAILURES},
            )
            .first()
        )
        if alert is None:  # sent, dropped, given up, or being sent by another process
            return 0
        reason = _pointless(alert)
        if reason:
            alert.dropped = True
            alert.save(update_fields=["dropped", "updated_at"])
            logger.info("Safety alert %s (%s) dropped: %s", alert.pk, alert.kind, reason)
            return 0
        try:
            _deliver(alert, channel)
        except Exception as error:
            setattr(alert, failures, getattr(alert, failures) + 1)
            alert.save(update_fields=[failures, "updated_at"])
            # SMTP errors can quote the address: only our own SMS errors are worded safely.
            detail = str(error) if isinstance(error, sms.SmsError) else type(error).__name__
            logger.warning(
                "Safety alert %s (%s by %s) not sent, attempt %s: %s",
                alert.pk,
                alert.kind,
                channel,
                getattr(alert, failures),
                detail,
            )
            return 0
        setattr(alert, sent_at, timezone.now())
        alert.save(update_fields=[sent_at, "updated_at"])
    return 1


def _pointless(alert) -> str:
    if not hasattr(alert.shift.team, "on_call"):
        return "no on-call contact any more"
    if alert.kind == AlertKind.MISSED_CHECK_IN:
        since = CheckIn.objects.filter(
            shift=alert.shift_id, member=alert.member_id, at__gte=alert.deadline
        )
        if since.exists():
            return "the member checked in since"
    return ""


def _deliver(alert, channel):
    subject, body, text = render(alert)
    contact = alert.shift.team.on_call
    if channel == "sms":
        sms.send_sms(contact.phone, text)
    else:
        mail.message(subject=subject, body=body, to=contact.email).send()


def render(alert) -> tuple[str, str, str]:
    """The e-mail subject, the e-mail body and the SMS: who, which team, since when, and the
    place they chose to share — nothing of the shift's interventions, reports or notes."""
    user = alert.member.user
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alarm": alert.kind == AlertKind.ALARM,
            "person": user.get_full_name() or user.email,
            "team": alert.shift.team.name,
            "time": local_clock(alert.raised_at),
            "last_news": local_clock(alert.last_news_at) if alert.last_news_at else "",
            "deadline": local_clock(alert.deadline) if alert.deadline else "",
            "place": alert.place_name(),
            "place_time": local_clock(alert.place_shared_at) if alert.place_shared_at else "",
            "link": mail.absolute_url(reverse("field:shift_safety", args=[alert.shift_id])),
        }
        name = "field/safety/messages/alert.txt"
        subject = mail.render_plain(f"{name}#subject", context)
        body = mail.render_plain(f"{name}#email", context)
        text = sms.fit(
            lambda values: mail.render_plain(f"{name}#sms", values),
            context,
            shrinkable=("place", "team", "person"),
        )
    body = "\n\n".join(part.strip() for part in body.split("\n\n") if part.strip())
    return " ".join(subject.split()), body + "\n", text
