"""Entry that survives a bad connection, on a phone (360×740): a night correspondent opens quick
entry, loses the network in a hall, logs three interventions, closes the page and opens it
again — still without a network, served by the service worker — then the network comes back:
each entry is recorded exactly once, by its client id. Sending the same outbox again records
nothing more. An edit made offline over a newer one is refused, both shown. Every page visited
is audited (docs/adr/0012-saisie-hors-connexion.md)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palabre.field import actions
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.models import Intervention, Shift
from palabre.field.territory import Place
from palabre.organisations.models import Membership
from tests.e2e.conftest import Audited
from tests.e2e.test_field_journeys import PHONE, settled, the_night_service

pytestmark = pytest.mark.e2e

READ_OUTBOX = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("palabre-terrain", 1);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const reading = opening.result.transaction("outbox").objectStore("outbox").getAll();
    reading.onerror = () => reject(reading.error);
    reading.onsuccess = () => { opening.result.close(); resolve(reading.result); };
  };
})"""

WRITE_OUTBOX = """(entries) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("palabre-terrain", 1);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const transaction = opening.result.transaction("outbox", "readwrite");
    entries.forEach((entry) => transaction.objectStore("outbox").put(entry));
    transaction.oncomplete = () => { opening.result.close(); resolve(); };
    transaction.onerror = () => reject(transaction.error);
  };
})"""

TYPES = ["Bruit nocturne", "Occupation des parties communes", "Bruit nocturne"]


@pytest.fixture
def phone_context(browser):
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True, service_workers="allow"
    )
    yield context
    context.close()


def open_phone(context, live_server):
    page = context.new_page()
    page.set_default_timeout(15000)
    return Audited(page, live_server.url)


def waiting(page):
    return page.locator("[data-outbox-waiting]")


def test_entries_made_without_network_survive_the_tab_and_are_recorded_once(
    phone_context, live_server, transactional_db
):
    correspondent = the_night_service()
    phone = open_phone(phone_context, live_server)
    phone.login(correspondent.user.email)
    phone.goto("/terrain/saisie/")
    page = phone.page
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")
    # The service worker keeps the page and its files for the next time without a network.
    expect(page.locator("[data-outbox]")).to_have_attribute("data-offline-ready", "true")
    expect(page.get_by_text("Cette page s'ouvre aussi sans réseau.")).to_be_visible()

    # In the hall: no network. Three entries, each kept on the phone.
    phone_context.set_offline(True)
    for kind in TYPES:
        page.get_by_text(kind, exact=True).click()
        page.get_by_role("button", name="Enregistrer l'intervention").click()
        expect(page.locator("[data-outbox-message]")).to_contain_text(
            "Saisie gardée sur ce téléphone : "
        )
    expect(waiting(page)).to_have_text("3 saisies en attente d'envoi")
    expect(page.locator("[data-outbox-network]")).to_contain_text("Pas de réseau")
    settled(phone)
    kept = page.evaluate(READ_OUTBOX)
    client_ids = {entry["id"] for entry in kept}
    assert len(client_ids) == 3, "each entry has its own client id"
    assert not Intervention.objects.exists()

    # The tab is closed; opened again, still without a network.
    page.close()
    phone = open_phone(phone_context, live_server)
    phone.goto("/terrain/saisie/")
    page = phone.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisie rapide")
    expect(waiting(page)).to_have_text("3 saisies en attente d'envoi")
    pending = page.locator("[data-outbox-pending] li")
    expect(pending).to_have_count(3)
    expect(pending.first).to_contain_text("Bruit nocturne")
    assert not Intervention.objects.exists()

    # Out of the hall: the network comes back, the outbox goes.
    phone_context.set_offline(False)
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi", timeout=40000)
    expect(page.locator("[data-outbox-message]")).to_have_text("3 saisies envoyées.")
    expect(page.get_by_role("heading", name="3 interventions sur la tournée")).to_be_visible()
    settled(phone)
    for client_id in client_ids:
        assert Intervention.objects.filter(client_id=client_id).count() == 1
    assert Intervention.objects.count() == 3
    assert sorted(i.get_type_display() for i in Intervention.objects.all()) == sorted(TYPES)
    assert all(i.recorded_by == correspondent for i in Intervention.objects.all())

    # The same outbox sent again (a phone restored from a copy, a retry gone mad): nothing twice.
    page.evaluate(WRITE_OUTBOX, kept)
    phone.goto("/terrain/saisie/")  # the page sends its outbox as it opens
    expect(page.locator("[data-outbox-message]")).to_have_text("3 saisies envoyées.")
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")
    assert page.evaluate(READ_OUTBOX) == []
    assert Intervention.objects.count() == 3
    expect(page.get_by_role("heading", name="3 interventions sur la tournée")).to_be_visible()


