"""What the tests of a network's public site share: a network with its staff, members listed
or not, contacts, dues, a certification finding and event descriptions carrying markers that
no public page may show, a module with sessions, and the site published through the action."""

import datetime as dt
from decimal import Decimal

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.network import actions as network_actions
from palabre.network import actions_certification
from palabre.network.models import DuesCategory, EventKind
from palabre.training import actions as training_actions
from palabre.website import network_access
from palabre.website.network_actions import save_network_site
from palabre.website.network_forms import NetworkSiteForm

TODAY = dt.date(2026, 12, 9)
# Text that must never reach a public page: people's names and what the network keeps for itself.
MARKERS = {
    "contact": "Qzxcontactnom",
    "contact_first": "Qzxcontactprenom",
    "finding": "QZXCONSTAT",
    "dues": "QZXFACTURE",
    "event_description": "QZXDESCRIPTION",
    "trainer": "Qzxformatrice",
    "unlisted": "Structure QZXDISCRETE",
    "private_event": "Groupe QZXINTERNE",
}


def make_network(slug="reseau-test", name="Réseau test"):
    network = OrganisationFactory(
        kind="NETWORK", slug=slug, name=name, email="contact@reseau-test.fr"
    )
    staff = MembershipFactory(organisation=network, role="network_staff")
    return network, staff


def member(network, name, region="BRE", **fields):
    fields.setdefault("legal_type", "ASSOCIATION")
    fields.setdefault("dues_category", DuesCategory.SMALL)
    fields.setdefault("domains", ["NEIGHBOURHOOD_CONFLICTS"])
    return network_actions.create_member(
        network=network, by=None, name=name, region=region, **fields
    )


def publish(network, *, listed=(), events=(), **changes):
    site = network_access.site_of(network)
    fields = {name: getattr(site, name) for name in NetworkSiteForm._meta.fields}
    fields.update({"is_published": True, **changes})
    return save_network_site(
        network=network,
        by=None,
        fields=fields,
        listed_members=list(listed),
        public_events=list(events),
    )


def build(network, staff):
    """The network's world; answers what the tests look at."""
    brest = member(network, "Médiation sociale de Brest", territories="Brest", phase="LAUNCH")
    lorient = member(network, "Régie de quartier de Lorient", legal_type="REGIE_DE_QUARTIER")
    paris = member(network, "Correspondants de Paris", region="IDF", domains=["PUBLIC_SPACE_NIGHT"])
    hidden = member(network, MARKERS["unlisted"])
    network_actions.add_contact(
        member=brest,
        by=None,
        first_name=MARKERS["contact_first"],
        last_name=MARKERS["contact"],
        email="contact@brest.example.fr",
    )
    network_actions.record_year(
        member=brest,
        by=None,
        year=2026,
        category=DuesCategory.SMALL,
        amount=Decimal("150"),
        invoice_reference=MARKERS["dues"],
    )
    record = actions_certification.open_record(
        network=network, member=brest, scheme="AFNOR_SOCIAL_MEDIATION", by=None, today=TODAY
    )
    actions_certification.add_finding(
        record=record,
        audit="MOCK",
        found_on=TODAY - dt.timedelta(days=10),
        kind="OBSERVATION",
        text=MARKERS["finding"],
        by=None,
        today=TODAY,
    )
    coming = network_actions.create_event(
        network=network,
        by=None,
        kind=EventKind.REGIONAL_MEETING,
        title="Journée régionale de Bretagne",
        starts_on=TODAY + dt.timedelta(days=20),
        place="Rennes",
        description=MARKERS["event_description"],
    )
    past = network_actions.create_event(
        network=network,
        by=None,
        kind=EventKind.NATIONAL_MEETING,
        title="Assises nationales",
        starts_on=TODAY - dt.timedelta(days=60),
        ends_on=TODAY - dt.timedelta(days=59),
        place="Lyon",
    )
    research = network_actions.create_event(
        network=network,
        by=None,
        kind=EventKind.RESEARCH_ACTION,
        title="Recherche-action sur la médiation scolaire",
        starts_on=TODAY - dt.timedelta(days=200),
        is_remote=True,
    )
    private = network_actions.create_event(
        network=network,
        by=None,
        kind=EventKind.WORKING_GROUP,
        title=MARKERS["private_event"],
        starts_on=TODAY + dt.timedelta(days=5),
        is_remote=True,
    )
    module = training_actions.create_module(
        organiser=network,
        by=staff,
        title="Gestion des conflits",
        objective="Désamorcer un conflit.",
        audience=["MEDIATORS"],
        duration_hours=Decimal("14"),
        price_member=Decimal("180"),
    )
    session = training_actions.create_session(
        module=module,
        by=staff,
        starts_on=TODAY + dt.timedelta(days=12),
        ends_on=TODAY + dt.timedelta(days=13),
        place="Maison des associations, Rennes",
        trainer=MARKERS["trainer"],
        capacity=8,
    )
    publish(network, listed=[brest, lorient, paris], events=[coming, past, research])
    return {
        "members": [brest, lorient, paris],
        "hidden": hidden,
        "events": {"coming": coming, "past": past, "research": research, "private": private},
        "module": module,
        "session": session,
    }
