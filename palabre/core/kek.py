"""The key-encryption keys (KEK) of the instance, never in the database (docs/adr/0014).

Read from ``PALABRE_KEK`` (base64, several separated by commas or spaces) or
``PALABRE_KEK_FILE`` (a file outside the project, one a line, ``#`` for a comment); the first
key wraps new data keys, the others still unwrap the keys they wrapped while a KEK is being
replaced. A KEK is named by its fingerprint (``kek-`` and 12 hex digits). With neither setting,
a development key is made once in ``var/`` (``crypto_checks`` makes ``check --deploy`` fail).
The errors of the whole encryption layer live here, the lowest module of it.
"""

import base64
import binascii
import hashlib
import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("palabre.crypto")

KEY_BYTES = 32
DEVELOPMENT_KEY_FILE = "palabre-dev.kek"


class CryptoError(Exception):
    """Something a sealed value needs is missing or wrong; the message never holds a secret."""


class MissingKey(CryptoError):
    pass


class DecryptionFailed(CryptoError):
    pass


def kek_id(key: bytes) -> str:
    return "kek-" + hashlib.sha256(b"palabre-kek|" + key).hexdigest()[:12]


def parse_keys(text: str, source: str) -> list[bytes]:
    """Keys in base64 separated by commas, spaces or lines; ``#`` starts a comment line."""
    keys = []
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue
        for word in re.split(r"[\s,]+", line.strip()):
            if word:
                keys.append(_decode_key(word, source, len(keys) + 1))
    return keys


def _decode_key(word: str, source: str, position: int) -> bytes:
    padded = word + "=" * (-len(word) % 4)
    try:
        key = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{source}: key {position} is not {KEY_BYTES} bytes in base64 (make one with: "
            "python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')."
        )
    return key


@dataclass
class KeyRing:
    keys: dict[str, AESGCM]
    primary: str
    source: str
    development: bool = False

    def kek(self, kek_id: str) -> AESGCM:
        try:
            return self.keys[kek_id]
        except KeyError:
            raise MissingKey(
                f"The key-encryption key {kek_id} is not loaded (PALABRE_KEK or "
                f"PALABRE_KEK_FILE); loaded: {', '.join(self.keys) or 'none'}."
            ) from None


def configured_sources() -> list[str]:
    return [name for name in ("PALABRE_KEK", "PALABRE_KEK_FILE") if getattr(settings, name, "")]


def load_ring() -> KeyRing:
    keys, sources = [], []
    if settings.PALABRE_KEK:
        keys += parse_keys(settings.PALABRE_KEK, "PALABRE_KEK")
        sources.append("PALABRE_KEK")
    if settings.PALABRE_KEK_FILE:
        path = Path(settings.PALABRE_KEK_FILE)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ImproperlyConfigured(
                f"PALABRE_KEK_FILE: cannot read {path} ({error.strerror})."
            ) from None
        keys += parse_keys(text, f"PALABRE_KEK_FILE ({path})")
        sources.append(str(path))
    if sources and not keys:
        raise ImproperlyConfigured(f"{' and '.join(sources)}: no key found.")
    development = not keys
    if development:
        path = development_key_path()
        keys = [_development_key(path)]
        sources = [str(path)]
        if not settings.DEBUG and not getattr(settings, "TESTING", False):
            logger.warning(
                "NO KEY-ENCRYPTION KEY CONFIGURED: notes are encrypted with the development key "
                "%s, which sits beside the data. Set PALABRE_KEK or PALABRE_KEK_FILE "
                "(docs/operations.md).",
                path,
            )
    ring = {kek_id(key): AESGCM(key) for key in keys}
    return KeyRing(ring, kek_id(keys[0]), " + ".join(sources), development)


def development_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / DEVELOPMENT_KEY_FILE


def _development_key(path: Path) -> bytes:
    """The development key in ``var/``, made once: written aside then linked into place, so
    two processes starting together end up with the same key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
        descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(base64.b64encode(AESGCM.generate_key(256)).decode() + "\n")
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    return parse_keys(path.read_text(encoding="ascii"), str(path))[0]
