import pytest
from django.urls import reverse

from palabre.cases.tests.factories import UserFactory
from palabre.partners.tests.factories import (
    ContactFactory,
    ConventionFactory,
    DeliverableFactory,
    PartnerFactory,
    ResidenceFactory,
    VenueFactory,
)


@pytest.fixture
def superuser(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    return user


def test_the_technical_admin_lists_and_opens_every_partners_model(client, superuser, service):
    partner = PartnerFactory(organisation=service, landlord=True)
    rows = {
        "partner": partner,
        "contact": ContactFactory(partner=partner),
        "residence": ResidenceFactory(landlord=partner),
        "venue": VenueFactory(organisation=service),
        "convention": ConventionFactory(organisation=service, partners=[partner]),
        "deliverable": DeliverableFactory(convention=ConventionFactory(organisation=service)),
    }
    client.force_login(superuser)
    for model, row in rows.items():
        assert client.get(reverse(f"admin:partners_{model}_changelist")).status_code == 200
        change = reverse(f"admin:partners_{model}_change", args=[row.pk])
        assert client.get(change).status_code == 200
