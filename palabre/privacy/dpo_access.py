"""Who reads the DPO's documents and keeps the register of information notices. Others: 404.

| role                               | register, DPIA | notices, register of notices | a party's |
|------------------------------------|----------------|------------------------------|-----------|
| admin, coordinator (service)       | yes            | yes (the team)               | yes       |
| mediator                           | no             | no                           | own cases |
| admin, network_staff (network)     | yes            | yes (members' contacts)      | —         |
| reception, board, partner, others  | no             | no                           | no        |
"""

from palabre.cases import access as cases_access
from palabre.core.lookup import get_or_404
from palabre.network import access as network_access
from palabre.organisations.access import is_manager
from palabre.organisations.models import Membership, OrganisationKind


def _service_manager(membership) -> bool:
    return is_manager(membership) and membership.organisation.kind == OrganisationKind.SERVICE


def can_read_documents(membership) -> bool:
    return _service_manager(membership) or network_access.can_manage(membership)


def can_manage_notices(membership) -> bool:
    return can_read_documents(membership)


def can_record_for_party(membership, case) -> bool:
    return cases_access.can_work_on_case(membership, case)


def team_for(membership):
    """The service's people a volunteer notice is given to (none for a network)."""
    if not _service_manager(membership):
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def get_team_member_for(membership, membership_id) -> Membership:
    return get_or_404(team_for(membership), membership_id)


def member_contacts_for(membership):
    return network_access.contacts_for(membership).select_related("member")


def get_member_contact_for(membership, contact_id):
    return get_or_404(member_contacts_for(membership), contact_id)
