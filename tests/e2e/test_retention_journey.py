"""Retention in the browser: the coordination sees on « Aujourd'hui » what falls due next month,
keeps one of those cases for a legal reason from its page, shortens the private notes' duration,
reads the night's pass and the yearly report, and finds an old case « anonymisé ». Every page
visited is audited by axe-core. The clock stands at 15 January 2027, 9:00."""

import datetime as dt

from playwright.sync_api import expect

from palabre.cases import codes
from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.privacy import purge
from palabre.privacy.retention import LegalHold, RetentionSchedule
from palabre.privacy.tests import retention_support as support

clock = support.clock


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=True).first.click()
    audited.audit()


def closed(service, coordinator, day: str) -> Case:
    closed_on = dt.date.fromisoformat(day)
    case = CaseFactory(
        organisation=service, by=coordinator, opened_on=closed_on - dt.timedelta(days=30)
    )
    Case.objects.filter(pk=case.pk).update(
        status=codes.Status.CLOSED,
        closed_on=closed_on,
        closure_reason=codes.ClosureReason.REQUESTER_WITHDREW,
    )
    return Case.objects.get(pk=case.pk)


def test_the_coordination_keeps_a_case_changes_a_duration_and_reads_the_report(
    audited, transactional_db, clock
):
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    old = closed(service, coordinator, "2024-06-01")
    soon = closed(service, coordinator, "2025-02-01")
    purge.apply()
    page = audited.page

    audited.login(coordinator.user.email)
    audited.goto("/dossiers/aujourdhui/")
    card = page.locator("section.card").filter(has_text="Dossiers anonymisés d'ici un mois")
    expect(card).to_contain_text("anonymisé le 01/02/2027")
    click(audited, "link", "Voir les 1")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ce qui sera anonymisé le mois prochain"
    )
    click(audited, "link", f"Dossier {soon.reference}")
    click(audited, "link", "Durée de conservation et motif légal")
    expect(page.get_by_text("Anonymisation prévue le 01/02/2027")).to_be_visible()

    page.get_by_label("Litige ou contentieux en cours").check()
    click(audited, "button", "Conserver le dossier")
    expect(page.get_by_role("status").first).to_contain_text("conservé pour un motif légal")
    assert LegalHold.objects.active().get().case == soon

    audited.goto("/protection/conservation/")
    click(audited, "link", "Modifier les durées")
    page.get_by_label("Notes privées").fill("3")
    click(audited, "button", "Enregistrer les durées")
    expect(page.get_by_role("table")).to_contain_text("3 mois après la clôture du dossier")
    assert RetentionSchedule.objects.get(organisation=service).notes_months == 3

    click(audited, "link", "Passages de la conservation")
    expect(page.get_by_role("table")).to_contain_text("15/01/2027")
    click(audited, "link", "2027")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport annuel de conservation 2027")

    audited.goto(f"/dossiers/{old.pk}/")
    expect(page.get_by_text("Dossier anonymisé", exact=True)).to_be_visible()
