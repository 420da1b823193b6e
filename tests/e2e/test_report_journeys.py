"""Report journeys: a board member reads the service's activity, for one commune, and what each
figure counts. Every page visited is audited by axe-core."""

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
)


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=True).first.click()
    audited.audit()


def test_the_board_reads_the_activity_dashboard(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    board = MembershipFactory(organisation=service, role="board")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    QuartierFactory(commune=rennes, name="Villejean", is_qpv=True)
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    today = timezone.localdate()
    for commune, days in ((rennes, 3), (cesson, 2)):
        for day in range(1, days + 1):
            CaseFactory(
                organisation=service,
                by=coordinator,
                commune=commune,
                opened_on=today.replace(month=1, day=day),
            )

    audited.login(board.user.email)
    click(audited, "link", "Activité")
    page = audited.page
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Activité du service — {today.year}")
    expect(page.get_by_role("table", name="Chiffres clés")).to_contain_text("Nouvelles saisines")

    page.get_by_label("Commune", exact=True).select_option(label="Cesson-Sévigné")
    click(audited, "button", "Afficher")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Activité {today.year} — Cesson-Sévigné"
    )
    key_figures = page.get_by_role("table", name="Chiffres clés")
    expect(key_figures.get_by_role("row", name="Nouvelles saisines")).to_contain_text("2")

    click(audited, "link", "Définitions des indicateurs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Définitions des indicateurs")
    expect(page.get_by_role("term").filter(has_text="Nouvelles saisines").first).to_be_visible()