def test_an_entry_refused_by_the_server_stays_on_the_phone_to_correct(
    phone_context, live_server, transactional_db
):
    correspondent = the_night_service()
    phone = open_phone(phone_context, live_server)
    phone.login(correspondent.user.email)
    phone.goto("/terrain/saisie/")
    page = phone.page
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")

    # A time outside the shift: refused, kept, shown with the server's French message.
    page.get_by_text("Bruit nocturne", exact=True).click()
    page.get_by_text("Plus de détails", exact=False).click()
    page.get_by_label("Heure").fill(_clock(9))
    page.get_by_role("button", name="Enregistrer l'intervention").click()
    problems = page.locator("[data-outbox-problems]")
    expect(problems).to_contain_text("L'heure doit tomber pendant la tournée")
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")
    settled(phone)
    assert not Intervention.objects.exists()

    # Corrected: the same entry, its time now within the shift, is recorded once.
    problems.get_by_role("button", name="Corriger").click()
    expect(page.get_by_label("Note pour l'équipe")).to_be_visible()
    page.get_by_label("Heure").fill(_clock())
    page.get_by_role("button", name="Enregistrer l'intervention").click()
    expect(page.locator("[data-outbox-message]")).to_contain_text("Intervention enregistrée")
    expect(problems).to_be_empty()
    settled(phone)
    assert Intervention.objects.count() == 1


def _clock(hours_from_now=0):
    """« 23:40 » in Paris, ``hours_from_now`` away: the shift runs from two hours ago to four
    hours from now, so nine hours away is outside it whatever the day."""
    return (timezone.localtime() + dt.timedelta(hours=hours_from_now)).strftime("%H:%M")


def test_an_edit_made_offline_over_a_newer_one_is_refused_and_both_are_shown(
    phone_context, live_server, transactional_db
):
    correspondent = the_night_service()
    shift = Shift.objects.get(members=correspondent)
    coordinator = Membership.objects.get(organisation=shift.organisation, role="coordinator")
    intervention = actions.record_intervention(
        shift=shift,
        by=correspondent,
        happened_at=timezone.now() - dt.timedelta(minutes=30),
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(quartier=shift.quartiers.get()),
        note="Calme",
    )
    phone = open_phone(phone_context, live_server)
    phone.login(correspondent.user.email)
    phone.goto("/terrain/saisie/")
    page = phone.page
    with page.expect_navigation():
        page.get_by_role("link", name="Modifier : Bruit nocturne").click()
    phone.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier l'intervention")
    expect(page.locator("[data-outbox]")).to_have_attribute("data-offline-ready", "true")

    # Offline, the correspondent changes the note; meanwhile the coordination changes it too.
    phone_context.set_offline(True)
    page.get_by_label("Note pour l'équipe").fill("Rien à signaler")
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page.locator("[data-outbox-message]")).to_contain_text("Modification gardée")
    expect(waiting(page)).to_have_text("1 saisie en attente d'envoi")
    actions.change_intervention(
        intervention=intervention, by=coordinator, version=1, note="Revenir à 2 h"
    )

    # Back online: refused, both shown, nothing overwritten.
    phone_context.set_offline(False)
    problems = page.locator("[data-outbox-problems]")
    expect(problems).to_contain_text("votre modification n'est pas appliquée", timeout=40000)
    table = problems.get_by_role("table")
    expect(table.get_by_role("row", name="Note (diffère)")).to_contain_text("Revenir à 2 h")
    expect(table.get_by_role("row", name="Note (diffère)")).to_contain_text("Rien à signaler")
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")
    settled(phone)
    intervention.refresh_from_db()
    assert (intervention.note, intervention.version) == ("Revenir à 2 h", 2)

    # Having seen both, the correspondent takes their edit up again: now it replaces the other.
    problems.get_by_role("button", name="Corriger").click()
    expect(page.get_by_label("Note pour l'équipe")).to_have_value("Rien à signaler")
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page.locator("[data-outbox-message]")).to_contain_text("Intervention modifiée")
    expect(problems).to_be_empty()
    settled(phone)
    intervention.refresh_from_db()
    assert (intervention.note, intervention.version) == ("Rien à signaler", 3)


def test_entries_kept_while_the_session_has_ended_are_sent_after_logging_in_again(
    phone_context, live_server, transactional_db
):
    correspondent = the_night_service()
    phone = open_phone(phone_context, live_server)
    phone.login(correspondent.user.email)
    phone.goto("/terrain/saisie/")
    page = phone.page
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")

    # The session ends (idle, or the cookies are gone) while the page stays open.
    phone_context.clear_cookies()
    for kind in TYPES[:2]:
        page.get_by_text(kind, exact=True).click()
        page.get_by_role("button", name="Enregistrer l'intervention").click()
        expect(page.locator("[data-outbox-network]")).to_contain_text("Votre session a expiré")
    expect(waiting(page)).to_have_text("2 saisies en attente d'envoi")
    settled(phone)
    assert not Intervention.objects.exists()

    with page.expect_navigation():
        page.get_by_role("link", name="Se reconnecter").click()
    phone.audit()
    page.get_by_label("Adresse e-mail").fill(correspondent.user.email)
    page.get_by_label("Mot de passe").fill("palabre-test")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    phone.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisie rapide")
    expect(page.locator("[data-outbox-message]")).to_have_text("2 saisies envoyées.")
    expect(waiting(page)).to_have_text("0 saisie en attente d'envoi")
    assert Intervention.objects.count() == 2
