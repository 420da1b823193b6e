"""Who may do what. Every view asks these predicates; nothing else decides access.

The rules, on one screen:

| role          | case list        | case page | private notes | act on a case      | figures   |
|---------------|------------------|-----------|---------------|--------------------|-----------|
| admin         | whole service    | yes       | yes           | everything         | yes       |
| coordinator   | whole service    | yes       | yes           | everything         | yes       |
| mediator      | assigned cases   | own cases | own cases     | record the process | no        |
| reception     | whole service    | yes       | never         | first contact      | no        |
| board         | none             | no        | never         | nothing            | yes       |
| partner       | none             | no        | never         | nothing            | no        |
| network_staff | none             | no        | never         | nothing            | network's |

A foreign service's object answers 404 for everybody, exactly like a missing one.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from palabre.organisations.models import Membership, OrganisationKind, Role

CASE_TEAM_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR}
CASE_READER_ROLES = CASE_TEAM_ROLES | {Role.RECEPTION}
MANAGER_ROLES = {Role.ADMIN, Role.COORDINATOR}
INTAKE_ROLES = MANAGER_ROLES | {Role.RECEPTION}
AGGREGATE_ROLES = MANAGER_ROLES | {Role.BOARD}
NETWORK_STAFF_ROLES = {Role.ADMIN, Role.NETWORK_STAFF}


# Facts about a membership that every page asks (its menu), read in the same query as the
# membership itself: ``name → a function returning an expression`` (an ``Exists``), registered
# by the apps below this one when they start. A request's membership carries each as an attribute.
MEMBERSHIP_FACTS = {}


def register_membership_fact(name, expression):
    MEMBERSHIP_FACTS[name] = expression


def memberships_of(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .annotate(**{name: expression() for name, expression in MEMBERSHIP_FACTS.items()})
        .order_by("organisation__name")
    )


def get_membership_for(user, membership_id) -> Membership:
    """The user's own active membership with this id, or 404."""
    try:
        return memberships_of(user).get(pk=membership_id)
    except (Membership.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error


def is_manager(membership) -> bool:
    return membership is not None and membership.role in MANAGER_ROLES


def _in_a_service(membership) -> bool:
    """Cases live in services: a network's own people (its admin included) have none."""
    return membership is not None and membership.organisation.kind != OrganisationKind.NETWORK


def can_read_cases(membership) -> bool:
    return _in_a_service(membership) and membership.role in CASE_READER_ROLES


def can_record_intake(membership) -> bool:
    """First contacts, information requests and opening a case."""
    return _in_a_service(membership) and membership.role in INTAKE_ROLES


def can_see_aggregates(membership) -> bool:
    return _in_a_service(membership) and membership.role in AGGREGATE_ROLES


def is_network_staff(membership) -> bool:
    """Admin or staff of a network: they start from the network's pages, never from cases."""
    return (
        membership is not None
        and membership.role in NETWORK_STAFF_ROLES
        and membership.organisation.kind == OrganisationKind.NETWORK
    )


def require(condition: bool):
    """Views call ``require(predicate(...))``: refusal is a 404, never a hint that it exists."""
    if not condition:
        raise Http404
