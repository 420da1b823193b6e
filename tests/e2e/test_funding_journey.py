"""Funding journey: a member service's coordinator finds the network's open call that fits the
service, shows interest, records the application and its result; the network's staff then see
it on the call's page and in the funder's history. Every page visited is audited by axe-core."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.network import actions as network_actions
from palabre.network import actions_funding
from palabre.network.models import FundingApplication
from palabre.partners.models import Partner
from tests.e2e.conftest import Audited


def click(audited, role, name, exact=True):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=exact).first.click()
    audited.audit()


def test_a_member_follows_a_call_and_the_network_sees_it(
    audited, browser, live_server, transactional_db
):
    today = timezone.localdate()
    network = OrganisationFactory(kind="NETWORK", name="Réseau des villes", slug="reseau-villes")
    staff = MembershipFactory(organisation=network, role="network_staff")
    service = OrganisationFactory(name="Médiation Lorient", slug="mediation-lorient")
    service.networks.add(network)
    member = network_actions.create_member(
        network=network, by=None, name="Médiation Lorient", organisation=service,
        legal_type="ASSOCIATION", region="BRE", domains=["NEIGHBOURHOOD_CONFLICTS"],
    )  # fmt: skip
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    funder = Partner.objects.create(
        organisation=network, name="Fondation de France", kind="FOUNDATION", is_funder=True
    )
    call = actions_funding.publish_call(
        network=network, by=staff, funder=funder, title="Apaiser les conflits de voisinage",
        opens_on=today - dt.timedelta(days=10), deadline=today + dt.timedelta(days=10),
        amount_max=Decimal("20000"), regions=["BRE"],
    )  # fmt: skip

    audited.login(coordinator.user.email)
    audited.follow_menu("Réseau", "Financements")
    page = audited.page
    fitting = page.get_by_role("region", name="Les appels ouverts qui vous correspondent")
    expect(fitting).to_contain_text("Apaiser les conflits de voisinage")
    click(audited, "link", "Apaiser les conflits de voisinage")
    click(audited, "button", "Signaler notre intérêt")
    expect(page.get_by_text("Votre intérêt est noté").first).to_be_visible()
    click(audited, "link", "Enregistrer le dépôt de la candidature")
    page.get_by_label("Candidature déposée le").fill(today.isoformat())
    click(audited, "button", "Enregistrer")
    click(audited, "link", "Enregistrer le résultat")
    page.get_by_label("Obtenu", exact=True).check()
    page.get_by_label("Connu le").fill(today.isoformat())
    page.get_by_label("Montant obtenu (€)").fill("15000")
    click(audited, "button", "Enregistrer le résultat")
    expect(page.get_by_text("Le résultat est enregistré.").first).to_be_visible()
    application = FundingApplication.objects.get(call=call, member=member)
    assert (application.stage, application.amount_obtained) == ("OBTAINED", Decimal("15000"))

    context = browser.new_context(locale="fr-FR")
    try:
        network_side = Audited(context.new_page(), live_server.url)
        network_side.login(staff.user.email)
        network_side.goto(f"/reseau/financements/{call.pk}/")
        table = network_side.page.get_by_role(
            "table", name="Intérêts, candidatures et résultats des structures membres"
        )
        expect(table).to_contain_text("Médiation Lorient")
        expect(table).to_contain_text("15\u00a0000 €")
        network_side.goto(f"/reseau/financements/financeurs/{funder.pk}/")
        expect(network_side.page.get_by_role("heading", level=1)).to_have_text(
            "Fondation de France"
        )
    finally:
        context.close()
