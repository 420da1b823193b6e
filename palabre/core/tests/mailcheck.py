"""Reads every e-mail the suite sends as its recipient's mail program and a careful operator
would: who else it names, whether it says it is automatic, its date and identifier, a plain
text anyone can read, and links that lead to the instance people reach.

Messages are caught where Django turns them into MIME (``EmailMessage.message``), whatever the
backend: the test outbox and the SMTP sink some tests run alike; and, for those a task worker
sends from another process, where the SMTP sink receives them (aiosmtpd's ``Controller``). The
configured address (``PALABRE_BASE_URL``) is the one in force when the message is built; for a
worker's message, the one the run started with (what the worker's own settings hold).

The root ``conftest.py`` runs ``problems`` on every message the test suite sends.
"""

import email
import email.policy
import re
from dataclasses import dataclass
from email.utils import getaddresses

from django.conf import settings

# http(s) and webcal links; a link ends at a space, a quote, an angle bracket or a parenthesis.
LINK = re.compile(r"""\b(?:https?|webcal)://[^\s<>"'()]+""")
# Mail programs cut a link at the end of a sentence: a trailing full stop or comma is text.
TRAILING = ".,;:!?»"


@dataclass
class Mail:
    mime: email.message.EmailMessage
    recipients: list[str]
    bases: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"« {self.mime.get('Subject', '')} »"


class Caught:
    """Wraps ``EmailMessage.message`` to keep each message built, with the address configured
    at that moment, and the sinks' handlers to keep each message received."""

    def __init__(self, original):
        self.original = original
        self.started_base = settings.PALABRE_BASE_URL
        self.built: list[Mail] = []
        self.received: list[tuple[bytes, list[str]]] = []

    def wrap(self):
        caught = self

        def message(email_message, *args, **kwargs):
            mime = caught.original(email_message, *args, **kwargs)
            base = settings.PALABRE_BASE_URL
            caught.built.append(Mail(mime, email_message.recipients(), (base,)))
            return mime

        return message

    def recording(self, handler):
        return Recording(handler, self.received)

    def unique(self) -> list[Mail]:
        """Each message once, though a test may build one again to read its headers, and a
        message built here may be received by the sink too."""
        seen, kept = set(), []
        received = [
            Mail(
                email.message_from_bytes(raw, policy=email.policy.default),
                recipients,
                (self.started_base, settings.PALABRE_BASE_URL),
            )
            for raw, recipients in self.received
        ]
        for mail in self.built + received:
            key = (mail.mime["Subject"], _body(mail.mime), tuple(mail.recipients))
            if key not in seen and mail.mime["Message-ID"] not in seen:
                seen |= {key, mail.mime["Message-ID"]}
                kept.append(mail)
        return kept

    def problems(self) -> list[str]:
        return [f"{mail.name}: {problem}" for mail in self.unique() for problem in problems(mail)]


class Recording:
    """An SMTP sink's handler, which also keeps what it receives."""

    def __init__(self, handler, received):
        self._handler = handler
        self._received = received

    def __getattr__(self, name):
        return getattr(self._handler, name)

    def __dir__(self):  # aiosmtpd finds a handler's hooks by their names
        return sorted({*dir(self._handler), "handle_DATA"})

    async def handle_DATA(self, server, session, envelope):
        self._received.append((envelope.original_content or envelope.content, envelope.rcpt_tos))
        inner = getattr(self._handler, "handle_DATA", None)
        return await inner(server, session, envelope) if inner else "250 OK"


def problems(mail: Mail) -> list[str]:
    return (
        _recipients(mail)
        + _headers(mail.mime)
        + _plain_text(mail.mime)
        + _links(mail.mime, mail.bases)
    )


def _recipients(mail: Mail) -> list[str]:
    """One person in ``To``; several only in ``Bcc``, where no one reads the others."""
    found = []
    to = getaddresses(mail.mime.get_all("To", []))
    cc = getaddresses(mail.mime.get_all("Cc", []))
    if len(to) > 1:
        found.append(f"{len(to)} addresses in To (one message per person, or Bcc)")
    if cc:
        found.append(f"{len(cc)} addresses in Cc (one message per person, or Bcc)")
    if not mail.recipients:
        found.append("no recipient")
    return found


def _headers(mime) -> list[str]:
    found = []
    # Every message Palabre sends is written by Palabre, none by a person: each one says so,
    # so that no out-of-office reply answers it (RFC 3834).
    if (mime.get("Auto-Submitted") or "").strip().lower() != "auto-generated":
        found.append("no « Auto-Submitted: auto-generated » header")
    for header in ("Date", "Message-ID", "From"):
        if not mime.get(header):
            found.append(f"no {header} header")
    return found


def _text_parts(mime):
    for part in mime.walk():
        if part.get_content_maintype() == "text" and part.get_content_disposition() is None:
            yield part


def _body(mime) -> str:
    return "".join(part.get_content() for part in _text_parts(mime))


def _plain_text(mime) -> list[str]:
    plain = [p for p in _text_parts(mime) if p.get_content_type() == "text/plain"]
    if not plain:
        return ["no text/plain part"]
    if not any(p.get_content().strip() for p in plain):
        return ["an empty text/plain part"]
    return []


def links(mime) -> list[str]:
    found = []
    for part in _text_parts(mime):
        found += [link.rstrip(TRAILING) for link in LINK.findall(part.get_content())]
    return found


def _on_instance(link: str, base: str) -> bool:
    base = base.rstrip("/")
    if link.startswith("webcal://"):
        link = base.split("://", 1)[0] + "://" + link.removeprefix("webcal://")
    return link == base or link.startswith(base + "/")


def _links(mime, bases) -> list[str]:
    """Every link leads to the configured address: not to the test client's ``testserver``,
    nor to a development port the instance was not configured with."""
    return [
        f"a link not built from PALABRE_BASE_URL ({' or '.join(dict.fromkeys(bases))}): {link}"
        for link in links(mime)
        if not any(_on_instance(link, base) for base in bases)
    ]
