"""The only way in to the library. Outside reach: 404.

| current membership                      | reads                                 | shares, edits |
|-----------------------------------------|---------------------------------------|---------------|
| admin, network_staff of a network       | all its resources, withdrawn ones too | all of them   |
| admin, coordinator of a member service  | public, members', its pole's; its own | its service's |
| mediator, reception, board of a member  | public, members', its pole's          | nothing       |
| partner account of a member service     | public ones                           | nothing       |
| a service outside every network         | nothing                               | nothing       |

A member service is one with an active entry in the network's directory (``network.Member``
linked to its Palabre organisation); its pole is that entry's pole. A withdrawn resource is
read only by those who may edit it. Without a login, only public resources, through
``library.public``.
"""

from django.db.models import Q
from django.http import Http404

from palabre.core.lookup import get_or_404
from palabre.library.models import Resource, ResourceVersion, Tag, Visibility
from palabre.network import access as network_access
from palabre.network.models import Member, Pole
from palabre.organisations.models import Organisation, OrganisationKind, Role

STAFF = {Role.ADMIN, Role.NETWORK_STAFF}
SHARERS = {Role.ADMIN, Role.COORDINATOR}
MEMBER_READERS = {Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR, Role.RECEPTION, Role.BOARD}
PUBLIC_READERS = MEMBER_READERS | {Role.PARTNER}


def staff_network(membership):
    """The network whose staff the person is, or None."""
    if membership is None or membership.role not in STAFF:
        return None
    organisation = membership.organisation
    return organisation if organisation.kind == OrganisationKind.NETWORK else None


def member_entries(membership):
    """The directory entries that make the person's service a member of a network."""
    if membership is None or membership.organisation.kind != OrganisationKind.SERVICE:
        return Member.objects.none()
    return Member.objects.filter(
        organisation=membership.organisation,
        is_active=True,
        network__kind=OrganisationKind.NETWORK,
    )


def can_read(membership) -> bool:
    if staff_network(membership) is not None:
        return True
    return (
        membership is not None
        and membership.role in PUBLIC_READERS
        and network_access.service_is_a_member(membership)
    )


def can_share(membership) -> bool:
    if staff_network(membership) is not None:
        return True
    return (
        membership is not None
        and membership.role in SHARERS
        and network_access.service_is_a_member(membership)
    )


def networks_to_share_in(membership):
    """The networks the person may add a resource to."""
    network = staff_network(membership)
    if network is not None:
        return Organisation.objects.filter(pk=network.pk)
    if not can_share(membership):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=member_entries(membership).values("network")
    ).order_by("name")


def _editable(membership) -> Q:
    network = staff_network(membership)
    if network is not None:
        return Q(network=network)
    if membership is not None and membership.role in SHARERS:
        networks = member_entries(membership).values("network")
        return Q(author=membership.organisation, network__in=networks)
    return Q(pk__in=[])


def _readable(membership) -> Q:
    if staff_network(membership) is not None or membership is None:
        return Q(pk__in=[])
    entries = member_entries(membership)
    if membership.role in MEMBER_READERS:
        poles = entries.exclude(pole__isnull=True).values("pole")
        return Q(network__in=entries.values("network"), withdrawn_at__isnull=True) & (
            Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
            | Q(visibility=Visibility.POLE, pole__in=poles)
        )
    if membership.role in PUBLIC_READERS:
        return Q(
            network__in=entries.values("network"),
            withdrawn_at__isnull=True,
            visibility=Visibility.PUBLIC,
        )
    return Q(pk__in=[])


def resources_for(membership):
    """The resources the person may read."""
    if not can_read(membership):
        return Resource.objects.none()
    return Resource.objects.filter(_editable(membership) | _readable(membership)).select_related(
        "author", "pole", "network"
    )


def editable_for(membership):
    return Resource.objects.filter(_editable(membership))


def get_resource_for(membership, resource_id) -> Resource:
    return get_or_404(resources_for(membership), resource_id)


def get_editable_for(membership, resource_id) -> Resource:
    return get_or_404(editable_for(membership).select_related("network", "pole"), resource_id)


def can_edit(membership, resource) -> bool:
    return editable_for(membership).filter(pk=resource.pk).exists()


def get_version_for(membership, resource_id, number: int) -> ResourceVersion:
    """A version of a resource the person reads; an old version of a file is read like the
    current one."""
    resource = get_resource_for(membership, resource_id)
    try:
        return resource.versions.get(number=number)
    except ResourceVersion.DoesNotExist as error:
        raise Http404 from error


def tags_for(membership):
    """The keywords of the resources the person reads."""
    return Tag.objects.filter(resources__in=resources_for(membership)).distinct().order_by("name")


def poles_for_sharing(network):
    return Pole.objects.of(network)
