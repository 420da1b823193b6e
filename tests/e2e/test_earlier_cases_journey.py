"""Earlier cases at intake and merged records in Chromium, every page audited by axe-core: the
coordination sees that a person asking for mediation had a case closed last year at her address
and accepts her request as its resumption; then it finds her second record, typed with another
spelling, and merges the two."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases import actions, codes
from palabre.cases.models import Party
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from palabre.referrals import actions as referral_actions
from palabre.referrals.models import Origin


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name).first.click()
    audited.audit()


def test_a_returning_person_is_recognised_at_intake_and_her_records_merged(
    audited, transactional_db
):
    today = timezone.localdate()
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    coordinator = MembershipFactory(
        user=UserFactory(first_name="Maëlle", last_name="Rouxel"),
        organisation=service,
        role="coordinator",
    )
    earlier = CaseFactory(
        organisation=service,
        by=coordinator,
        commune=rennes,
        opened_on=today - dt.timedelta(days=300),
        requester_last_name="Kerbrat",
        requester_first_name="Gwenola",
        requester_phone="06 12 34 56 78",
        requester_address="14 rue de Fougères, 35000 Rennes",
    )
    actions.close(
        case=earlier,
        by=coordinator,
        reason=codes.ClosureReason.RESOLVED_BEFORE,
        closed_on=today - dt.timedelta(days=200),
    )
    referral = referral_actions.submit_referral(
        organisation=service,
        origin=Origin.PUBLIC_FORM,
        requester_first_name="GWENOLA",
        requester_last_name="KERBRAT",
        requester_phone="+33 6 12 34 56 78",
        requester_address="14, r. de Fougères, appartement 3",
        commune=rennes,
        conflict_category=codes.ConflictCategory.NOISE,
        agreed_to_be_contacted=True,
        notify=False,
    )
    typo = CaseFactory(
        organisation=service,
        by=coordinator,
        commune=rennes,
        opened_on=today - dt.timedelta(days=10),
        requester_last_name="Kerbra",
        requester_first_name="Gwenola",
        requester_phone="07 00 11 22 33",
        requester_address="2 place Hoche, Rennes",
    )
    page = audited.page
    audited.login(coordinator.user.email)

    audited.goto("/orientations/")
    audited.audit()
    expect(page.get_by_role("row").filter(has_text="KERBRAT")).to_contain_text("Dossier antérieur")
    audited.goto(f"/orientations/{referral.pk}/")
    audited.audit()
    panel = page.locator("#dossiers-anterieurs")
    expect(panel).to_contain_text(f"Dossier {earlier.reference}")
    expect(panel).to_contain_text("même adresse")
    click(audited, "button", f"Même conflit : accepter en dossier lié — {earlier.reference}")
    expect(page.get_by_role("status").first).to_contain_text(f"lié au dossier {earlier.reference}")
    expect(page.get_by_role("link", name=earlier.reference).first).to_be_visible()

    audited.goto(f"/dossiers/{typo.pk}/")
    audited.audit()
    click(audited, "link", "Réunir avec une autre fiche de la personne — Gwenola Kerbra")
    expect(page.get_by_role("heading", level=1)).to_have_text("Réunir les fiches d'une personne")
    page.get_by_label("Nom ou téléphone").fill("gwenola")
    click(audited, "button", "Chercher")
    click(audited, "link", f"Voir ce que la réunion déplace — Gwenola Kerbrat, {earlier.reference}")
    expect(page.get_by_role("heading", name="Ce que la réunion déplace")).to_be_visible()
    page.get_by_label("Ces deux fiches sont bien la même personne").check()
    click(audited, "button", "Réunir les deux fiches")
    expect(page.get_by_role("status").first).to_contain_text("sont réunies")
    kept = typo.requester()
    assert Party.objects.get(pk=kept.pk).person_id == earlier.requester().person_id is not None
