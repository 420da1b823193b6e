"""What the library's tests share: a network with two poles, two member services (one in each
pole) and a service outside the network, a foreign network, their people, and resources made
through the real actions with small real files."""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.library import actions
from palabre.network import actions as network_actions

NOW = dt.datetime(2026, 3, 16, 10, 30, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="fiche.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def text(name="note.txt", content="Une note de travail.\n"):
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


@dataclass
class World:
    network: object
    foreign: object
    poles: dict
    services: dict
    people: dict
    resources: dict


def _member(network, service, pole, region):
    service.networks.add(network)
    return network_actions.create_member(
        network=network,
        by=None,
        name=service.name,
        organisation=service,
        legal_type="ASSOCIATION",
        region=region,
        pole=pole,
    )


def share(network, by, *, title="Fiche pratique", kind="PRACTICE_SHEET", **fields):
    fields.setdefault("summary", "Une ressource du réseau.")
    fields.setdefault("audience", "MEDIATORS")
    fields.setdefault("licence", "CC_BY_SA")
    fields.setdefault("visibility", "MEMBERS")
    if kind in ("VIDEO", "LINK"):
        fields.setdefault("url", "https://exemple.fr/video")
    else:
        fields.setdefault("file", pdf())
    return actions.share_resource(network=network, by=by, title=title, kind=kind, **fields)


def build_world() -> World:
    network = OrganisationFactory(kind="NETWORK", slug="reseau-test", name="Réseau test")
    foreign = OrganisationFactory(kind="NETWORK", slug="reseau-autre", name="Autre réseau")
    poles = {
        "bre": network_actions.create_pole(network=network, by=None, name="Ouest", regions=["BRE"]),
        "idf": network_actions.create_pole(
            network=network, by=None, name="Île-de-France", regions=["IDF"]
        ),
    }
    services = {
        "rennes": OrganisationFactory(slug="rennes", name="Médiation de Rennes"),
        "montreuil": OrganisationFactory(slug="montreuil", name="Médiation de Montreuil"),
        "outside": OrganisationFactory(slug="dehors", name="Service hors réseau"),
    }
    _member(network, services["rennes"], poles["bre"], "BRE")
    _member(network, services["montreuil"], poles["idf"], "IDF")
    people = {
        "network_staff": MembershipFactory(organisation=network, role="network_staff"),
        "network_admin": MembershipFactory(organisation=network, role="admin"),
        "network_coordinator": MembershipFactory(organisation=network, role="coordinator"),
        "coordinator": MembershipFactory(organisation=services["rennes"], role="coordinator"),
        "service_admin": MembershipFactory(organisation=services["rennes"], role="admin"),
        "mediator": MembershipFactory(organisation=services["rennes"], role="mediator"),
        "reception": MembershipFactory(organisation=services["rennes"], role="reception"),
        "board": MembershipFactory(organisation=services["rennes"], role="board"),
        "partner": MembershipFactory(organisation=services["rennes"], role="partner"),
        "other_pole_coordinator": MembershipFactory(
            organisation=services["montreuil"], role="coordinator"
        ),
        "outside_coordinator": MembershipFactory(
            organisation=services["outside"], role="coordinator"
        ),
        "foreign_staff": MembershipFactory(organisation=foreign, role="network_staff"),
    }
    staff = people["network_staff"]
    resources = {
        "public": share(network, staff, title="Charte de la médiation", visibility="PUBLIC"),
        "members": share(network, staff, title="Guide d'évaluation", visibility="MEMBERS"),
        "pole_bre": share(
            network, staff, title="Échanges du pôle Ouest", visibility="POLE", pole=poles["bre"]
        ),
        "pole_idf": share(
            network,
            staff,
            title="Échanges du pôle francilien",
            visibility="POLE",
            pole=poles["idf"],
        ),
        "by_rennes": share(
            network, people["coordinator"], title="Modèle de compte rendu", kind="TEMPLATE"
        ),
        "by_montreuil": share(
            network, people["other_pole_coordinator"], title="Étude de Montreuil", kind="STUDY"
        ),
        "foreign": share(
            foreign,
            people["foreign_staff"],
            title="Ressource d'un autre réseau",
            visibility="PUBLIC",
        ),
    }
    withdrawn = share(network, staff, title="Ancienne fiche", visibility="PUBLIC")
    resources["withdrawn"] = actions.withdraw_resource(resource=withdrawn, by=staff)
    return World(network, foreign, poles, services, people, resources)
