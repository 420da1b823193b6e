"""The only way in to API tokens. Outside reach: 404.

| role (in its organisation)       | tokens of the organisation            |
|----------------------------------|---------------------------------------|
| admin, coordinator               | create for any active member, revoke  |
| everybody else                   | nothing                               |

What a token then reads is decided by the apps' own ``access.py`` for the token's membership and
role, exactly as on the pages; the token's resources narrow it further, never widen it.
"""

from palabre.core.lookup import get_or_404
from palabre.organisations.access import is_manager
from palabre.organisations.models import Membership

from .models import ApiToken


def can_manage_tokens(membership) -> bool:
    return is_manager(membership)


def tokens_for(membership):
    if not can_manage_tokens(membership):
        return ApiToken.objects.none()
    return ApiToken.objects.of(membership.organisation_id).select_related(
        "membership__user", "created_by"
    )


def get_token_for(membership, token_id) -> ApiToken:
    return get_or_404(tokens_for(membership), token_id)


def holders_for(membership):
    """The members a token may act for: the organisation's active members."""
    if not can_manage_tokens(membership):
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(organisation=membership.organisation_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def token_by_digest(digest: str) -> ApiToken | None:
    """The token a request presents, whoever it belongs to: the secret is the proof."""
    return (
        ApiToken.objects.filter(digest=digest)
        .select_related("membership__organisation", "membership__user", "organisation")
        .first()
    )
