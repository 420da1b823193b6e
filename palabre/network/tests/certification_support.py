"""What the certification tests share: a network with its staff, members on the instance or in
the directory only, and records opened through the real actions."""

import datetime as dt

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.network import actions_certification as actions
from palabre.network.models import Member, MemberContact

TODAY = dt.date(2026, 3, 16)


def make_network(slug="reseau-test", name="Réseau test"):
    network = OrganisationFactory(kind="NETWORK", slug=slug, name=name)
    staff = MembershipFactory(organisation=network, role="network_staff")
    return network, staff


def make_member(network, name="Médiation Lorient", organisation=None, joined=True):
    """A member; with ``organisation``, the service on this instance (which declares its
    membership of the network unless ``joined`` is False)."""
    if organisation is not None and joined:
        organisation.networks.add(network)
    return Member.objects.create(
        network=network,
        organisation=organisation,
        name=name,
        legal_type="ASSOCIATION",
        region="BRE",
    )


def make_contact(member, last_name="Le Floch", position="Coordinatrice"):
    return MemberContact.objects.create(
        network=member.network,
        member=member,
        first_name="Annaïg",
        last_name=last_name,
        position=position,
    )


def open_record(network, staff, member, scheme="AFNOR_SOCIAL_MEDIATION", **kwargs):
    kwargs.setdefault("today", TODAY)
    return actions.open_record(network=network, member=member, scheme=scheme, by=staff, **kwargs)
