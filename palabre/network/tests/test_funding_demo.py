"""The demo's funding calls: two years of closed calls with results, a renamed funder, and open
calls today, one closing in ten days that the demo service follows without having applied (so
that its reminder is due)."""

import datetime as dt

import pytest

from palabre.core.tests.clock import pin_clock
from palabre.network import funding_reminders
from palabre.network.demo import seed_network
from palabre.network.demo_funding import seed_funding
from palabre.network.models import FundingApplication, FundingCall
from palabre.network.tests.members_support import make_network

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)  # the actions refuse a call closed on the real day


def test_the_demo_shows_calls_applications_and_results_over_two_years(service):
    network, _staff = make_network()
    seed_network(network, today=TODAY, demo_service=service, size=10)

    made = seed_funding(network, today=TODAY)

    calls = FundingCall.objects.of(network)
    assert made["calls"] == calls.count() == 9
    assert {c.deadline.year for c in calls.filter(status="CLOSED")} == {2024, 2025}
    soon = calls.get(deadline=TODAY + dt.timedelta(days=10))
    mine = FundingApplication.objects.get(call=soon, member__organisation=service)
    assert mine.stage == "INTEREST"
    assert soon.fits(mine.member)
    results = FundingApplication.objects.of(network).filter(call__status="CLOSED")
    assert {a.stage for a in results} == {"OBTAINED", "REFUSED"}
    assert results.filter(member__organisation=service, stage="OBTAINED").exists()
    renamed = calls.filter(funder__former_names__isnull=False)
    names = {c.deadline.year: c.funder_name() for c in renamed}
    assert names[2024] == "Fondation Abbé Pierre (démo)"
    assert names[2025] == "Fondation pour le logement des défavorisés (démo)"
    waiting = funding_reminders.waiting_applications(TODAY)
    assert mine in waiting


def test_the_network_and_its_funders_are_deleted_with_their_calls(service):
    network, _staff = make_network()
    seed_network(network, today=TODAY, demo_service=service, size=3)
    seed_funding(network, today=TODAY)
    network.delete()  # as the demo's reset does: the funders' calls go with them
    assert not FundingCall.objects.exists() and not FundingApplication.objects.exists()
