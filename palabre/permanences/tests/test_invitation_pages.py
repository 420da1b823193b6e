"""The pages of an invitation's link, without an account (docs/adr/0026): the person books a slot
at a permanence, asks to be called back or declines; the case learns the result; the link serves
once and says in French when it no longer serves; nothing of the case shows on any of its pages."""

import datetime as dt
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import codes, invitation_actions, invitation_links
from palabre.cases.invitations import Answer
from palabre.cases.models import ContactAttempt
from palabre.cases.tests.factories import CaseFactory
from palabre.cases.tests.invitation_support import to_contact_stage, words_of_the_case
from palabre.core.models import JournalEntry
from palabre.core.tests import pdfcheck
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions
from palabre.permanences.forms.booking import slot_key
from palabre.permanences.models import Appointment, AppointmentState, BookingChannel, Notice

from .conftest import MONDAY, at


@pytest.fixture
def case(service, coordinator, member, clock, permanence):
    opened = CaseFactory(
        organisation=service, by=coordinator, opened_on=MONDAY - dt.timedelta(days=30)
    )
    return to_contact_stage(opened, coordinator=coordinator, mediator=member("mediator"))


@pytest.fixture
def invitation(case, coordinator):
    return invitation_actions.invite_by_letter(
        case=case, party=case.other_parties()[0], by=coordinator
    )


@pytest.fixture
def token(invitation):
    return invitation_links.token_of(invitation)


def url(name, token, *args):
    return reverse(f"rdv:{name}", args=[token, *args])


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def shows_nothing_of_the_case(response, case):
    text = response.content.decode()
    found = [word for word in words_of_the_case(case) if word in text]
    assert not found, f"{response.request['PATH_INFO']} shows {found}"
    return text


def test_the_link_offers_three_answers_and_names_only_the_service(client, case, token):
    response = client.get(url("invitation", token))
    assert response.status_code == 200
    text = shows_nothing_of_the_case(response, case)
    assert "Rencontrer les médiateurs de Service Un" in text
    for choice in (
        "Choisir un créneau à une permanence",
        "Être rappelé·e par téléphone",
        "Je ne souhaite pas participer",
    ):
        assert choice in text


