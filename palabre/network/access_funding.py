"""The only way in to the funding calls and the members' applications. Outside reach: 404.

| role                                   | calls                  | applications        |
|----------------------------------------|------------------------|---------------------|
| admin, network_staff of the network    | read and manage        | all of the network  |
| admin, coordinator of a member service | open ones (and theirs) | their service's own |
| anyone else                            | nothing                | nothing             |

A member service's coordination reaches the calls through the member entry that links the
network to the service's organisation; it never sees another member's application or amount.
"""

from django.db.models import Q
from django.http import Http404

from palabre.core.lookup import get_or_404
from palabre.network.access import network_of, service_is_a_member
from palabre.network.models import CallStatus, FundingApplication, FundingCall, Member
from palabre.organisations.models import OrganisationKind, Role
from palabre.partners.models import Partner

COORDINATION = {Role.ADMIN, Role.COORDINATOR}


# --- The network's staff ------------------------------------------------------------------------


def can_manage(membership) -> bool:
    return network_of(membership) is not None


def calls_for_staff(membership):
    network = network_of(membership)
    if network is None:
        return FundingCall.objects.none()
    return FundingCall.objects.of(network).select_related("funder")


def get_call_for_staff(membership, call_id) -> FundingCall:
    return get_or_404(calls_for_staff(membership), call_id)


def funders_for(membership):
    """The network's funders (partners of the network organisation marked as funders)."""
    network = network_of(membership)
    if network is None:
        return Partner.objects.none()
    return Partner.objects.of(network).funders()


def get_funder_for(membership, funder_id) -> Partner:
    return get_or_404(funders_for(membership).prefetch_related("former_names"), funder_id)


def applications_for_staff(membership):
    network = network_of(membership)
    if network is None:
        return FundingApplication.objects.none()
    return FundingApplication.objects.of(network).select_related("member", "call")


# --- A member service's coordination ------------------------------------------------------------


def member_entries(membership):
    """The active member entries that stand for the person's service, one per network."""
    if (
        membership is None
        or membership.role not in COORDINATION
        or membership.organisation.kind != OrganisationKind.SERVICE
    ):
        return Member.objects.none()
    return Member.objects.active().filter(organisation=membership.organisation_id)


def is_member_coordination(membership) -> bool:
    return (
        membership is not None
        and membership.role in COORDINATION
        and service_is_a_member(membership)
    )


def calls_for_member(membership):
    """Open calls of the service's networks, and the closed ones it took part in."""
    entries = member_entries(membership)
    mine = FundingApplication.objects.filter(member__in=entries).values("call")
    return (
        FundingCall.objects.filter(network__in=entries.values("network"))
        .filter(Q(status=CallStatus.OPEN) | Q(pk__in=mine))
        .select_related("funder", "network")
    )


def get_call_for_member(membership, call_id) -> FundingCall:
    return get_or_404(calls_for_member(membership), call_id)


def entry_for(membership, call) -> Member:
    """The service's member entry in the call's network (the call was reached through it)."""
    entry = member_entries(membership).filter(network=call.network_id).first()
    if entry is None:
        raise Http404
    return entry


def applications_for_member(membership):
    return FundingApplication.objects.filter(member__in=member_entries(membership)).select_related(
        "call", "member"
    )
