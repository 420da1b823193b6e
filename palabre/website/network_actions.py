"""The verb of a network's public site: its staff saves the settings."""

from django.db import transaction
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.website.network_models import MemberListing, NetworkSite, PublicEvent


@transaction.atomic
def save_network_site(
    *, network, by, fields: dict, listed_members: list, public_events: list
) -> NetworkSite:
    """Saves the texts, switches and publication, and which members and events are public.
    Members and events must be the network's own: anything else refuses, nothing saved."""
    if any(m.network_id != network.pk for m in listed_members) or any(
        e.network_id != network.pk for e in public_events
    ):
        raise Refused(_("Choisissez des structures et des événements de votre réseau."))
    site = NetworkSite.objects.select_for_update().filter(network=network).first()
    was_published = bool(site and site.is_published)
    site = site or NetworkSite(network=network)
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    MemberListing.objects.filter(network=network).exclude(member__in=listed_members).delete()
    listed = set(MemberListing.objects.filter(network=network).values_list("member_id", flat=True))
    MemberListing.objects.bulk_create(
        MemberListing(network=network, member=m) for m in listed_members if m.pk not in listed
    )
    PublicEvent.objects.filter(network=network).exclude(event__in=public_events).delete()
    shown = set(PublicEvent.objects.filter(network=network).values_list("event_id", flat=True))
    PublicEvent.objects.bulk_create(
        PublicEvent(network=network, event=e) for e in public_events if e.pk not in shown
    )
    journal.record(
        organisation=network,
        subject=site,
        verb="public_site_changed",
        summary=_summary(site, was_published),
        actor=by.user if by is not None else None,
        data={"members": len(listed_members), "events": len(public_events)},
    )
    return site


def _summary(site, was_published) -> str:
    if site.is_published and not was_published:
        return _("Site public publié")
    if was_published and not site.is_published:
        return _("Site public retiré")
    return _("Site public modifié")