def test_the_person_books_a_slot_and_the_case_shows_the_result(
    client, case, invitation, token, occurrence
):
    response = client.get(url("invitation_slots", token))
    assert response.status_code == 200
    assert "Maison du Ronceray" in shows_nothing_of_the_case(response, case)
    slot = at(MONDAY + dt.timedelta(days=1), 14, 45)
    book_url = url("invitation_book", token, occurrence.pk)
    assert f"{book_url}?creneau={slot_key(slot)}" in response.content.decode()
    assert client.get(book_url).status_code == 200

    response = client.post(
        book_url,
        {"slot": slot_key(slot), "notify_by": "EMAIL", "email": "jerome@exemple.fr", "phone": ""},
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("rdv:manage", args=[appointment.secret])
    other = case.other_parties()[0]
    assert (appointment.channel, appointment.state, appointment.starts_at) == (
        BookingChannel.INVITATION,
        AppointmentState.BOOKED,
        slot,
    )
    assert (appointment.case, appointment.party, appointment.invitation) == (
        case,
        other,
        invitation,
    )
    assert (appointment.last_name, appointment.email) == (other.last_name, "jerome@exemple.fr")
    assert Notice.objects.filter(appointment=appointment, kind="CONFIRMATION").exists()
    invitation.refresh_from_db()
    assert invitation.answer == Answer.BOOKED
    attempt = ContactAttempt.objects.get(case=case)
    assert (attempt.channel, attempt.result) == (
        codes.ContactAttemptChannel.LETTER,
        codes.ContactAttemptResult.ACCEPTED,
    )
    shows_nothing_of_the_case(client.get(response.url), case)

    # The link has served: booking again is not possible, the page says it was answered.
    again = client.post(book_url, {"slot": slot_key(slot + dt.timedelta(minutes=45))})
    assert again.status_code == 302 and again.url == url("invitation", token)
    answered = client.get(again.url)
    assert "Vous avez répondu à cette invitation" in shows_nothing_of_the_case(answered, case)
    assert Appointment.objects.count() == 1


def test_a_slot_cancelled_gives_the_link_back_for_another_choice(
    client, case, invitation, token, occurrence
):
    first = at(MONDAY + dt.timedelta(days=1), 14)
    book_url = url("invitation_book", token, occurrence.pk)
    client.post(book_url, {"slot": slot_key(first), "notify_by": "", "email": "", "phone": ""})
    appointment = Appointment.objects.get()
    manage = reverse("rdv:manage", args=[appointment.secret])
    assert client.post(manage).status_code == 302
    appointment.refresh_from_db()
    invitation.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert (invitation.answer, invitation.answered_at) == ("", None)
    page = client.get(manage).content.decode()
    assert f'href="{url("invitation", token)}"' in page

    second = first + dt.timedelta(minutes=45)
    response = client.post(book_url, {"slot": slot_key(second), "notify_by": ""})
    assert response.status_code == 302
    again = Appointment.objects.exclude(pk=appointment.pk).get()
    assert (again.invitation, again.state, again.starts_at) == (
        invitation,
        AppointmentState.BOOKED,
        second,
    )
    invitation.refresh_from_db()
    assert invitation.answer == Answer.BOOKED
    assert JournalEntry.objects.filter(subject_id=case.pk, verb="invitation_reopened").count() == 1


def test_a_slot_taken_meanwhile_is_refused_and_the_link_still_serves(
    client, case, invitation, token, occurrence, coordinator
):
    slot = at(MONDAY + dt.timedelta(days=1), 14)
    actions.book(
        occurrence=occurrence, starts_at=slot, channel="STAFF", by=coordinator, last_name="Autre"
    )
    response = client.post(url("invitation_book", token, occurrence.pk), {"slot": slot_key(slot)})
    assert response.status_code == 400
    assert "rien n'a été enregistré" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "" and not ContactAttempt.objects.exists()


def test_a_session_not_booked_online_is_not_offered(client, service, coordinator, token, clock):
    private = actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(organisation=service, name="Local privé"),
        weekday=2,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        valid_from=MONDAY,
        is_public=False,
    )
    session = private.occurrences.order_by("starts_at").first()
    assert "Local privé" not in client.get(url("invitation_slots", token)).content.decode()
    assert client.get(url("invitation_book", token, session.pk)).status_code == 404


def test_another_services_session_is_not_found(client, token, other_service, clock):
    venue = VenueFactory(organisation=other_service)
    foreign = actions.create_permanence(
        organisation=other_service,
        by=None,
        venue=venue,
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        valid_from=MONDAY,
    )
    session = foreign.occurrences.order_by("starts_at").first()
    assert client.get(url("invitation_book", token, session.pk)).status_code == 404


def test_the_person_asks_to_be_called_back(client, case, invitation, token):
    page = client.get(url("invitation_callback", token))
    shows_nothing_of_the_case(page, case)
    incomplete = client.post(url("invitation_callback", token), {"phone": "12", "days": ["1"]})
    assert incomplete.status_code == 400
    invitation.refresh_from_db()
    assert invitation.answer == ""
    response = client.post(
        url("invitation_callback", token),
        {"phone": "06 52 48 17 90", "days": ["1", "4"], "bands": ["MORNING", "EVENING"]},
    )
    assert response.status_code == 302 and response.url == url("invitation", token)
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.callback_days, invitation.callback_phone) == (
        Answer.CALLBACK,
        "1,4",
        "06 52 48 17 90",
    )
    answered = client.get(response.url)
    assert "le service vous rappellera" in shows_nothing_of_the_case(answered, case)
    assert "06 52 48 17 90" not in answered.content.decode()


