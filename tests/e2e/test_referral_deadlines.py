"""The time limits in the browser (docs/adr/0020): the police desk sends two people on Monday 1
March 2027; the coordination tries to reach the second on day 5 and takes it up; on day 10
(clock moved, ``manage.py remind_referrals`` then the task worker) the coordination is reminded
of the first only, and sees it late on « Aujourd'hui »; on day 30 the first is closed « sans
réponse dans le délai », and the police portal shows it, with the service's delays as an
aggregate. Every page visited is audited by axe-core.

The clock is ``timezone.now()`` pinned in this process, which the live server's thread shares:
the command and the worker run here, on that clock, as cron and ``db_worker`` would. A session
does not outlive ten days of clock: each step logs in again, in a new browser context."""

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from palabre.partners.models import Contact, Partner, PartnerKind
from palabre.referrals.models import Decision, Referral
from palabre.referrals.tests import conftest as support

clock = support.clock
days_after = support.days_after


def person(organisation, role, first_name, last_name):
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        organisation=organisation,
        role=role,
    )


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=True).first.click()
    audited.audit()


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sms.jsonl"
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    service.phone = "02 99 00 11 22"
    service.save()
    CommuneFactory(organisation=service, name="Rennes")
    coordinator = person(service, "coordinator", "Maëlle", "Rouxel")
    police = Partner.objects.create(
        organisation=service, kind=PartnerKind.POLICE, name="Commissariat de Rennes"
    )
    agent = person(service, "partner", "Yann", "Le Bris")
    Contact.objects.create(
        organisation=service, partner=police, first_name="Yann", last_name="Le Bris",
        membership=agent,
    )  # fmt: skip
    return {"service": service, "coordinator": coordinator, "agent": agent, "sms": tmp_path}


def fresh(audited, browser, live_server, email):
    """A new browser, logged in: the clock moved past the session's life."""
    context = browser.new_context(locale="fr-FR")
    page = type(audited)(context.new_page(), live_server.url)
    page.page.set_default_timeout(15000)
    page.login(email)
    return context, page


def send_referral(audited, last_name, first_name, phone):
    click(audited, "link", "Adresser une personne")
    page = audited.page
    page.get_by_role("textbox", name="Nom", exact=True).fill(last_name)
    page.get_by_role("textbox", name="Prénom", exact=True).fill(first_name)
    page.get_by_label("Téléphone").fill(phone)
    page.get_by_label("Commune").select_option(label="Rennes")
    page.get_by_label("Type de conflit").select_option(label="Bruit")
    page.get_by_label("La personne accepte d'être contactée par le service de médiation").check()
    page.get_by_label("La personne accepte que nous soyons informés", exact=False).check()
    click(audited, "button", "Envoyer l'orientation")
    expect(page.get_by_role("status").first).to_contain_text("L'orientation est envoyée")


def remind_then_work():
    call_command("remind_referrals", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def row_of(page, name):
    return page.get_by_role("row").filter(has_text=name)


def test_a_police_referral_waits_is_reminded_at_day_ten_and_closed_at_day_thirty(
    audited, browser, live_server, world, clock, mailoutbox
):
    coordinator, agent = world["coordinator"], world["agent"]

    # Day 0: the police desk sends two people.
    audited.login(agent.user.email)
    send_referral(audited, "Lefèvre", "Hélène", "06 11 22 33 44")
    send_referral(audited, "Girard", "Noël", "06 55 66 77 88")
    waiting = Referral.objects.get(requester_last_name="Lefèvre")
    answered = Referral.objects.get(requester_last_name="Girard")

    # Day 5: the coordination calls Noël Girard, then takes the request up.
    clock(days_after(5, hours=1))
    context, staff = fresh(audited, browser, live_server, coordinator.user.email)
    click(staff, "link", "Orientations")
    click(staff, "link", "Délais de réponse")
    expect(staff.page.get_by_label("Premier contact tenté dans les (jours)")).to_have_value("10")
    expect(staff.page.get_by_label("Décision prise dans les (jours)")).to_have_value("30")
    click(staff, "link", "Orientations")
    expect(row_of(staff.page, "Hélène Lefèvre")).to_contain_text("décision avant le 31/03/2027")
    click(staff, "link", "Noël Girard")
    staff.page.get_by_label("Moyen utilisé").select_option(label="Téléphone")
    click(staff, "button", "Enregistrer le premier contact")
    expect(staff.page.get_by_role("status").first).to_contain_text("premier contact est enregistré")
    expect(staff.page.get_by_text("le 06/03/2027 10:00, téléphone")).to_be_visible()
    click(staff, "button", "Accepter et ouvrir le dossier")
    context.close()
    mailoutbox.clear()

    # Day 10: the command and the worker; the coordination is reminded of Hélène Lefèvre only.
    clock(days_after(10, minutes=5))
    remind_then_work()
    [reminder] = mailoutbox
    assert reminder.to == [coordinator.user.email]
    assert f"/orientations/{waiting.pk}/" in reminder.body
    assert "Lefèvre" not in reminder.body and "Girard" not in reminder.body
    context, staff = fresh(audited, browser, live_server, coordinator.user.email)
    staff.goto("/dossiers/aujourdhui/")
    card = staff.page.locator("section.card").filter(has_text="Orientations à traiter")
    expect(card).to_contain_text("dont 1 en retard")
    expect(card.get_by_role("listitem").filter(has_text="Hélène Lefèvre")).to_contain_text(
        "En retard"
    )
    expect(card).not_to_contain_text("Noël Girard")
    context.close()

    # Day 30: the limit. Closed with its reason; the police desk and the person are told.
    clock(days_after(30, minutes=5))
    remind_then_work()
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert waiting.decision == Decision.LAPSED and answered.decision == Decision.ACCEPTED
    assert agent.user.email in [m.to[0] for m in mailoutbox]
    sent = [json.loads(line) for line in (world["sms"] / "sms.jsonl").read_text().splitlines()]
    # Noël Girard was sent the link to book when his request was taken up (docs/adr/0026);
    # Hélène Lefèvre, one message: how to come back.
    assert sorted(sms["to"] for sms in sent) == ["+33611223344", "+33655667788"]
    [sms] = [sms for sms in sent if sms["to"] == "+33611223344"]
    assert "02 99 00 11 22" in sms["text"]

    context, police = fresh(audited, browser, live_server, agent.user.email)
    expect(row_of(police.page, "Hélène Lefèvre")).to_contain_text(
        "Close sans réponse dans le délai"
    )
    expect(row_of(police.page, "Noël Girard")).to_contain_text("Prise en charge par le service")
    section = police.page.get_by_role(
        "region", name="Délais de réponse aux orientations et demandes, en jours"
    )
    expect(section).to_contain_text("Vos orientations")
    context.close()

    context, staff = fresh(audited, browser, live_server, coordinator.user.email)
    staff.goto("/orientations/?suite=LAPSED")
    expect(row_of(staff.page, "Hélène Lefèvre")).to_contain_text("Close sans réponse dans le délai")
    click(staff, "link", "Hélène Lefèvre")
    expect(staff.page.get_by_text("Orientation close sans réponse dans le délai")).to_be_visible()
    context.close()
    assert audited.audited
