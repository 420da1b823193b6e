"""The demo's technical watch: signals from the month's rounds, to the landlords and the city,
some acknowledged or resolved; the demo landlord account logs in and sees its own."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.accounts.models import User
from palabre.field.demo import DEMO_LANDLORD, SLUG, delete_field_demo, seed_field
from palabre.field.models import TechnicalSignal
from palabre.field.tests.conftest import at
from palabre.field.watch import SignalStatus

TODAY = dt.date(2027, 3, 31)


@pytest.fixture
def demo(db, clock):
    clock(at(TODAY, 14))
    return seed_field(today=TODAY, password="palabre-demo")


def test_the_demo_sends_signals_to_the_landlords_and_the_city(demo):
    signals = TechnicalSignal.objects.filter(organisation__slug=SLUG).select_related(
        "partner", "intervention"
    )
    assert signals.count() == demo["signals"] >= 10
    statuses = set(signals.values_list("status", flat=True))
    assert statuses == {SignalStatus.SENT, SignalStatus.ACKNOWLEDGED, SignalStatus.RESOLVED}
    assert {signal.partner.kind for signal in signals} == {"SOCIAL_LANDLORD", "CITY"}
    assert signals.overdue(at(TODAY, 14)).exists()
    for signal in signals:
        assert signal.intervention.shift_id == signal.shift_id
        assert signal.description.startswith("[Texte fictif de démonstration]")
        if signal.residence_id:
            assert signal.partner_id == signal.residence.landlord_id
        assert signal.resolved_at is None or signal.resolved_at <= at(TODAY, 14)


def test_the_demo_landlord_logs_in_and_sees_only_its_signals(demo, client):
    user = User.objects.get(email="bailleur.nuit@demo.palabre.fr")
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "palabre-demo"}
    )
    assert response.status_code == 302
    content = client.get(reverse("field:portal_signals") + "?etat=tous").content.decode()
    signals = TechnicalSignal.objects.filter(organisation__slug=SLUG)
    own = signals.filter(partner__name=DEMO_LANDLORD)
    assert own.exists()
    for signal in signals:
        url = reverse("field:portal_signal", args=[signal.pk])
        assert (url in content) == (signal.partner.name == DEMO_LANDLORD)
    navbar = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("field:portal_signals") in navbar


def test_the_demo_signals_go_with_the_demo(demo):
    delete_field_demo()
    assert not TechnicalSignal.objects.exists()
