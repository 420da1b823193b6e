"""Verbs on API tokens: keyword-only, atomic, one Journal line each (never the secret)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.organisations.models import Membership

from . import secret
from .access import can_manage_tokens
from .models import ApiToken, Resource, TokenKind

# The longest life of a token: a person's is reviewed each quarter, an application's each year.
MAX_DAYS = {TokenKind.PERSONAL: 90, TokenKind.APPLICATION: 365}


class TokenRefused(Refused):
    pass


@transaction.atomic
def create_token(
    *,
    by: Membership,
    holder: Membership,
    kind: str,
    label: str,
    resources: list[str],
    days: int,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Makes a token acting as ``holder`` with its current role; answers the token and its
    secret, which is never stored and never shown again."""
    now = now or timezone.now()
    if not can_manage_tokens(by):
        raise TokenRefused(_("Seules l'administration et la coordination créent des jetons."))
    if holder.organisation_id != by.organisation_id or not holder.is_active:
        raise TokenRefused(_("Cette personne n'est pas membre active de votre organisation."))
    if kind not in TokenKind.values:
        raise TokenRefused(_("Choisissez un type de jeton."))
    unknown = set(resources) - set(Resource.values)
    if not resources or unknown:
        raise TokenRefused(_("Choisissez au moins une ressource parmi celles proposées."))
    if not 1 <= days <= MAX_DAYS[kind]:
        raise TokenRefused(
            _("Un jeton de ce type vaut au plus %(days)s jours.") % {"days": MAX_DAYS[kind]}
        )
    token_text, prefix, digest = secret.new_token()
    token = ApiToken.objects.create(
        organisation_id=by.organisation_id,
        membership=holder,
        role=holder.role,
        kind=kind,
        label=label.strip(),
        resources=sorted(set(resources)),
        prefix=prefix,
        digest=digest,
        expires_at=now + dt.timedelta(days=days),
        created_by=by.user,
    )
    journal.record(
        organisation=by.organisation,
        subject=token,
        verb="api_token_created",
        summary=_("Jeton d'API %(prefix)s créé pour %(who)s (%(role)s)")
        % {"prefix": prefix, "who": holder.user, "role": holder.get_role_display()},
        actor=by.user,
        occurred_at=now,
        data={"prefix": prefix, "kind": kind, "resources": token.resources, "days": days},
    )
    return token, token_text


@transaction.atomic
def revoke_token(*, token: ApiToken, by: Membership, now: dt.datetime | None = None) -> ApiToken:
    now = now or timezone.now()
    if not can_manage_tokens(by) or token.organisation_id != by.organisation_id:
        raise TokenRefused(_("Seules l'administration et la coordination révoquent des jetons."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenRefused(_("Ce jeton est déjà révoqué."))
    token.revoked_at = now
    token.save(update_fields=["revoked_at", "updated_at"])
    journal.record(
        organisation=by.organisation,
        subject=token,
        verb="api_token_revoked",
        summary=_("Jeton d'API %(prefix)s révoqué") % {"prefix": token.prefix},
        actor=by.user,
        occurred_at=now,
        data={"prefix": token.prefix},
    )
    return token


def record_use(*, token: ApiToken, now: dt.datetime) -> None:
    """The Journal says, once a day, that a token was used (reads of personal data go to the
    access log at every request, like the pages')."""
    day = timezone.localdate(now)
    if token.last_logged_on == day:  # read with the token at this request: already said today
        return
    claimed = (
        ApiToken.objects.filter(pk=token.pk).exclude(last_logged_on=day).update(last_logged_on=day)
    )
    if claimed:
        journal.record(
            organisation=token.organisation,
            subject=token,
            verb="api_token_used",
            summary=_("Jeton d'API %(prefix)s utilisé") % {"prefix": token.prefix},
            actor=token.membership.user,
            occurred_at=now,
            data={"prefix": token.prefix},
        )
