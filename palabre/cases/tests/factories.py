"""factory_boy factories; a case is always opened through the real action."""

import datetime as dt

import factory
from django.utils import timezone

from palabre.accounts.models import User
from palabre.cases import actions, codes
from palabre.core.models import Commune, Quartier
from palabre.organisations.models import Membership, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Service de médiation {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "palabre-test")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "coordinator"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    organisation = factory.SubFactory(OrganisationFactory)
    insee_code = factory.Sequence(lambda n: f"{35000 + n}")
    name = factory.Sequence(lambda n: f"Commune {n}")


class QuartierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quartier

    organisation = factory.LazyAttribute(lambda o: o.commune.organisation)
    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")


class CaseFactory(factory.Factory):
    """Opens a case through ``actions.open_case``; pass ``by`` (a coordinator membership)."""

    class Meta:
        model = dict

    organisation = factory.SubFactory(OrganisationFactory)
    by = None
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    channel = codes.Channel.PHONE
    referral_source = codes.ReferralSource.SELF
    requester_last_name = "Le Gall"
    requester_first_name = "Éloïse"
    other_party_last_name = "Moreau"
    other_party_first_name = "Jérôme"
    primary_conflict = codes.ConflictCategory.NOISE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        by = kwargs.pop("by") or MembershipFactory(organisation=kwargs["organisation"])
        if "commune" not in kwargs:
            kwargs["commune"] = CommuneFactory(organisation=kwargs["organisation"])
        return actions.open_case(by=by, **kwargs)

    _build = _create
