"""Booking by the office, by a partner account and by a resident online; who may do what."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from palabre.cases.tests.factories import QuartierFactory
from palabre.partners.models import Contact
from palabre.partners.tests.factories import PartnerFactory, VenueFactory
from palabre.permanences import actions
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Frequency,
    NoticeKind,
)
from palabre.permanences.tests.conftest import MONDAY, at

TUESDAY = MONDAY + dt.timedelta(days=1)
SLOT = "2026-12-08T14:45"
ROLES = ["admin", "coordinator", "reception", "mediator", "board", "partner", "network_staff"]


@pytest.fixture
def partner_account(service, member):
    partner = PartnerFactory(organisation=service, name="Archipel Habitat")
    membership = member("partner")
    Contact.objects.create(
        organisation=service, partner=partner, first_name="A", last_name="B", membership=membership
    )
    return membership


def member_in(role, member, partner_account):
    return partner_account if role == "partner" else member(role)


@pytest.mark.parametrize("role", ROLES)
def test_office_booking_pages_by_role(role, member, partner_account, login, occurrence):
    client = login(member_in(role, member, partner_account))
    allowed = role in ("admin", "coordinator", "reception")
    for url in (reverse("permanences:choose"), reverse("permanences:book", args=[occurrence.pk])):
        assert client.get(url).status_code == (200 if allowed else 404), url


@pytest.mark.parametrize("role", ROLES)
def test_partner_booking_pages_by_role(role, member, partner_account, login, occurrence):
    client = login(member_in(role, member, partner_account))
    allowed = role == "partner"
    for url in (
        reverse("permanences:partner"),
        reverse("permanences:partner_book", args=[occurrence.pk]),
    ):
        assert client.get(url).status_code == (200 if allowed else 404), url


def test_a_foreign_session_is_not_found(login, other_service, member, coordinator, clock):
    venue = VenueFactory(organisation=other_service)
    foreign = actions.create_permanence(
        organisation=other_service,
        by=member("coordinator", other_service),
        venue=venue,
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        valid_from=MONDAY,
    ).occurrences.first()
    client = login(coordinator)
    assert client.get(reverse("permanences:book", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("permanences:visits", args=[foreign.pk])).status_code == 404


def test_reception_books_a_slot_for_a_first_contact(login, member, occurrence):
    client = login(member("reception"))
    url = reverse("permanences:book", args=[occurrence.pk])
    response = client.post(
        url, {"slot": SLOT, "last_name": "Le Gall", "notify_by": "SMS", "phone": "0612345678"}
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.state, appointment.channel) == (AppointmentState.BOOKED, "STAFF")
    assert appointment.notices.filter(kind=NoticeKind.CONFIRMATION, channel="SMS").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slot": SLOT}, "au moins le nom"),
        ({"slot": SLOT, "last_name": "X", "notify_by": "EMAIL"}, "adresse e-mail"),
        ({"slot": "2026-12-08T15:00", "last_name": "X"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_booking_input_says_why_and_saves_nothing(
    login, coordinator, occurrence, data, message
):
    response = login(coordinator).post(reverse("permanences:book", args=[occurrence.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_slot_taken_meanwhile_is_no_longer_offered(login, coordinator, occurrence):
    actions.book(
        occurrence=occurrence,
        starts_at=at(TUESDAY, 14, 45),
        channel=BookingChannel.STAFF,
        last_name="Premier",
    )
    response = login(coordinator).post(
        reverse("permanences:book", args=[occurrence.pk]), {"slot": SLOT, "last_name": "Second"}
    )
    assert response.status_code == 200
    assert Appointment.objects.count() == 1


def test_booking_for_a_case_links_it_and_takes_the_requester(login, coordinator, case, occurrence):
    url = reverse("permanences:book", args=[occurrence.pk]) + f"?dossier={case.pk}"
    response = login(coordinator).post(url, {"slot": SLOT})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    appointment = Appointment.objects.get()
    assert (appointment.case, appointment.party) == (case, case.requester())
    assert appointment.last_name == case.requester().last_name


def test_a_partner_books_for_a_person_and_sees_only_its_bookings(
    login, partner_account, occurrence, service
):
    other = PartnerFactory(organisation=service, name="Néotoa")
    actions.book(
        occurrence=occurrence,
        starts_at=at(TUESDAY, 14),
        channel=BookingChannel.PARTNER,
        partner=other,
        last_name="Autrepartenaire",
    )
    client = login(partner_account)
    response = client.post(
        reverse("permanences:partner_book", args=[occurrence.pk]),
        {"slot": SLOT, "last_name": "Orientée", "notify_by": "EMAIL", "email": "p@example.org"},
    )
    assert response.status_code == 302
    mine = Appointment.objects.get(last_name="Orientée")
    assert mine.channel == BookingChannel.PARTNER and mine.partner.name == "Archipel Habitat"
    page = client.get(reverse("permanences:partner")).content.decode()
    assert "Orientée" in page
    assert "Autrepartenaire" not in page


# --- The resident's way in ----------------------------------------------------------------------


@pytest.fixture
def public_service(service, permanence, clock):
    cache.clear()
    yield service
    cache.clear()


def test_the_finder_lists_public_permanences_by_quartier(client, service, coordinator, permanence):
    villejean = QuartierFactory(commune=permanence.venue.commune, name="Villejean - Beauregard")
    cadran = VenueFactory(
        organisation=service, name="Le Cadran", commune=permanence.venue.commune, quartier=villejean
    )
    actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=cadran,
        weekday=2,
        frequency=Frequency.WEEKS_OF_MONTH,
        weeks_of_month="2,4",
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        valid_from=MONDAY,
    )
    hidden = VenueFactory(organisation=service, name="Bureau interne")
    actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=hidden,
        weekday=3,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        valid_from=MONDAY,
        is_public=False,
    )
    url = reverse("rdv:finder", args=[service.slug])
    page = client.get(url).content.decode()
    assert "Maison du Ronceray" in page and "Le Cadran" in page
    assert "Bureau interne" not in page
    assert "Les 2e et 4e mercredis du mois, de 9 h à 12 h" in page
    filtered = client.get(url, {"quartier": str(villejean.pk)}).content.decode()
    assert "Le Cadran" in filtered and "Maison du Ronceray" not in filtered


def test_a_resident_books_confirms_and_cancels(client, public_service, occurrence):
    url = reverse("rdv:book", args=[public_service.slug, occurrence.pk])
    response = client.post(
        url,
        {
            "slot": SLOT,
            "first_name": "Éloïse",
            "last_name": "Le Gall",
            "notify_by": "EMAIL",
            "email": "eloise@example.org",
        },
    )
    appointment = Appointment.objects.get()
    assert response["Location"] == reverse("rdv:confirm", args=[appointment.secret])
    assert appointment.state == AppointmentState.PENDING
    confirm_page = client.get(response["Location"]).content.decode()
    assert "e***@example.org" in confirm_page
    code = appointment.notices.get(kind=NoticeKind.CODE).code
    wrong = client.post(response["Location"], {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 400 and "ne correspond pas" in wrong.content.decode()
    right = client.post(response["Location"], {"code": code})
    assert right["Location"] == reverse("rdv:manage", args=[appointment.secret])
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED
    manage = client.get(right["Location"]).content.decode()
    assert "Maison du Ronceray" in manage and "Le Gall" not in manage
    client.post(right["Location"])
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED


def test_public_booking_needs_a_contact_and_a_name(client, public_service, occurrence):
    url = reverse("rdv:book", args=[public_service.slug, occurrence.pk])
    response = client.post(url, {"slot": SLOT, "notify_by": "SMS"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "numéro de portable" in body
    assert not Appointment.objects.exists()


def test_public_pages_answer_404_for_unknown_or_private(client, public_service, occurrence):
    assert client.get(reverse("rdv:manage", args=["nope"])).status_code == 404
    assert client.get(reverse("rdv:finder", args=["inconnu"])).status_code == 404
    permanence = occurrence.permanence
    permanence.is_public = False
    permanence.save()
    url = reverse("rdv:book", args=[public_service.slug, occurrence.pk])
    assert client.get(url).status_code == 404


def test_public_booking_is_limited_per_address(client, public_service, occurrence, settings):
    url = reverse("rdv:book", args=[public_service.slug, occurrence.pk])
    statuses = [client.post(url, {"slot": "bad"}).status_code for _ in range(6)]
    assert statuses[-1] == 429


def test_the_case_page_shows_its_appointments_and_offers_to_book(
    login, coordinator, case, occurrence
):
    actions.book(
        occurrence=occurrence,
        starts_at=at(TUESDAY, 14),
        channel=BookingChannel.STAFF,
        case=case,
    )
    page = login(coordinator).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Rendez-vous en permanence" in page
    assert "08/12/2026 14h00 — Maison du Ronceray" in page
    assert f"{reverse('permanences:choose')}?dossier={case.pk}" in page
    offer = login(coordinator).get(reverse("permanences:choose"), {"dossier": case.pk})
    assert f"dossier={case.pk}" in offer.content.decode()


def test_the_link_of_a_booking_waiting_for_its_code_leads_to_the_code(
    client, public_service, occurrence
):
    appointment = actions.book(
        occurrence=occurrence,
        starts_at=at(TUESDAY, 14),
        channel=BookingChannel.PUBLIC,
        last_name="Attente",
        notify_by="EMAIL",
        email="a@example.org",
    )
    response = client.get(reverse("rdv:manage", args=[appointment.secret]))
    assert response["Location"] == reverse("rdv:confirm", args=[appointment.secret])


def test_the_office_sees_free_slots_grouped_by_venue(login, coordinator, service, permanence):
    other = VenueFactory(organisation=service, name="Le Cadran")
    actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=other,
        weekday=2,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        valid_from=MONDAY,
    )
    page = login(coordinator).get(reverse("permanences:choose")).content.decode()
    assert page.count(">Le Cadran <") == 1
    assert page.count(">Maison du Ronceray <") == 1
    assert page.index(">Le Cadran <") < page.index(">Maison du Ronceray <")


def test_today_shows_the_weeks_sessions(login, coordinator, member, mediators, occurrence):
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    actions.book(
        occurrence=occurrence, starts_at=at(TUESDAY, 14), channel=BookingChannel.STAFF,
        last_name="Attendue",
    )  # fmt: skip
    page = login(coordinator).get(reverse("cases:today")).content.decode()
    assert "Permanences des 7 prochains jours" in page
    assert "1 rendez-vous · moins de deux médiateurs" in page
    own = login(mediators[0]).get(reverse("cases:today")).content.decode()
    assert reverse("permanences:occurrence", args=[occurrence.pk]) in own
    other = login(mediators[1]).get(reverse("cases:today")).content.decode()
    assert reverse("permanences:occurrence", args=[occurrence.pk]) not in other
    assert (
        "Permanences des 7 prochains jours"
        not in login(member("board")).get(reverse("cases:today")).content.decode()
    )
