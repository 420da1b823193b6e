"""``Authorization: Bearer <token>``: the token, checked, counted, and the membership it acts as
set on the request as the pages have it (``request.membership``), so that the apps'
``access.py`` answer the API exactly as they answer the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from palabre.organisations.access import MANAGER_ROLES

from . import actions, limits, secret
from .access import token_by_digest
from .problems import ApiProblem, unauthenticated


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = (
            token_by_digest(secret.digest_of(token)) if secret.looks_like_a_token(token) else None
        )
        if found is None:
            raise unauthenticated(_("Ce jeton n'est pas reconnu."), "invalid-token")
        now = timezone.now()
        if found.revoked_at is not None:
            raise unauthenticated(_("Ce jeton a été révoqué."), "token-revoked")
        if found.expires_at <= now:
            raise unauthenticated(_("Ce jeton a expiré."), "token-expired")
        membership = found.membership
        if (
            not membership.is_active
            or not membership.user.is_active
            or membership.role != found.role
            or membership.organisation_id != found.organisation_id
        ):
            raise unauthenticated(
                _("La personne au nom de qui agit ce jeton n'a plus ce rôle dans l'organisation."),
                "holder-changed",
            )
        organisation = membership.organisation
        found.organisation = organisation  # the same row: not read twice
        if organisation.logins_blocked and membership.role not in MANAGER_ROLES:
            raise ApiProblem(
                403,
                "logins-blocked",
                _(
                    "Les connexions des personnes de ce service sont suspendues par sa "
                    "coordination."
                ),
            )
        limits.count(found, now)
        actions.record_use(token=found, now=now)
        request.user = membership.user
        request.membership = membership
        request.api_token = found
        return found


def require_resource(request, resource: str):
    """The membership of the request's token, when the token covers ``resource``; else 403."""
    token = request.auth
    if resource not in token.resources:
        raise ApiProblem(403, "out-of-scope", _("Ce jeton ne couvre pas cette ressource de l'API."))
    return request.membership
