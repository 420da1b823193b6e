"""Text messages to people's mobiles, through a sender chosen by ``PALABRE_SMS_BACKEND``.

A sender is a class with ``send(to, text)``: ``ConsoleSender`` prints (development),
``FileSender`` appends one JSON line per message (tests, demo, or an instance without a provider),
``BrevoSender`` hands the message to Brevo's transactional SMS API. Any class with the same method
can be named in the setting to use another provider.
"""

import json
import re
import sys
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "palabre.core.sms.ConsoleSender"

# GSM 03.38: what a phone sends in 7-bit characters. One segment holds 160 of them; a character of
# the extension table takes two; one character outside both turns the whole message into UCS-2,
# 70 characters a segment. French needs the basic table's é è ù à and the folding below.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€")
SEGMENT = 160
FOLDED = {
    "«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
    "…": "...", "œ": "oe", "Œ": "OE", "ç": "c", "\u00a0": " ", "\u202f": " ",
}  # fmt: skip


def to_gsm7(text: str) -> str:
    """The text in characters a phone sends in 7 bits: « ê » becomes « e », « ’ » « ' »,
    « œ » « oe »; anything else without a plain form becomes « ? »."""
    out = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENSION:
            out.append(char)
        elif char in FOLDED:
            out.append(FOLDED[char])
        else:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def septets(text: str) -> int:
    """How many 7-bit characters the text takes in a message (extension characters count 2)."""
    return sum(2 if char in GSM7_EXTENSION else 1 for char in text)


def fit(render, context: dict, *, shrinkable=()) -> str:
    """The message ``render(context)`` makes, in GSM-7 on one line, within one segment.

    When too long, the values named in ``shrinkable`` are cut, in that order, each down to a
    dozen characters and then, if still needed, away: a long address goes before the service's
    name. Links and codes are never in ``shrinkable``: a cut link is a dead one."""
    context = dict(context)
    text = _one_line(render(context))
    for floor in (12, 0):
        for key in shrinkable:
            overflow = septets(text) - SEGMENT
            value = str(context.get(key) or "")
            if overflow <= 0:
                return text
            if len(value) <= floor:
                continue
            context[key] = _cut(value, max(floor, len(value) - overflow))
            text = _one_line(render(context))
    return text


def _cut(value: str, keep: int) -> str:
    """The value in at most ``keep`` characters, ending on a whole word where one fits: « Maison
    du Ronceray » rather than « Maison du Ro »; an opening bracket left alone goes too."""
    if len(value) <= keep:
        return value
    cut = value[:keep]
    if value[keep] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rindex("(")]
    return cut.rstrip(" ,.;:-(")


def _one_line(text: str) -> str:
    return to_gsm7(" ".join(text.split()))


class SmsError(Exception):
    """The message could not be handed to the provider; the caller may try again later."""


def normalise_phone(number: str) -> str:
    """A French mobile number as written by people (``06 12 34 56 78``, ``+33 6…``,
    ``0033 6…``) in international form (``+33612345678``). Other international numbers are kept
    with their ``+``; anything else is refused."""
    digits = re.sub(r"[\s.\-()/]", "", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0[67]\d{8}", digits):
        return "+33" + digits[1:]
    if re.fullmatch(r"\+33[67]\d{8}", digits):
        return digits
    if re.fullmatch(r"\+[1-9]\d{7,14}", digits) and not digits.startswith("+33"):
        return digits
    raise SmsError("not a mobile number")


class ConsoleSender:
    """Prints each message: development only."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, to: str, text: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to {normalise_phone(to)}:\n{text}\n{'-' * 40}\n")
        stream.flush()


class FileSender:
    """Appends one JSON line per message to ``PALABRE_SMS_FILE``. Nothing leaves the machine."""

    def __init__(self, path=None):
        self.path = Path(path or getattr(settings, "PALABRE_SMS_FILE", "var/sms.jsonl"))

    def send(self, to: str, text: str) -> None:
        line = json.dumps(
            {"at": timezone.now().isoformat(), "to": normalise_phone(to), "text": text},
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")


class BrevoSender:
    """Brevo's transactional SMS API (https://developers.brevo.com). ``/v3/transactionalSMS/send``
    replaced ``/v3/transactionalSMS/sms`` in 2025 and takes the same body. Brevo wants the
    number in international form without the ``+``."""

    PATH = "/v3/transactionalSMS/send"

    def __init__(self, *, api_key=None, sender=None, api_url=None, timeout=None):
        self.api_key = api_key or getattr(settings, "PALABRE_SMS_API_KEY", "")
        self.sender = sender or getattr(settings, "PALABRE_SMS_SENDER", "Palabre")
        self.api_url = (
            api_url or getattr(settings, "PALABRE_SMS_API_URL", "") or "https://api.brevo.com"
        ).rstrip("/")
        self.timeout = timeout or getattr(settings, "PALABRE_SMS_TIMEOUT", 10)
        if not self.api_key:
            raise SmsError("PALABRE_SMS_API_KEY is not set")

    def send(self, to: str, text: str) -> None:
        body = {
            "sender": self.sender,
            "recipient": normalise_phone(to).removeprefix("+"),
            "content": text,
            "type": "transactional",
        }
        request = urllib.request.Request(
            self.api_url + self.PATH,
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "api-key": self.api_key,
                "accept": "application/json",
                "content-type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            error.close()
            # The provider's answer may quote the number: keep only the status.
            raise SmsError(f"Brevo answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"Brevo could not be reached: {type(error).__name__}") from None
        if not 200 <= status < 300:
            raise SmsError(f"Brevo answered HTTP {status}")


def get_sender():
    backend = getattr(settings, "PALABRE_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(backend)()


def send_sms(to: str, text: str) -> None:
    """Sends one message, or raises ``SmsError``."""
    get_sender().send(to, text)
