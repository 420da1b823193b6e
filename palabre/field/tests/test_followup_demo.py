"""The demo night service shows what follows an intervention: people named with their agreement,
a case opened from one of them, two people put in touch with partners — and the demo
correspondent finds them from last nights' interventions."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.accounts.models import User
from palabre.cases.codes import ReferralSource
from palabre.cases.models import Case
from palabre.field.demo import SLUG, delete_field_demo, seed_field
from palabre.field.models import Intervention, NamedPerson, PartnerOrientation
from palabre.field.tests.conftest import at

TODAY = dt.date(2027, 3, 31)


@pytest.fixture
def demo(db, clock):
    clock(at(TODAY, 14))
    return seed_field(today=TODAY, password="palabre-demo")


def test_the_demo_names_three_people_opens_a_case_and_orients_two(demo):
    people = NamedPerson.objects.filter(organisation__slug=SLUG)
    assert people.count() == 3
    assert all(p.consent_recorded_by_id and p.consent_recorded_at for p in people)
    [opened] = Intervention.objects.filter(organisation__slug=SLUG, case__isnull=False)
    assert opened.case.referral_source == ReferralSource.NIGHT_MEDIATION
    assert opened.case.requester().last_name == opened.person.last_name
    orientations = PartnerOrientation.objects.filter(organisation__slug=SLUG)
    assert sorted(o.status for o in orientations) == ["CONTACT_MADE", "PROPOSED"]
    assert all(o.intervention.person.agreed_to_be_oriented for o in orientations)
    assert all(TODAY - dt.timedelta(days=8) <= o.oriented_on <= TODAY for o in orientations)


def test_the_demo_correspondent_reads_an_orientation_on_the_interventions_page(demo, client):
    user = User.objects.get(email="correspondant@demo.palabre.fr")
    client.post(reverse("accounts:login"), {"username": user.email, "password": "palabre-demo"})
    orientation = PartnerOrientation.objects.filter(organisation__slug=SLUG).first()
    page = client.get(reverse("field:intervention", args=[orientation.intervention_id]))
    assert page.status_code == 200
    content = page.content.decode()
    assert orientation.partner.name in content
    assert str(orientation.intervention.person) in content


def test_the_demo_case_goes_with_the_field_service(demo):
    delete_field_demo()
    assert not Case.objects.exists() and not NamedPerson.objects.exists()
    assert not PartnerOrientation.objects.exists()
