"""The demo night service: a month of shifts with their real hours, interventions within each
shift and its territory, a correspondent who logs in and finds last night's shift."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.accounts.models import User
from palabre.field import nights
from palabre.field.demo import SLUG, delete_field_demo, seed_field
from palabre.field.models import Intervention, Shift, ShiftStatus
from palabre.field.territory import Place, places_of
from palabre.field.tests.conftest import at
from palabre.organisations.models import Organisation

TODAY = dt.date(2027, 3, 31)  # a Wednesday: the month behind holds the night clocks go forward


@pytest.fixture
def demo(db, clock):
    clock(at(TODAY, 14))
    return seed_field(today=TODAY, password="palabre-demo")


def test_the_demo_builds_a_month_of_evening_shifts_with_their_real_hours(demo):
    shifts = Shift.objects.filter(organisation__slug=SLUG)
    assert shifts.count() == demo["shifts"] == 28 + 1 + 7  # every evening
    spring = shifts.get(date=dt.date(2027, 3, 27))
    assert spring.hours == 7
    assert shifts.get(date=dt.date(2027, 3, 20)).hours == 8
    assert shifts.filter(status=ShiftStatus.CANCELLED).count() == 1
    assert (
        not shifts.filter(starts_at__gte=at(TODAY, 14)).exclude(status=ShiftStatus.PLANNED).exists()
    )


def test_the_demo_interventions_lie_within_their_shift_and_its_territory(demo):
    interventions = Intervention.objects.filter(organisation__slug=SLUG).select_related(
        "shift", "residence", "quartier"
    )
    assert interventions.count() == demo["interventions"] > 200
    assert not interventions.exclude(shift__status=ShiftStatus.HELD).exists()
    territories = {}
    for intervention in interventions:
        shift = intervention.shift
        assert nights.within(intervention.happened_at, shift.starts_at, shift.ends_at)
        places = territories.setdefault(shift.pk, places_of(shift))
        assert places.contains(Place.of(intervention))
    notes = interventions.exclude(note="")
    assert notes.exists()
    assert all(n.note.startswith("[Texte fictif de démonstration]") for n in notes)


def test_the_demo_correspondent_logs_in_and_finds_last_nights_shift(demo, client):
    user = User.objects.get(email="correspondant@demo.palabre.fr")
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "palabre-demo"}
    )
    assert response.status_code == 302
    content = client.get(reverse("field:entry")).content.decode()
    assert "Saisie rapide" in content and "Tournée du mardi 30 mars 2027" in content


def test_the_demo_field_service_is_deleted_with_everything_it_holds(demo):
    delete_field_demo()
    assert not Organisation.objects.filter(slug=SLUG).exists()
    assert not Shift.objects.exists() and not Intervention.objects.exists()
