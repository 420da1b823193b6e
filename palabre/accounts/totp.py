"""Time-based one-time codes (RFC 6238) and the keys behind them.

The codes are those of every authenticator app (FreeOTP, Aegis, Google Authenticator…): HMAC-SHA1,
6 digits, a new code every 30 seconds. The computing is ``cryptography``'s; this module adds what
a login needs around it: a step of drift either way for a phone whose clock is a little off, and
the time step each code belongs to, so that the caller can refuse a step already used.

The shared key is stored encrypted (Fernet) under a key derived from ``SECRET_KEY``; keys listed
in ``SECRET_KEY_FALLBACKS`` still decrypt, so that the secret key can be rotated without every
person enrolling again (``reencrypted`` moves a key under the current secret).
"""

import base64
import hmac
import secrets
from urllib.parse import quote

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from django.conf import settings

DIGITS = 6
STEP_SECONDS = 30
DRIFT_STEPS = 1
KEY_BYTES = 20  # 160 bits, the length RFC 4226 recommends for HMAC-SHA1

ALGORITHMS = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256, "SHA512": hashes.SHA512}


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def generate(key: bytes, timestamp: float, *, digits=DIGITS, algorithm="SHA1") -> str:
    """The code of ``key`` at ``timestamp`` (seconds since the epoch)."""
    totp = TOTP(key, digits, ALGORITHMS[algorithm](), STEP_SECONDS)
    return totp.generate(int(timestamp)).decode()


def step_of(timestamp: float) -> int:
    return int(timestamp) // STEP_SECONDS


def matching_step(key: bytes, code: str, timestamp: float, *, after: int) -> int | None:
    """The time step, within one step of ``timestamp`` and later than ``after`` (the last step
    used), whose code is ``code``; ``None`` when there is none. Every candidate is compared in
    constant time."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_of(timestamp)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        expected = generate(key, step * STEP_SECONDS)
        if hmac.compare_digest(expected, code) and step > after and found is None:
            found = step
    return found


def readable(key: bytes) -> str:
    """The key as people type it in an app: base32 in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(key: bytes, account: str) -> str:
    """The ``otpauth://`` address the QR code carries (the « Key Uri Format » apps read)."""
    issuer = settings.PALABRE_MFA_ISSUER
    secret = base64.b32encode(key).decode().rstrip("=")
    label = quote(f"{issuer}:{account}", safe=":@")
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )


# --- The key at rest ----------------------------------------------------------------------------


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"palabre-mfa-totp-key"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _keyring() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(key: bytes) -> str:
    return _keyring().encrypt(key).decode()


class UnreadableKey(Exception):
    """The stored key was encrypted under a secret key the instance no longer has."""


def decrypt(token: str) -> bytes:
    try:
        return _keyring().decrypt(token.encode())
    except InvalidToken as error:
        raise UnreadableKey from error


def reencrypted(token: str) -> str | None:
    """The token under the current secret key, or ``None`` when it already is."""
    current = _fernet(settings.SECRET_KEY)
    try:
        current.decrypt(token.encode())
        return None
    except InvalidToken:
        return _keyring().rotate(token.encode()).decode()
