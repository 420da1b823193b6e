"""What the outreach tests share: a service's territory (Rennes, Maurepas, a landlord's
residence, a venue), an action planned by the coordination with a team of one mediator, a case
linked to it, photos made with Pillow, and a fixed clock."""

import datetime as dt
import io
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    QuartierFactory,
)
from palabre.outreach import actions
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory, VenueFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 12, 9)
NOW = dt.datetime(2026, 12, 9, 10, tzinfo=PARIS)


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make(organisation, coordinator=None) -> dict:
    """A held action (with a linked case, a consented photo and one without consent) and a
    planned one, in a landlord's residence, with a team of one mediator."""
    coordinator = coordinator or MembershipFactory(organisation=organisation, role="coordinator")
    rennes = CommuneFactory(organisation=organisation, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas")
    landlord = PartnerFactory(organisation=organisation, landlord=True, name="Archipel Habitat")
    residence = ResidenceFactory(
        landlord=landlord, name="Les Glycines", commune=rennes, quartier=maurepas
    )
    venue = VenueFactory(organisation=organisation, commune=rennes, quartier=maurepas)
    teammate = MembershipFactory(organisation=organisation, role="mediator")
    case = CaseFactory(organisation=organisation, by=coordinator)
    held = actions.plan_action(
        organisation=organisation,
        by=coordinator,
        kind="DOOR_TO_DOOR",
        title="Porte-à-porte aux Glycines",
        starts_at=at(TODAY - dt.timedelta(days=7), 14),
        ends_at=at(TODAY - dt.timedelta(days=7), 17),
        place_name="Résidence Les Glycines",
        address="12 rue des Glycines",
        commune=rennes,
        quartier=maurepas,
        residence=residence,
        partners=[landlord],
        team=[teammate],
        public_description="Nous sommes passés voir les habitants des Glycines.",
    )
    actions.record_results(
        action=held,
        by=teammate,
        doors_knocked=40,
        households_met=21,
        people_informed=30,
        contacts_made=3,
        hours=6,
        topics=["NOISE"],
        cases=[case],
    )
    public_photo = actions.add_photo(
        action=held, by=teammate, photo=png(), caption="Le stand", consent=True
    )
    private_photo = actions.add_photo(action=held, by=teammate, photo=png(), caption="Sans accord")
    planned = actions.plan_action(
        organisation=organisation,
        by=coordinator,
        kind="NEIGHBOURHOOD_PARTY",
        title="Fête de quartier de Maurepas",
        starts_at=at(TODAY + dt.timedelta(days=10), 14),
        ends_at=at(TODAY + dt.timedelta(days=10), 18),
        venue=venue,
        commune=rennes,
        quartier=maurepas,
        team=[teammate],
        public_description="Venez nous rencontrer au stand de la médiation.",
    )
    return {
        "held": held,
        "planned": planned,
        "photo": public_photo,
        "private_photo": private_photo,
        "teammate": teammate,
        "coordinator": coordinator,
        "case": case,
        "rennes": rennes,
        "maurepas": maurepas,
        "residence": residence,
        "venue": venue,
        "landlord": landlord,
    }


def make_coownership(organisation, objects) -> dict:
    """Beside ``make``'s world: a co-ownership of Maurepas followed since 1 September 2026 under
    the city's convention, with its syndic, the council's chair as contact, a held council
    meeting, a follow-up point and a linked mediation; ``objects`` is what ``make`` returned."""
    from palabre.outreach import coownership_actions as verbs
    from palabre.partners.models import PartnerKind
    from palabre.partners.tests.factories import ConventionFactory

    coordinator, teammate = objects["coordinator"], objects["teammate"]
    syndic = PartnerFactory(organisation=organisation, kind=PartnerKind.SYNDIC, name="Foncia Est")
    city = PartnerFactory(organisation=organisation, funder=True, name="Ville de Rennes")
    convention = ConventionFactory(
        organisation=organisation, title="Prévention des copropriétés 2026", partners=[city]
    )
    convention.funder = city
    convention.save()
    coownership = verbs.follow_coownership(
        organisation=organisation,
        by=coordinator,
        name="Copropriété Les Hortensias",
        address="4 square des Hortensias",
        commune=objects["rennes"],
        quartier=objects["maurepas"],
        lots=64,
        syndic=syndic,
        programme="POPAC",
        difficulties=["UNPAID_CHARGES", "GOVERNANCE"],
        convention=convention,
        followed_since=dt.date(2026, 9, 1),
    )
    contact = verbs.add_contact(
        coownership=coownership,
        by=coordinator,
        name="Odile Trémeur",
        role="COUNCIL_CHAIR",
        phone="02 99 00 11 22",
    )
    meeting = actions.plan_action(
        organisation=organisation,
        by=coordinator,
        kind="OWNERS_COUNCIL",
        title="Réunion du conseil syndical des Hortensias",
        starts_at=at(TODAY - dt.timedelta(days=14), 18),
        ends_at=at(TODAY - dt.timedelta(days=14), 20),
        place_name="Salle commune",
        commune=objects["rennes"],
        quartier=objects["maurepas"],
        coownership=coownership,
        team=[teammate],
    )
    actions.record_results(action=meeting, by=teammate, people_informed=9, hours=4)
    review = verbs.record_review(
        coownership=coownership,
        by=teammate,
        held_on=TODAY - dt.timedelta(days=3),
        trend="BETTER",
        difficulties=["UNPAID_CHARGES"],
        next_review_on=TODAY + dt.timedelta(days=60),
    )
    verbs.link_cases(coownership=coownership, by=coordinator, cases=[objects["case"]])
    return {
        "coownership": coownership,
        "contact": contact,
        "meeting": meeting,
        "review": review,
        "syndic": syndic,
        "convention": convention,
        "city": city,
    }
