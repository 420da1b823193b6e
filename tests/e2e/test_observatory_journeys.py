"""The observatory journey: a member service's coordinator shares its figures with the network,
network staff see them on the observatory, then the service withdraws and they are gone. Every
page visited is audited by axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from palabre.network.models import LegalType, Member, Phase, Region


def person(organisation, role, first_name, last_name):
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        organisation=organisation,
        role=role,
    )


def click(audited, role, name, exact=True):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=exact).first.click()
    audited.audit()


def test_a_member_shares_its_figures_and_the_network_sees_them(
    audited, browser, live_server, transactional_db
):
    network = OrganisationFactory(name="Réseau des villes", slug="reseau", kind="NETWORK")
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    service.networks.add(network)
    Member.objects.create(
        network=network,
        organisation=service,
        name="Médiation Rennes",
        legal_type=LegalType.ASSOCIATION,
        phase=Phase.PERMANENT,
        region=Region.BRE,
    )
    coordinator = person(service, "coordinator", "Maëlle", "Rouxel")
    staff = person(network, "network_staff", "Nadia", "Kerbrat")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    last_year = timezone.localdate().year - 1
    for day in range(12):
        CaseFactory(
            organisation=service,
            by=coordinator,
            commune=rennes,
            opened_on=dt.date(last_year, 3, 1) + dt.timedelta(days=day),
            requester_last_name="Confidentiel-Nom",
        )

    # The coordinator shares the service's figures from the activity dashboard.
    audited.login(coordinator.user.email)
    click(audited, "link", "Activité")
    click(audited, "link", "Partage avec les réseaux")
    page = audited.page
    expect(page.get_by_role("row", name="Réseau des villes")).to_contain_text("Non partagés")
    click(audited, "button", "Partager les chiffres — Réseau des villes", exact=False)
    expect(page.get_by_role("row", name="Réseau des villes")).to_contain_text("Partagés depuis")

    # Network staff see the service on the observatory, with its 12 new cases of last year.
    context = browser.new_context(locale="fr-FR")
    network_side = type(audited)(context.new_page(), live_server.url)
    network_side.login(staff.user.email)
    network_side.follow_menu("Réseau", "Accueil du réseau")
    click(network_side, "link", "Observatoire")
    network_side.goto(f"/bilans/observatoire/?annee={last_year}")
    observatory = network_side.page
    expect(observatory.get_by_role("heading", level=1)).to_contain_text(str(last_year))
    expect(observatory.get_by_role("table").last).to_contain_text("Médiation Rennes")
    expect(observatory.locator("main")).to_contain_text("12")
    assert "Confidentiel-Nom" not in observatory.content()

    # The service withdraws: its figures leave the next computation.
    click(audited, "button", "Retirer le partage — Réseau des villes", exact=False)
    network_side.goto(f"/bilans/observatoire/?annee={last_year}")
    expect(observatory.locator("main")).not_to_contain_text("Médiation Rennes")
    context.close()
