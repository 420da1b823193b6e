"""Verbs on a service's public site: keyword-only, atomic, one Journal line each."""

from django.db import transaction
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.organisations.models import Membership
from palabre.website.access import can_edit_site, new_site
from palabre.website.models import ServiceSite

EDITABLE = (
    "is_published",
    "about",
    "how_it_works",
    "contact_email",
    "contact_phone",
    "contact_address",
    "contact_hours",
    "show_about",
    "show_how_it_works",
    "show_partners",
    "show_permanences",
    "show_request_form",
    "show_events",
    "show_contact",
)


class SiteRefused(Refused):
    pass


@transaction.atomic
def save_site(*, by: Membership, **values) -> ServiceSite:
    """Saves the texts, switches and publication of the member's service's public page."""
    if not can_edit_site(by):
        raise SiteRefused(_("Seules l'administration et la coordination du service le peuvent."))
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    organisation = by.organisation
    site = ServiceSite.objects.select_for_update().filter(
        organisation=organisation
    ).first() or new_site(organisation)
    was_published = not site._state.adding and site.is_published
    changed = [name for name in values if getattr(site, name) != values[name]]
    if not changed and not site._state.adding:
        return site
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    journal.record(
        organisation=organisation,
        subject=site,
        verb="public_site_saved",
        summary=_summary(was_published, site.is_published),
        actor=by.user,
        data={"changed": sorted(changed), "published": site.is_published},
    )
    return site


def _summary(was_published: bool, published: bool) -> str:
    if published and not was_published:
        return _("Page publique publiée")
    if was_published and not published:
        return _("Page publique retirée")
    return _("Page publique modifiée")
