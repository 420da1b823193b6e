"""The only way in to a network's data. Outside reach: 404.

| role (in the network organisation) | members, dues, poles, events, certification, observatory |
|------------------------------------|-----------------------------------------------------------|
| admin, network_staff               | read and manage                                           |
| anyone else                        | nothing                                                   |

A member service's own people reach what concerns their service from their service's pages
(trainings they enrol in, the figures they share); they never see the other members' data, and
network staff never reach a member's cases, parties or notes.
"""

from django.db.models import Exists, OuterRef

from palabre.core.lookup import get_or_404
from palabre.network.models import (
    Event,
    Member,
    MemberContact,
    MemberYear,
    Pole,
    Registration,
    SharedDocument,
)
from palabre.organisations.models import OrganisationKind, Role

STAFF = {Role.ADMIN, Role.NETWORK_STAFF}


def in_a_network():
    """Whether the membership's service is an active member of a network, as an expression
    read with the membership (``organisations.access.MEMBERSHIP_FACTS``)."""
    return Exists(
        Member.objects.filter(
            organisation=OuterRef("organisation"),
            is_active=True,
            network__kind=OrganisationKind.NETWORK,
        )
    )


def service_is_a_member(membership) -> bool:
    """Whether the person's service is an active member of a network; a request's membership
    already knows (read with it), another one asks the database."""
    if membership is None or membership.organisation.kind != OrganisationKind.SERVICE:
        return False
    known = getattr(membership, "service_in_a_network", None)
    if known is None:
        known = Member.objects.filter(
            organisation=membership.organisation_id,
            is_active=True,
            network__kind=OrganisationKind.NETWORK,
        ).exists()
    return known


def network_of(membership):
    """The network the member works for, or None."""
    if membership is None or membership.role not in STAFF:
        return None
    organisation = membership.organisation
    return organisation if organisation.kind == OrganisationKind.NETWORK else None


def can_manage(membership) -> bool:
    return network_of(membership) is not None


def members_for(membership):
    network = network_of(membership)
    if network is None:
        return Member.objects.none()
    return Member.objects.of(network).select_related("pole", "organisation")


def get_member_for(membership, member_id) -> Member:
    return get_or_404(members_for(membership), member_id)


def contacts_for(membership):
    network = network_of(membership)
    return MemberContact.objects.of(network) if network else MemberContact.objects.none()


def years_for(membership):
    network = network_of(membership)
    return MemberYear.objects.of(network) if network else MemberYear.objects.none()


def poles_for(membership):
    network = network_of(membership)
    return Pole.objects.of(network) if network else Pole.objects.none()


def get_pole_for(membership, pole_id) -> Pole:
    return get_or_404(poles_for(membership), pole_id)


def get_contact_for(membership, contact_id) -> MemberContact:
    return get_or_404(contacts_for(membership).select_related("member"), contact_id)


def get_year_for(membership, year_id) -> MemberYear:
    return get_or_404(years_for(membership).select_related("member"), year_id)


def events_for(membership):
    network = network_of(membership)
    if network is None:
        return Event.objects.none()
    return Event.objects.of(network).select_related("pole")


def get_event_for(membership, event_id) -> Event:
    return get_or_404(events_for(membership), event_id)


def registrations_for(membership):
    network = network_of(membership)
    if network is None:
        return Registration.objects.none()
    return Registration.objects.of(network).select_related("member", "contact", "event")


def documents_for(membership):
    network = network_of(membership)
    if network is None:
        return SharedDocument.objects.none()
    return SharedDocument.objects.of(network).select_related("event", "pole")


def get_document_for(membership, document_id) -> SharedDocument:
    return get_or_404(documents_for(membership), document_id)


def get_registration_for(membership, registration_id) -> Registration:
    return get_or_404(registrations_for(membership), registration_id)
