"""Links to choose a password, with Django's ``PasswordResetTokenGenerator``: « Mot de passe
oublié ? » on the login page, and the invitation of a person added to a team (``imports``).

A link works once (the token signs the current password: once changed, it no longer matches)
and for ``PASSWORD_RESET_TIMEOUT``. It is made and sent by the task worker, never in the
request: the page that asked answers the same for an address of no account, without waiting on
a mail server (whose delay would tell an account's address from another).
The message carries the link and nothing else of the person. Logs carry the account's id,
never an address.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from palabre.accounts.models import User
from palabre.core import mail

logger = logging.getLogger(__name__)

TEMPLATE = "accounts/password_link_message.txt"


def address_for(user) -> str:
    """The one-time address where ``user`` chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return mail.absolute_url(reverse("accounts:password_reset_confirm", args=[uid, token]))


def valid_days() -> int:
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))


def send_soon(user_id):
    """Asks the worker for the link of ``user_id``. A queue error must not fail the request,
    nor tell anything to the person who asked: it is only logged."""
    try:
        return send_reset_link.enqueue(str(user_id))
    except Exception:
        logger.exception("Password link for account %s could not be queued", user_id)
        return None


def render(partial_name: str, context: dict) -> tuple[str, str]:
    """The subject and the body of a message of ``TEMPLATE``'s kind ``partial_name``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = mail.render_plain(f"{TEMPLATE}#{partial_name}_subject", context)
        body = mail.render_plain(f"{TEMPLATE}#{partial_name}", context)
    body = "\n\n".join(part.strip() for part in body.split("\n\n") if part.strip())
    return " ".join(subject.split()), body + "\n"


@task()
def send_reset_link(user_id: str) -> bool:
    """The worker's task: the link to choose a new password, to the account's address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    subject, body = render("reset", {"link": address_for(user), "days": valid_days()})
    mail.message(subject=subject, body=body, to=user.email).send()
    logger.info("Password link sent to account %s", user.pk)
    return True
