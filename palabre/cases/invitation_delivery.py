"""Sending the invitations that go by e-mail or SMS (docs/adr/0026), each once, by the worker.

The same outbox discipline as ``permanences/delivery.py``: each invitation is sent inside its
own transaction, which holds its row (PostgreSQL ``FOR UPDATE SKIP LOCKED``; SQLite's immediate
transactions), and is marked sent in that same transaction. A worker killed while sending leaves
it unsent for the next run; an invitation answered, withdrawn or expired meanwhile is not sent.
A failed send is tried again later, five times at most.

A message says which service, that the request is taken on, and the link; never a name, a
conflict or anything of the case. Logs carry the invitation's id, never an address or a number.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from palabre.cases import invitation_links
from palabre.cases.invitations import Delivery, Invitation
from palabre.core import mail, sms

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_AFTER = [dt.timedelta(minutes=m) for m in (2, 10, 30, 120)]
TEMPLATE = "cases/invitations/requester_message.txt"


def send_soon(when=None):
    """Asks the worker to send what waits. Called once an invitation is committed: it must never
    fail the request that made it, so a queue error is only logged (``send_unsent`` catches up
    at its next run)."""
    try:
        queued = send_invitations
        if when is not None and when > timezone.now():
            if not queued.get_backend().supports_defer:
                return None
            queued = queued.using(run_after=when)
        return queued.enqueue()
    except Exception:
        logger.exception("Sending of invitations could not be queued")
        return None


@task()
def send_invitations() -> int:
    """The worker's task: sends every invitation waiting, not only the one that queued it."""
    return send_unsent()


def send_unsent() -> int:
    """Sends every invitation waiting; answers how many went."""
    waiting = Invitation.objects.unsent().order_by("created_at").values_list("pk", flat=True)
    return sum(_send_one(pk) for pk in list(waiting))


def _send_one(pk) -> bool:
    with transaction.atomic():
        invitation = (
            Invitation.objects.unsent()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("organisation", "party", "case")
            .filter(pk=pk)
            .first()
        )
        if invitation is None:  # sent, answered or being sent by another worker meanwhile
            return False
        try:
            _deliver(invitation)
        except Exception as error:
            _failed(invitation, error)
            return False
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at", "updated_at"])
    return True


def _failed(invitation: Invitation, error: Exception):
    invitation.send_attempts += 1
    invitation.dropped = invitation.send_attempts >= MAX_ATTEMPTS
    invitation.save(update_fields=["send_attempts", "dropped", "updated_at"])
    if not invitation.dropped:
        wait = RETRY_AFTER[min(invitation.send_attempts, len(RETRY_AFTER)) - 1]
        transaction.on_commit(lambda: send_soon(timezone.now() + wait))
    detail = str(error) if isinstance(error, sms.SmsError) else type(error).__name__
    logger.warning(
        "Invitation %s (%s) not sent, attempt %s%s: %s",
        invitation.pk,
        invitation.delivery,
        invitation.send_attempts,
        ", given up" if invitation.dropped else "",
        detail,
    )


def render(invitation: Invitation) -> tuple[str, str, str]:
    """The e-mail subject, the e-mail body and the SMS text of an invitation."""
    organisation = invitation.organisation
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "service": organisation.name,
            "link": invitation_links.address_of(invitation),
            "until": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
            "service_phone": organisation.phone,
            "service_email": organisation.email,
        }
        subject = mail.render_plain(f"{TEMPLATE}#subject", context)
        body = mail.render_plain(f"{TEMPLATE}#email", context)
        text = sms.fit(
            lambda values: mail.render_plain(f"{TEMPLATE}#sms", values),
            context,
            shrinkable=("service",),
        )
    body = "\n\n".join(part.strip() for part in body.split("\n\n") if part.strip())
    return " ".join(subject.split()), body + "\n", text


def _deliver(invitation: Invitation):
    """To the party's contact as it stands when the message leaves."""
    subject, body, text = render(invitation)
    party = invitation.party
    if invitation.delivery == Delivery.SMS:
        sms.send_sms(party.phone, text)
    elif party.email:
        mail.message(subject=subject, body=body, to=party.email).send()
    else:
        raise ValueError("no e-mail address")
