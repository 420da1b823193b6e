"""Double authentification in the browser: a member of the accueil, whose service requires it,
is sent to enrolment at the first login, scans (reads) the key, keeps the recovery codes, logs
out and logs in again with a code computed here as a phone would. And the warning before an idle
session ends: « Rester connecté·e » keeps it, silence ends it on the login page.

Codes are computed with the real clock: the server checks them with the same one."""

import base64
import re
import time
from pathlib import Path

from playwright.sync_api import expect

from palabre.accounts import totp
from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

MFA_PATH = "/compte/double-authentification/"


def log_out(audited):
    audited.page.locator("#nav-principale .dropdown-toggle").last.click()
    with audited.page.expect_navigation():
        audited.page.get_by_role("button", name="Se déconnecter").click()


def test_the_accueil_enrols_its_app_then_logs_in_with_a_code(audited, transactional_db):
    service = OrganisationFactory(name="Service exigeant", slug="service-exigeant")
    service.mfa_required = True
    service.save()
    user = UserFactory(email="karim.benali@exemple.fr", first_name="Karim", last_name="Benali")
    MembershipFactory(user=user, organisation=service, role="reception")
    page = audited.page

    audited.login(user.email)
    assert page.url.endswith(MFA_PATH)
    expect(page.get_by_text("obligatoire pour votre rôle")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    key = base64.b32decode(page.locator("#mfa-key").inner_text().replace(" ", ""))

    page.get_by_label("Code à 6 chiffres affiché par l'application").fill(
        totp.generate(key, time.time())
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Activer").click()
    audited.audit()
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les codes (fichier texte)").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in saved for code in codes)
    with page.expect_navigation():
        page.get_by_role("link", name="J'ai mis mes codes de côté, continuer").click()
    audited.audit()
    assert "/dossiers/aujourdhui/" in page.url

    log_out(audited)
    audited.login(user.email)
    assert page.url.endswith("/compte/connexion/code/")
    # The next step's code: the one of enrolment may still be the current one, used already.
    page.get_by_label("Code de vérification").fill(totp.generate(key, time.time() + 30))
    with page.expect_navigation():
        page.get_by_role("button", name="Valider").click()
    audited.audit()
    assert "/dossiers/aujourdhui/" in page.url

    log_out(audited)
    audited.login(user.email)
    page.get_by_label("Code de vérification").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Valider").click()
    audited.audit()
    expect(page.get_by_text("Il vous en reste 9.")).to_be_visible()


def test_an_idle_session_warns_then_ends_on_the_login_page(audited, transactional_db, settings):
    settings.SESSION_IDLE_SECONDS = 12
    settings.SESSION_REFRESH_SECONDS = 1
    settings.SESSION_IDLE_WARNING_SECONDS = 8
    settings.SESSION_COOKIE_AGE = 30  # the store outlives the limit, as in production
    membership = MembershipFactory(role="coordinator")
    page = audited.page

    audited.login(membership.user.email)
    dialog = page.get_by_role("alertdialog", name="Êtes-vous toujours là ?")
    expect(dialog).to_be_visible(timeout=10000)
    expect(dialog).to_contain_text("Votre session va expirer dans 1 minute")
    audited.audit()  # the dialog open
    url = page.url

    dialog.get_by_role("button", name="Rester connecté·e").click()
    expect(dialog).to_be_hidden()
    assert page.url == url

    expect(dialog).to_be_visible(timeout=10000)
    page.wait_for_url(re.compile(r"/compte/connexion/\?next="), timeout=15000)
    audited.audit()
    expect(
        page.get_by_text("Votre session a été fermée après 1 minute sans activité")
    ).to_be_visible()


def test_the_coordination_requires_it_and_is_the_first_sent_to_enrolment(audited, transactional_db):
    service = OrganisationFactory(name="Service prudent", slug="service-prudent")
    coordinator = MembershipFactory(
        organisation=service, role="coordinator", user=UserFactory(email="coord@exemple.fr")
    )
    MembershipFactory(organisation=service, role="reception")
    page = audited.page

    audited.login(coordinator.user.email)
    page.locator("#nav-principale .dropdown-toggle").last.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Sécurité du service").click()
    audited.audit()
    expect(page.get_by_role("cell", name="pas encore activée")).to_have_count(2)

    page.get_by_label("Double authentification obligatoire pour l'équipe salariée").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    audited.audit()
    assert page.url.endswith(MFA_PATH)
    expect(page.get_by_text("obligatoire pour votre rôle")).to_be_visible()
