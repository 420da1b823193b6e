"""Invite rather than summon (docs/adr/0026): the coordination prints the invitation letter to the
other party; the other party, without an account, opens the link printed on it, chooses a slot at
a permanence and books it; the case shows the attempt's result. Every page is audited by axe."""

import datetime as dt
import re
import subprocess

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from palabre.cases.tests.invitation_support import NOTE_MARKER, to_contact_stage
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions
from palabre.permanences.models import Appointment, BookingChannel
from tests.e2e.conftest import Audited

OTHER_PARTY = "Jérôme Moreau"


def click(audited, role, name, exact=True):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=exact).first.click()
    audited.audit()


def the_case():
    service = OrganisationFactory(
        name="Médiation Rennes", slug="mediation-rennes", phone="02 99 00 00 00"
    )
    rennes = CommuneFactory(organisation=service, name="Rennes")
    coordinator = MembershipFactory(
        organisation=service,
        role="coordinator",
        user=UserFactory(first_name="Maëlle", last_name="Rouxel"),
    )
    mediator = MembershipFactory(
        organisation=service,
        role="mediator",
        user=UserFactory(first_name="Sophie", last_name="Le Goff"),
    )
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        commune=rennes,
        opened_on=timezone.localdate() - dt.timedelta(days=20),
        other_party_first_name="Jérôme",
        other_party_last_name="Moreau",
    )
    to_contact_stage(case, coordinator=coordinator, mediator=mediator)
    soon = timezone.localdate() + dt.timedelta(days=3)
    actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(
            organisation=service, name="Le Cadran", address="11 avenue André Mussat", commune=rennes
        ),
        weekday=soon.weekday(),
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=timezone.localdate(),
    )
    return case, coordinator


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_the_other_party_books_a_slot_from_the_letter_and_the_case_shows_it(
    audited, browser, live_server, transactional_db
):
    case, coordinator = the_case()

    # The coordination prints the invitation letter from the case page.
    audited.login(coordinator.user.email)
    audited.goto(f"/dossiers/{case.pk}/")
    page = audited.page
    letter = page.get_by_role("link", name=f"Courrier d'invitation (PDF) — {OTHER_PARTY}")
    response = page.request.get(audited.base_url + letter.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    printed = re.search(r"/i/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/", pdf_text(response.body()))
    assert printed, "the letter prints the link's address"
    code = printed.group(1)
    audited.goto(f"/dossiers/{case.pk}/")
    invitations = page.get_by_role("region", name="Invitations à prendre rendez-vous")
    expect(invitations).to_contain_text("En attente de réponse")
    expect(invitations).to_contain_text(code)

    # The other party, at home, without an account, types the address of the letter.
    context = browser.new_context(locale="fr-FR")
    visitor = Audited(context.new_page(), live_server.url)
    visitor.page.set_default_timeout(15000)
    visitor.goto(f"/i/{code.lower()}/")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(
        "Rencontrer les médiateurs de Médiation Rennes"
    )
    expect(visitor.page.locator("main")).not_to_contain_text("Moreau")
    click(visitor, "link", "Choisir un créneau à une permanence")
    expect(visitor.page.get_by_role("heading", name=re.compile("Le Cadran"))).to_be_visible()
    click(visitor, "link", "14h45", exact=False)
    expect(visitor.page.get_by_label("14 h 45")).to_be_checked()
    expect(visitor.page.locator("main")).not_to_contain_text(NOTE_MARKER)
    click(visitor, "button", "Réserver ce créneau")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Mon rendez-vous")
    expect(visitor.page.get_by_role("status").first).to_contain_text("Votre rendez-vous est pris")
    expect(visitor.page.get_by_role("definition").filter(has_text="Le Cadran")).to_be_visible()

    # The link has served: opened again, it says so.
    visitor.goto(f"/i/{code}/")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(
        "Vous avez répondu à cette invitation"
    )
    context.close()

    appointment = Appointment.objects.get()
    assert appointment.channel == BookingChannel.INVITATION
    assert appointment.case_id == case.pk and appointment.party.last_name == "Moreau"

    # The case shows the attempt's result, the answer and the appointment.
    audited.goto(f"/dossiers/{case.pk}/")
    attempts = page.get_by_role("table", name="Tentatives de contact")
    expect(attempts).to_contain_text("Courrier")
    expect(attempts).to_contain_text("Accepte un entretien")
    invitations = page.get_by_role("region", name="Invitations à prendre rendez-vous")
    expect(invitations).to_contain_text("A choisi un créneau de permanence")
    expect(invitations).to_contain_text("Le Cadran")
    expect(page.get_by_role("region", name="Rendez-vous en permanence")).to_contain_text(
        "Le Cadran"
    )
    expect(page.get_by_role("region", name="Historique")).to_contain_text(
        "Réponse à l'invitation (Autre partie) : A choisi un créneau de permanence"
    )
