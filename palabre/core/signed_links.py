"""Links that work without an account: the address carries a signature of a row's id, and the
row says whether the link may still serve (its expiry, its use, its revocation). Referral links
(``referrals``) and technical-signal links (``field``) are made and read here, each app with its
own salt so that a token of one never opens the other.

The signature only proves that Palabre made the token; what the link is worth today is the row's
business, checked by the caller after ``row_for``.
"""

import uuid

from django.core import signing


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
