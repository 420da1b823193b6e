"""Permanence journeys: a resident finds a permanence in Villejean and books a slot without an
account; the coordinator staffs next month's sessions; a mediator records the visits of a
session and opens a case for one of the people who came. Every page visited is audited."""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.models import Case
from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
    UserFactory,
)
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions, delivery
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Duty,
    Occurrence,
)


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


def the_service():
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    coordinator = person(service, "coordinator", "Maëlle", "Rouxel")
    venues = {
        "villejean": VenueFactory(
            organisation=service,
            name="Le Cadran",
            address="11 avenue André Mussat",
            commune=rennes,
            quartier=QuartierFactory(commune=rennes, name="Villejean - Beauregard"),
        ),
        "centre": VenueFactory(
            organisation=service,
            name="Jeu de Paume",
            address="12 rue Saint-Louis",
            commune=rennes,
            quartier=QuartierFactory(commune=rennes, name="Centre"),
        ),
    }
    return service, coordinator, venues


def weekly(service, coordinator, venue, *, weekday, valid_from, hours=(14, 17)):
    return actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=weekday,
        starts_at=dt.time(hours[0]),
        ends_at=dt.time(hours[1]),
        slot_minutes=45,
        valid_from=valid_from,
    )


def test_a_resident_finds_a_permanence_in_villejean_and_books_without_an_account(
    audited, transactional_db
):
    service, coordinator, venues = the_service()
    today = timezone.localdate()
    soon = today + dt.timedelta(days=3)
    for venue in venues.values():
        weekly(service, coordinator, venue, weekday=soon.weekday(), valid_from=today)

    audited.goto(f"/rendez-vous/{service.slug}/")
    page = audited.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Médiation Rennes")
    page.get_by_label("Quartier").select_option(label="Villejean - Beauregard")
    click(audited, "button", "Afficher")
    expect(page.get_by_role("heading", name="Le Cadran")).to_be_visible()
    expect(page.get_by_role("heading", name="Jeu de Paume")).to_have_count(0)
    click(audited, "link", "14h45", exact=False)

    expect(page.get_by_label("14 h 45")).to_be_checked()
    page.get_by_role("textbox", name="Nom", exact=True).fill("Le Gall")
    page.get_by_role("textbox", name="Prénom", exact=True).fill("Éloïse")
    page.get_by_label("E-mail", exact=True).check()
    click(audited, "button", "Recevoir mon code")
    expect(page.get_by_role("alert")).to_contain_text("rien n'a été enregistré")
    page.get_by_label("Adresse e-mail").fill("eloise.legall@exemple.fr")
    click(audited, "button", "Recevoir mon code")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmez votre rendez-vous")
    expect(page.get_by_text("e***@exemple.fr", exact=False)).to_be_visible()

    # The outbox sends the code by e-mail; the message carries no name.
    assert delivery.send_due() == 1
    message = mail.outbox[-1]
    assert message.to == ["eloise.legall@exemple.fr"]
    assert "Le Gall" not in message.body and "Éloïse" not in message.body
    code = re.search(r"(\d{6})", message.subject).group(1)

    page.get_by_label("Code reçu").fill(code)
    click(audited, "button", "Confirmer")
    expect(page.get_by_role("status").first).to_contain_text("Votre rendez-vous est confirmé")
    expect(page.get_by_role("definition").filter(has_text="Le Cadran")).to_be_visible()
    appointment = Appointment.objects.get()
    assert appointment.state == AppointmentState.BOOKED
    assert appointment.channel == BookingChannel.PUBLIC

    # The person cannot come after all: the link cancels and frees the slot.
    click(audited, "button", "Annuler mon rendez-vous")
    expect(page.get_by_role("status").first).to_contain_text("Votre rendez-vous est annulé")
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED


