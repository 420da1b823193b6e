"""Links that work without an account: the address carries a signature of a row's id, and the
row says whether the link may still serve (its expiry, its use, its revocation). Referral links
(``referrals``), technical-signal links (``field``) and invitations to book (``cases``) are made
and read here, each app with its own salt so that a token of one never opens the other.

The signature only proves that Palabre made the token; what the link is worth today is the row's
business, checked by the caller after ``row_for``.
"""

import secrets
import uuid

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac


def token_for(row, *, salt: str) -> str:
    """The token to put in the address of ``row``'s link."""
    return signing.dumps(str(row.pk), salt=salt)


def row_for(token: str, queryset, *, salt: str):
    """The row of ``queryset`` that ``token`` names, or None when the token is not one Palabre
    made with this salt (tampered, truncated, another app's, or signed over something that is not
    a row's id) or its row is gone."""
    try:
        row_id = uuid.UUID(str(signing.loads(token, salt=salt)))
    except (signing.BadSignature, ValueError):
        return None
    return queryset.filter(pk=row_id).first()


# --- Short tokens, for an address a person types from a letter -----------------------------------
#
# A letter's link must be typed by hand: « palabre.example.fr/i/K7M4-Q9TX-2F4A ». The row keeps a
# random code (``short_code``, 8 characters of Crockford's base 32: 40 bits); the token adds 4
# check characters, an HMAC of the code under the app's salt (20 bits). A token Palabre did not
# make is refused before any lookup, a typo too; reading it back forgives case, dashes, spaces and
# the letters people mistake for digits (O for 0, I and L for 1).

SHORT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_CODE_LENGTH = 8
SHORT_CHECK_LENGTH = 4
_MISTAKEN = str.maketrans({"O": "0", "I": "1", "L": "1"})


def short_code() -> str:
    """A fresh random code for a row (its ``code`` column, unique)."""
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def _check(code: str, salt: str, secret) -> str:
    digest = salted_hmac(salt, code, secret=secret, algorithm="sha256").digest()
    number = int.from_bytes(digest[:4], "big")
    return "".join(
        SHORT_ALPHABET[(number >> (5 * place)) & 31] for place in range(SHORT_CHECK_LENGTH)
    )


def short_token_for(code: str, *, salt: str) -> str:
    """The token of a row's ``code``, grouped by four for reading aloud: ``K7M4-Q9TX-2F4A``."""
    token = code + _check(code, salt, settings.SECRET_KEY)
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def code_from_short_token(token: str, *, salt: str) -> str | None:
    """The code a typed token carries, or None when its check characters do not hold (a typo, a
    token of another app, or one Palabre never made). Tokens made under a former secret key
    (``SECRET_KEY_FALLBACKS``) still open."""
    typed = "".join(str(token or "").upper().split()).replace("-", "").translate(_MISTAKEN)
    if len(typed) != SHORT_CODE_LENGTH + SHORT_CHECK_LENGTH or not set(typed) <= _ALPHABET_SET:
        return None
    code, check = typed[:SHORT_CODE_LENGTH], typed[SHORT_CODE_LENGTH:]
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if constant_time_compare(check, _check(code, salt, secret)):
            return code
    return None


def row_for_short(token: str, queryset, *, salt: str):
    """The row of ``queryset`` whose ``code`` the token carries, or None (see ``row_for``)."""
    code = code_from_short_token(token, salt=salt)
    return None if code is None else queryset.filter(code=code).first()


_ALPHABET_SET = frozenset(SHORT_ALPHABET)
