"""The only way in to partners, venues and conventions. Outside the member's reach: 404.

| role                    | directory, venues, conventions | edit them | convention figures |
|-------------------------|--------------------------------|-----------|--------------------|
| admin, coordinator      | read                           | yes       | yes                |
| reception               | read (to orient and book)      | no        | no                 |
| board                   | conventions only               | no        | yes                |
| mediator                | venues only                    | no        | no                 |
| partner, network_staff  | nothing                        | no        | no                 |
"""

import datetime as dt

from palabre.core.lookup import get_or_404
from palabre.organisations.models import Role
from palabre.partners.models import Contact, Convention, Deliverable, Partner, Venue

EDITOR_ROLES = {Role.ADMIN, Role.COORDINATOR}
DIRECTORY_ROLES = EDITOR_ROLES | {Role.RECEPTION}
CONVENTION_READER_ROLES = EDITOR_ROLES | {Role.RECEPTION, Role.BOARD}
VENUE_READER_ROLES = DIRECTORY_ROLES | {Role.MEDIATOR}


def _has_role(membership, roles) -> bool:
    return membership is not None and membership.role in roles


def can_read_directory(membership) -> bool:
    return _has_role(membership, DIRECTORY_ROLES)


def can_edit_partners(membership) -> bool:
    return _has_role(membership, EDITOR_ROLES)


def can_read_conventions(membership) -> bool:
    return _has_role(membership, CONVENTION_READER_ROLES)


def can_see_convention_figures(membership) -> bool:
    return _has_role(membership, EDITOR_ROLES | {Role.BOARD})


def can_read_venues(membership) -> bool:
    return _has_role(membership, VENUE_READER_ROLES)


def can_edit_conventions(membership) -> bool:
    return _has_role(membership, EDITOR_ROLES)


def can_edit_venues(membership) -> bool:
    return _has_role(membership, EDITOR_ROLES)


def partners_for(membership):
    if not can_read_directory(membership):
        return Partner.objects.none()
    return Partner.objects.of(membership.organisation_id)


def conventions_for(membership):
    if not can_read_conventions(membership):
        return Convention.objects.none()
    return Convention.objects.of(membership.organisation_id)


def venues_for(membership):
    if not can_read_venues(membership):
        return Venue.objects.none()
    return Venue.objects.of(membership.organisation_id)


def deliverables_due_for(membership, today: dt.date, *, within_days: int = 30):
    """Pending deliverables due within ``within_days`` of ``today``, late ones included: the
    coordination's to-do list (nobody else is asked for them)."""
    if not can_edit_conventions(membership):
        return Deliverable.objects.none()
    return (
        Deliverable.objects.of(membership.organisation_id)
        .pending()
        .filter(due_on__lte=today + dt.timedelta(days=within_days))
        .select_related("convention")
        .order_by("due_on", "convention__title")
    )


def get_partner_for(membership, partner_id) -> Partner:
    return get_or_404(partners_for(membership), partner_id)


def get_convention_for(membership, convention_id) -> Convention:
    return get_or_404(conventions_for(membership), convention_id)


def get_venue_for(membership, venue_id) -> Venue:
    return get_or_404(venues_for(membership), venue_id)


def get_contact_for(membership, partner, contact_id) -> Contact:
    return get_or_404(partner.contacts.all(), contact_id)


def get_deliverable_for(membership, convention, deliverable_id) -> Deliverable:
    return get_or_404(convention.deliverables.all(), deliverable_id)


def partner_of(membership) -> Partner | None:
    """The partner a ``partner`` account refers for (through its contact record), or None."""
    if not _has_role(membership, {Role.PARTNER}):
        return None
    contact = (
        Contact.objects.filter(membership=membership, is_active=True, partner__is_active=True)
        .select_related("partner")
        .first()
    )
    if contact is None or contact.partner.organisation_id != membership.organisation_id:
        return None
    return contact.partner