def test_the_coordinator_staffs_next_months_sessions(audited, transactional_db):
    service, coordinator, venues = the_service()
    today = timezone.localdate()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    permanence = weekly(
        service, coordinator, venues["villejean"], weekday=next_month.weekday(), valid_from=today
    )
    pair = [
        person(service, "mediator", "Sophie", "Le Goff"),
        person(service, "mediator", "Jean", "Nguyen"),
    ]
    for mediator in pair:
        actions.set_availability(
            mediator=mediator, windows=[(next_month.weekday(), dt.time(13), dt.time(18))]
        )
    first = permanence.occurrences.filter(planned_on__gte=next_month).order_by("starts_at")[0]

    audited.login(coordinator.user.email)
    click(audited, "link", "Permanences")
    click(audited, "link", "Planning de l'équipe")
    page = audited.page
    row = page.get_by_role("row").nth(1)
    expect(row).to_contain_text("Moins de deux médiateurs")
    for name in ("Sophie Le Goff", "Jean Nguyen"):
        row = page.get_by_role("row").nth(1)
        row.get_by_role("combobox").select_option(label=name)
        with page.expect_navigation():
            row.get_by_role("button", name="Ajouter").click()
        audited.audit()
    row = page.get_by_role("row").nth(1)
    expect(row).to_contain_text("Sophie Le Goff")
    expect(row).to_contain_text("Jean Nguyen")
    expect(row).not_to_contain_text("Moins de deux médiateurs")
    assert set(Duty.objects.filter(occurrence=first).values_list("mediator", flat=True)) == {
        m.pk for m in pair
    }


def test_a_mediator_records_the_visits_and_opens_a_case(audited, transactional_db):
    service, coordinator, venues = the_service()
    today = timezone.localdate()
    start = today - dt.timedelta(days=14)
    permanence = weekly(
        service, coordinator, venues["villejean"], weekday=today.weekday(), valid_from=start
    )
    actions.plan(permanence, today=start)
    session = Occurrence.objects.get(permanence=permanence, planned_on=today - dt.timedelta(7))
    mediator = person(service, "mediator", "Sophie", "Le Goff")
    partner = person(service, "mediator", "Jean", "Nguyen")
    for member in (mediator, partner):
        Duty.objects.create(organisation=service, occurrence=session, mediator=member)
    for minutes, last_name in ((0, "Martin"), (45, "Durand")):
        Appointment.objects.create(
            organisation=service,
            occurrence=session,
            starts_at=session.starts_at + dt.timedelta(minutes=minutes),
            state=AppointmentState.BOOKED,
            channel=BookingChannel.STAFF,
            first_name="Paul" if last_name == "Martin" else "Lina",
            last_name=last_name,
            secret=f"secret-{last_name}",
        )

    audited.login(mediator.user.email)
    audited.goto(f"/permanences/seances/{session.pk}/")
    page = audited.page
    expect(page.get_by_role("cell", name="Paul Martin")).to_be_visible()
    click(audited, "link", "Saisir les passages")
    page.get_by_role("group", name="14h00 — Paul Martin").get_by_label("Venu").check()
    page.get_by_role("group", name="14h45 — Lina Durand").get_by_label("Absent").check()
    page.get_by_label("Personnes informées ou orientées sans ouvrir de dossier").fill("2")
    click(audited, "button", "Enregistrer les passages")
    expect(page.get_by_role("status").first).to_contain_text("Les passages sont enregistrés")

    click(audited, "link", "Dossier Paul Martin")
    expect(page.get_by_role("textbox", name="Nom", exact=True).first).to_have_value("Martin")
    page.get_by_label("Origine de la saisine").select_option(label="Démarche personnelle")
    page.get_by_label("Motif principal").select_option(label="Bruit")
    click(audited, "button", "Ouvrir le dossier")
    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    expect(page.get_by_role("region", name="Rendez-vous en permanence")).to_contain_text("Venu")
    assert {m.pk for m in case.active_mediators()} == {mediator.pk, partner.pk}
    session.refresh_from_db()
    assert session.informed_count == 2
    assert Appointment.objects.get(last_name="Durand").state == AppointmentState.NO_SHOW
