"""The demo co-ownerships: two followed under the foundation's convention, one closed, their
prevention actions counted in that convention's figures."""

import datetime as dt

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, QuartierFactory
from palabre.core.tests.clock import pin_clock
from palabre.outreach.demo_coownerships import seed_coownerships
from palabre.outreach.models import Coownership, OutreachAction
from palabre.partners.demo import FONDATION
from palabre.partners.models import Convention
from palabre.partners.tests.factories import PartnerFactory
from palabre.reports import outreach_figures
from palabre.reports.scope import Scope

TODAY = dt.date(2026, 12, 9)


def test_the_demo_follows_coownerships_funded_by_the_foundation(service, coordinator, monkeypatch):
    pin_clock(monkeypatch, TODAY)
    rennes = CommuneFactory(organisation=service, name="Rennes")
    QuartierFactory(commune=rennes, name="Maurepas - Bellangerais")
    PartnerFactory(organisation=service, funder=True, name=FONDATION)
    MembershipFactory(organisation=service, role="mediator")

    assert seed_coownerships(service, coordinator=coordinator, today=TODAY) == {"followed": 2}

    assert Coownership.objects.of(service).count() == 3
    assert Coownership.objects.of(service).filter(followed_until__isnull=False).count() == 1
    convention = Convention.objects.of(service).get(funder__name=FONDATION)
    assert OutreachAction.objects.filter(coownership__isnull=False).count() == 9
    scope = Scope(
        organisations=(service.pk,),
        start=TODAY - dt.timedelta(days=365),
        end=TODAY,
        convention=convention,
    )
    figures = outreach_figures.compute(scope)
    # The two followed buildings' held actions of the last year (the Tilleuls' four minus the
    # first, 380 days ago; the Grand Pré's two); the closed one is not the convention's.
    assert figures["coownerships"]["followed"] == 2
    assert figures["coownerships"]["prevention"] == 5
    assert figures["held"] == 5
