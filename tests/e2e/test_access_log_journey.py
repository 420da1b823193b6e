"""The « Journal des consultations » in Chromium, every page audited by axe-core: the reception
opens a case; the coordinator finds that read in the service's log, then in the case's log
(highlighted: the reception is not in the case's team) and in the requester's own log."""

from playwright.sync_api import expect

from palabre.cases import actions
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


def person(organisation, role, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name)
    return MembershipFactory(user=user, organisation=organisation, role=role)


def test_the_coordinator_sees_who_read_a_case_and_the_read_outside_its_team(
    audited, transactional_db
):
    service = OrganisationFactory(name="Médiation Rennes Sud", slug="mediation-rennes-sud")
    coordinator = person(service, "coordinator", "Claire", "Dubois")
    mediator = person(service, "mediator", "Yves", "Le Bihan")
    reception = person(service, "reception", "Nadia", "Benali")
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        commune=CommuneFactory(organisation=service, name="Rennes"),
        requester_last_name="Kerbrat",
        requester_first_name="Gwenola",
    )
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    page = audited.page

    audited.login(reception.user.email)
    audited.goto(f"/dossiers/{case.pk}/")
    expect(page.get_by_role("link", name="Voir qui a consulté ce dossier")).to_have_count(0)
    page.get_by_role("button", name="Nadia Benali").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").click()

    audited.login(coordinator.user.email)
    page.get_by_role("button", name="Claire Dubois").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Journal des consultations").click()
    audited.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal des consultations")
    row = page.get_by_role("row").filter(has_text="Nadia Benali")
    expect(row).to_contain_text("Page du dossier")
    expect(row).to_contain_text(case.reference)
    expect(row).to_contain_text("Hors équipe du dossier")

    audited.goto(f"/dossiers/{case.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Voir qui a consulté ce dossier").click()
    audited.audit()
    expect(page.locator("tr.table-warning")).to_contain_text("Nadia Benali")
    expect(page.locator("tr.table-warning")).to_contain_text("Accueil")

    with page.expect_navigation():
        page.get_by_role("link", name="Gwenola Kerbrat").click()
    audited.audit()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gwenola Kerbrat")
    expect(page.get_by_role("row").filter(has_text="Nadia Benali")).to_have_count(1)
