"""What follows an intervention, in a browser: on a phone, the correspondent goes from quick entry
to the intervention, names the person with her agreement, puts her in touch with the CCAS and
says the contact is made; at the office, the coordination opens her mediation case from the
prefilled form. Every page visited is audited."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.codes import ReferralSource
from palabre.cases.models import Case
from palabre.field import actions
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.models import Intervention, NamedPerson, PartnerOrientation
from palabre.field.territory import Place
from palabre.organisations.models import Membership
from palabre.partners.models import PartnerKind, Residence
from palabre.partners.tests.factories import PartnerFactory
from tests.e2e.conftest import Audited
from tests.e2e.test_field_journeys import PHONE, click, the_night_service


@pytest.fixture
def screens(browser, live_server):
    """A phone for the correspondent, a desk for the coordination."""
    contexts = [
        browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True),
        browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}),
    ]
    pages = []
    for context in contexts:
        page = context.new_page()
        page.set_default_timeout(15000)
        pages.append(Audited(page, live_server.url))
    yield pages
    for context in contexts:
        context.close()


def test_a_person_met_at_night_is_oriented_then_gets_a_case(screens, transactional_db):
    correspondent = the_night_service()
    service = correspondent.organisation
    coordinator = Membership.objects.get(organisation=service, role="coordinator")
    PartnerFactory(organisation=service, kind=PartnerKind.SOCIAL_SERVICE, name="CCAS")
    shift = correspondent.field_shifts.get()
    actions.record_intervention(
        shift=shift,
        by=correspondent,
        happened_at=timezone.now() - dt.timedelta(minutes=20),
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.HALL,
        place=Place(residence=Residence.objects.get(name="Les Glycines")),
    )
    phone, desk = screens

    phone.login(correspondent.user.email)
    phone.goto("/terrain/saisie/")
    click(phone, "link", "Suites", exact=False)
    page = phone.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intervention : Bruit nocturne")

    click(phone, "link", "Nommer la personne, avec son accord")
    page.get_by_label("La personne accepte d'être nommée").check()
    page.get_by_label("Prénom").fill("Rosine")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Le Bihan")
    click(phone, "button", "Enregistrer")
    expect(page.get_by_role("region", name="La personne rencontrée")).to_contain_text(
        "Rosine Le Bihan"
    )

    click(phone, "link", "Orienter vers un partenaire")
    page.get_by_label("La personne accepte d'être orientée vers ce partenaire").check()
    page.get_by_role("combobox", name="Partenaire", exact=True).select_option(label="CCAS")
    reason = page.get_by_role("combobox", name="Motif", exact=True)
    reason.select_option(label="Accompagnement social, aide matérielle")
    click(phone, "button", "Enregistrer l'orientation")
    orientations = page.get_by_role("region", name="Orientations vers un partenaire")
    expect(orientations).to_contain_text("CCAS")
    expect(orientations).to_contain_text("Proposée")
    click(phone, "button", "Contact pris — CCAS")
    expect(orientations).to_contain_text("Contact pris")
    expect(page.get_by_text("La coordination ouvre un dossier de médiation")).to_be_visible()

    intervention = Intervention.objects.get()
    desk.login(coordinator.user.email)
    desk.goto(f"/terrain/interventions/{intervention.pk}/")
    click(desk, "link", "Ouvrir un dossier de médiation")
    expect(desk.page.get_by_role("textbox", name="Nom", exact=True).first).to_have_value("Le Bihan")
    click(desk, "button", "Ouvrir le dossier")
    case = Case.objects.get()
    expect(desk.page.get_by_role("heading", level=1)).to_contain_text(case.reference)

    assert case.referral_source == ReferralSource.NIGHT_MEDIATION
    assert case.requester().last_name == "Le Bihan"
    intervention.refresh_from_db()
    assert intervention.case == case
    assert NamedPerson.objects.get().agreements() == [
        "être nommée",
        "être orientée vers un partenaire",
    ]
    assert PartnerOrientation.objects.get().status == "CONTACT_MADE"