def test_the_person_declines(client, case, invitation, token):
    page = client.get(url("invitation_decline", token))
    assert "La médiation est volontaire" in shows_nothing_of_the_case(page, case)
    response = client.post(url("invitation_decline", token))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == Answer.DECLINED
    assert ContactAttempt.objects.get().result == codes.ContactAttemptResult.REFUSED


def test_an_expired_link_says_so_in_french_with_the_services_contacts(
    client, case, invitation, token, clock, service
):
    service.phone = "02 99 00 00 00"
    service.save()
    clock(invitation.expires_at + dt.timedelta(minutes=1))
    for name in ("invitation", "invitation_slots", "invitation_callback", "invitation_decline"):
        response = client.get(url(name, token))
        assert response.status_code == 410
        text = shows_nothing_of_the_case(response, case)
        assert "Ce lien n'est plus valable" in text
        assert "Ce lien a expiré le 06/01/2027." in text
        assert "02 99 00 00 00" in text
    assert client.post(url("invitation_decline", token)).status_code == 410
    invitation.refresh_from_db()
    assert invitation.answer == ""


@pytest.mark.parametrize(
    "token",
    ["AAAA-BBBB-CCCC", "nimporte-quoi", "0000-0000-0000"],
)
def test_an_address_palabre_did_not_make_is_not_found(client, db, token):
    response = client.get(reverse("rdv:invitation", args=[token]))
    assert response.status_code == 404
    assert "Ce lien n'est pas valide" in response.content.decode()


def test_a_tampered_token_is_not_found(client, token):
    last = token[-1]
    tampered = token[:-1] + ("A" if last != "A" else "B")
    assert client.get(url("invitation", tampered)).status_code == 404


def test_the_code_typed_from_the_letter_leads_to_the_link(client, token, case):
    typed = token.lower().replace("-", " ")
    response = client.post(reverse("rdv:invitation_code"), {"code": typed})
    assert response.status_code == 302 and response.url == url("invitation", token)
    wrong = client.post(reverse("rdv:invitation_code"), {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400
    assert "Ce code ne correspond à aucune invitation" in wrong.content.decode()


def test_no_page_of_the_link_shows_the_note_nor_anything_of_the_case(
    client, case, token, occurrence
):
    """Every page of the link, before and after an answer, for the note planted in the case."""
    pages = [
        url("invitation", token),
        url("invitation_slots", token),
        url("invitation_book", token, occurrence.pk),
        url("invitation_callback", token),
        url("invitation_decline", token),
        reverse("rdv:invitation_code"),
    ]
    for page in pages:
        shows_nothing_of_the_case(client.get(page), case)
    client.post(url("invitation_decline", token))
    for page in pages:
        response = client.get(page, follow=True)
        shows_nothing_of_the_case(response, case)


def test_the_letter_prints_the_links_address_and_its_qr_code(
    login, coordinator, case, invitation, settings
):
    settings.PALABRE_BASE_URL = "https://mediation.exemple.fr"
    response = login(coordinator).get(
        reverse("cases:invitation_letter", args=[case.pk, case.other_parties()[0].pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"mediation.exemple.fr/i/{invitation_links.token_of(invitation)}/" in text
    assert re.search(r"jusqu.au 6\sjanvier\s2027", text)
    figures = [e for e in pdfcheck.read(response.content).structure.walk() if e.type == "Figure"]
    assert len(figures) == 1  # the QR code, with its text alternative (pdfcheck)


def test_reading_the_letter_again_prints_the_same_link(login, coordinator, case, invitation):
    client = login(coordinator)
    address = reverse("cases:invitation_letter", args=[case.pk, case.other_parties()[0].pk])
    client.get(address)
    client.get(address)
    assert case.invitations.count() == 1
    assert timezone.now() < invitation.expires_at
