"""factory_boy factories of partners, venues and conventions (rows written directly: the
actions are tested on their own)."""

import datetime as dt

import factory
from django.utils import timezone

from palabre.cases.tests.factories import CommuneFactory, OrganisationFactory
from palabre.partners.models import (
    Contact,
    Convention,
    Deliverable,
    DeliverableKind,
    Partner,
    PartnerKind,
    Residence,
    Venue,
)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    organisation = factory.SubFactory(OrganisationFactory)
    kind = PartnerKind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Partenaire {n}")

    class Params:
        landlord = factory.Trait(kind=PartnerKind.SOCIAL_LANDLORD)
        funder = factory.Trait(is_funder=True)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.LazyAttribute(lambda o: o.partner.organisation)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Contact{n}")
    email = factory.LazyAttribute(lambda o: f"{o.last_name.lower()}@partenaire.example")


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    landlord = factory.SubFactory(PartnerFactory, landlord=True)
    organisation = factory.LazyAttribute(lambda o: o.landlord.organisation)
    name = factory.Sequence(lambda n: f"Résidence {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Maison de quartier {n}")
    address = "1 place de la Mairie"
    commune = factory.SubFactory(
        CommuneFactory, organisation=factory.SelfAttribute("..organisation")
    )


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Convention {n}")
    starts_on = dt.date(2024, 1, 1)

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create:
            obj.partners.set(extracted or [PartnerFactory(organisation=obj.organisation)])


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.LazyAttribute(lambda o: o.convention.organisation)
    kind = DeliverableKind.ACTIVITY_REPORT
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    remind_on = factory.LazyAttribute(lambda o: o.due_on - dt.timedelta(days=30))
