"""The only way in to public sites.

| who                                 | published page | unpublished page | settings       |
|-------------------------------------|----------------|------------------|----------------|
| anybody, with or without an account | yes            | 404              | no             |
| admin, coordinator of the service   | yes            | preview          | yes            |
| everybody else of the service       | yes            | 404              | 404            |
| another organisation's people       | yes            | 404              | their own page |

A network's public page belongs to the network's own module (``network_views``).
"""

from django.http import Http404

from palabre.organisations.access import is_manager
from palabre.organisations.models import Organisation, OrganisationKind
from palabre.website import defaults
from palabre.website.models import ServiceSite


def can_edit_site(membership) -> bool:
    """The coordination of a service (admin, coordinator) writes and publishes its page."""
    return is_manager(membership) and membership.organisation.kind == OrganisationKind.SERVICE


def get_public_organisation(slug) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def get_public_site(organisation, membership) -> tuple[ServiceSite, bool]:
    """The service's site and whether it is seen as a preview (unpublished, by its coordination);
    404 for everybody else while it is unpublished."""
    site = ServiceSite.objects.filter(organisation=organisation).first()
    if site is not None and site.is_published:
        return site, False
    if can_edit_site(membership) and membership.organisation_id == organisation.pk:
        return site or new_site(organisation), True
    raise Http404


def site_for_editing(membership) -> ServiceSite:
    """The member's service's site, or a new one with the default texts (saved only when the
    coordination saves the form)."""
    if not can_edit_site(membership):
        raise Http404
    organisation = membership.organisation
    return ServiceSite.objects.filter(organisation=organisation).first() or new_site(organisation)


def new_site(organisation) -> ServiceSite:
    return ServiceSite(
        organisation=organisation,
        about=defaults.about(organisation),
        how_it_works=defaults.how_it_works(),
    )


def published_sites():
    return (
        ServiceSite.objects.published()
        .select_related("organisation")
        .order_by("organisation__slug")
    )
