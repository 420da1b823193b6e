"""The e-mails Palabre sends: one message per recipient, marked as automatic, with links built
from the instance's configured address.

Every app sends through ``send_each``, so that no coordinator reads the others' addresses in a
shared ``To:`` and no out-of-office reply answers a notification.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context, engines

AUTOMATIC = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def absolute_url(path: str) -> str:
    """``path`` on the address people reach the instance at (``PALABRE_BASE_URL``)."""
    return settings.PALABRE_BASE_URL.rstrip("/") + path


def render_plain(name: str, context: dict) -> str:
    """A text template (or one of its partials, ``name#partial``) without HTML escaping: an
    apostrophe in a service's name stays an apostrophe, a ``&`` in a link stays a ``&``."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def message(*, subject: str, body: str, to: str, once_as: str = "") -> EmailMessage:
    """One automatic message to one address; the subject on one line.

    ``once_as`` names what the message is (``notice-<id>``): it then always carries the same
    Message-ID, so that a message sent again after a worker died between the server's
    acceptance and its own record of it is shown once by mail programs (« Pannes », in
    docs/operations.md)."""
    headers = dict(AUTOMATIC)
    if once_as:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "palabre.local"
        headers["Message-ID"] = f"<{once_as}@{domain}>"
    return EmailMessage(
        subject=" ".join(str(subject).split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )


def send_each(*, subject: str, body: str, recipients) -> int:
    """Sends the same message to each address separately (blank and repeated ones once);
    returns how many were sent."""
    addresses = list(dict.fromkeys(address for address in recipients if address))
    for address in addresses:
        message(subject=subject, body=body, to=address).send()
    return len(addresses)
