"""The demo actions: a dozen over the last year and the coming month, some in landlords'
residences, most held, a consented photo, shown in the figures and in a landlord's convention."""

import datetime as dt

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, QuartierFactory
from palabre.outreach import public
from palabre.outreach.demo import ACTIONS, seed_outreach
from palabre.outreach.models import OutreachAction, OutreachPhoto
from palabre.outreach.tests import world
from palabre.partners.tests.factories import (
    ConventionFactory,
    PartnerFactory,
    ResidenceFactory,
    VenueFactory,
)
from palabre.reports import outreach_figures
from palabre.reports.scope import Scope


def test_the_demo_shows_outreach_to_the_coordination_and_a_landlords_convention(
    service, coordinator, clock
):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas")
    archipel = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    neotoa = PartnerFactory(organisation=service, landlord=True, name="Néotoa")
    for name, landlord in (("A", archipel), ("B", neotoa), ("C", archipel), ("D", neotoa)):
        ResidenceFactory(landlord=landlord, name=name, commune=rennes, quartier=maurepas)
    VenueFactory(organisation=service, commune=rennes, name="Maison de quartier")
    VenueFactory(organisation=service, commune=rennes, name="Centre social")
    for _ in range(3):
        MembershipFactory(organisation=service, role="mediator")

    counts = seed_outreach(service, coordinator=coordinator, today=world.TODAY)

    assert OutreachAction.objects.of(service).count() == len(ACTIONS) == 13
    assert counts == {"held": 9, "planned": 3, "cancelled": 1}
    assert OutreachAction.objects.of(service).filter(residence__isnull=False).count() >= 5
    assert OutreachPhoto.objects.filter(consent_recorded_at__isnull=False).count() == 2
    upcoming = public.upcoming_for(service, today=world.TODAY)
    assert len(upcoming) == 3 and any(action.photos for action in upcoming)
    year = Scope.of_service(service, world.TODAY - dt.timedelta(days=365), world.TODAY)
    assert outreach_figures.compute(year)["held"] == 9
    convention = ConventionFactory(organisation=service, funder=archipel)
    convention.scope_landlords.set([archipel])
    held_at_archipel = (
        OutreachAction.objects.of(service).held().filter(residence__landlord=archipel).count()
    )
    scope = Scope.of_service(
        service, world.TODAY - dt.timedelta(days=365), world.TODAY, convention=convention
    )
    assert outreach_figures.compute(scope)["held"] == held_at_archipel > 0
