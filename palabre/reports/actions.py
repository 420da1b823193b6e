"""The verbs of reports: what a member changes, as opposed to what the reports compute."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.reports.models import NARRATIVE_MAX_LENGTH, Narrative, PushKey, SharingConsent


@transaction.atomic
def save_narrative(*, convention, year: int, text: str, by) -> Narrative:
    """Writes the commentary of ``convention``'s report for ``year``. An empty text removes it
    from the report. The Journal notes the change on the convention, without the text."""
    if by.organisation_id != convention.organisation_id:
        raise Refused(_("Cette convention n'appartient pas à ce service."))
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NARRATIVE_MAX_LENGTH:
        raise Refused(
            _("Le commentaire dépasse %(limit)s caractères.") % {"limit": NARRATIVE_MAX_LENGTH}
        )
    narrative, _created = Narrative.objects.select_for_update().get_or_create(
        convention=convention,
        year=year,
        defaults={"organisation_id": convention.organisation_id, "updated_by": by.user},
    )
    if narrative.text == text:
        return narrative
    narrative.text = text
    narrative.updated_by = by.user
    narrative.save()
    journal.record(
        organisation=convention.organisation,
        subject=convention,
        verb="funder_narrative_saved",
        summary=_("Commentaire du bilan %(year)s modifié") % {"year": year},
        actor=by.user,
        data={"year": year, "characters": len(text)},
    )
    return narrative


# --- Observatory: sharing the service's figures, the keys of members on other instances --------


@transaction.atomic
def share_figures(*, network, by) -> SharingConsent:
    """The service of ``by`` shares its yearly aggregates with ``network``, one of its networks,
    until it withdraws: the network's observatory computes them at each display."""
    organisation = by.organisation
    if not organisation.networks.filter(pk=network.pk).exists():
        raise Refused(_("Le service n'est pas membre de ce réseau."))
    if SharingConsent.objects.active().of(organisation).to(network).exists():
        raise Refused(_("Le service partage déjà ses chiffres avec ce réseau."))
    consent = SharingConsent.objects.create(
        organisation=organisation, network=network, given_at=timezone.now(), given_by=by.user
    )
    journal.record(
        organisation=organisation,
        subject=consent,
        verb="observatory_sharing_given",
        summary=_("Chiffres agrégés partagés avec %(network)s") % {"network": network.name},
        actor=by.user,
        data={"network": str(network.pk)},
    )
    return consent


@transaction.atomic
def withdraw_figures(*, network, by) -> SharingConsent:
    """The service of ``by`` stops sharing with ``network``: its figures leave the next
    computation of the network's pages. The consent stays, dated, for the record."""
    organisation = by.organisation
    consent = (
        SharingConsent.objects.select_for_update().active().of(organisation).to(network).first()
    )
    if consent is None:
        raise Refused(_("Le service ne partage pas ses chiffres avec ce réseau."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    journal.record(
        organisation=organisation,
        subject=consent,
        verb="observatory_sharing_withdrawn",
        summary=_("Partage des chiffres avec %(network)s retiré") % {"network": network.name},
        actor=by.user,
        data={"network": str(network.pk)},
    )
    return consent


@transaction.atomic
def create_push_key(*, member, by) -> tuple[PushKey, str]:
    """A new key for ``member`` to sign the documents it pushes from another instance; answers
    the key and its secret, which the network gives the member and never sees again."""
    if member.network_id != by.organisation_id:
        raise Refused(_("Cette structure n'est pas membre de ce réseau."))
    secret = secrets.token_urlsafe(32)
    key = PushKey.objects.create(
        network=member.network,
        member=member,
        key_id=f"obs-{secrets.token_hex(6)}",
        secret=secret,
        created_by=by.user,
    )
    journal.record(
        organisation=member.network,
        subject=member,
        verb="observatory_key_created",
        summary=_("Clé d'envoi des chiffres créée : %(key)s") % {"key": key.key_id},
        actor=by.user,
        data={"key_id": key.key_id},
    )
    return key, secret


@transaction.atomic
def revoke_push_key(*, key, by) -> PushKey:
    """The key signs nothing any more; the figures it brought stay."""
    if key.revoked_at is not None:
        raise Refused(_("Cette clé est déjà révoquée."))
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at", "updated_at"])
    journal.record(
        organisation=key.network,
        subject=key.member,
        verb="observatory_key_revoked",
        summary=_("Clé d'envoi des chiffres révoquée : %(key)s") % {"key": key.key_id},
        actor=by.user,
        data={"key_id": key.key_id},
    )
    return key
