"""A token's secret: 256 random bits, shown once; the database keeps its SHA-256 only.

The token reads ``plb_<prefix>_<secret>``: the prefix (8 characters, also stored in clear) lets
a person recognise a token in the list and in the Journal without the secret.
"""

import hashlib
import re
import secrets

SCHEME = "plb"
SHAPE = re.compile(r"^plb_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")


def new_token() -> tuple[str, str, str]:
    """(the token to show once, its prefix, its digest)."""
    prefix = secrets.token_hex(4)
    token = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, digest_of(token)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_a_token(value: str) -> bool:
    return bool(SHAPE.match(value))
