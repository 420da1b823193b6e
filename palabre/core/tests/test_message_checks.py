"""The checks every e-mail and calendar of the suite goes through (mailcheck.py, icscheck.py)
find what they are meant to find. The messages and documents here are built with the unwrapped
methods the checking fixtures hold, so that these bad examples do not fail the test itself."""

import datetime as dt
import smtplib
import socket

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from icalendar import Calendar, Event, Timezone

from palabre.core import mail
from palabre.core.tests import icscheck, mailcheck

BASE = "https://palabre.example"


@pytest.fixture
def check(settings, mail_checks):
    settings.PALABRE_BASE_URL = BASE

    def run(email):
        built = mailcheck.Mail(mail_checks.original(email), email.recipients(), (BASE,))
        return mailcheck.problems(built)

    return run


def automatic(**fields):
    options = {"subject": "Rendez-vous", "body": f"Voir : {BASE}/r/abc/", "to": ["a@example.org"]}
    return EmailMessage(headers=dict(mail.AUTOMATIC), **{**options, **fields})


def test_a_message_palabre_builds_passes(check):
    message = mail.message(subject="Rappel", body=f"Voir {BASE}/r/abc/.", to="a@example.org")
    assert check(message) == []


def test_several_people_in_to_or_cc_are_found_but_bcc_is_fine(check):
    assert "2 addresses in To" in check(automatic(to=["a@example.org", "b@example.org"]))[0]
    assert "1 addresses in Cc" in check(automatic(cc=["b@example.org"]))[0]
    assert check(automatic(to=[], bcc=["a@example.org", "b@example.org"])) == []


def test_a_message_that_does_not_say_it_is_automatic_is_found(check):
    message = EmailMessage(subject="Rappel", body="Bonjour", to=["a@example.org"])
    assert check(message) == ["no « Auto-Submitted: auto-generated » header"]


def test_a_message_without_plain_text_is_found(check):
    message = automatic(body="<p>Bonjour</p>")
    message.content_subtype = "html"
    assert check(message) == ["no text/plain part"]
    alternative = EmailMultiAlternatives(
        subject="Rappel", body="Bonjour", to=["a@example.org"], headers=dict(mail.AUTOMATIC)
    )
    alternative.attach_alternative("<p>Bonjour</p>", "text/html")
    assert check(alternative) == []


@pytest.mark.parametrize(
    "link",
    [
        "http://testserver/r/abc/",
        "http://127.0.0.1:8000/r/abc/",
        "https://palabre.example:8000/r/abc/",
        "http://palabre.example/r/abc/",
        "https://palabre.example.evil.org/",
        "webcal://127.0.0.1:8000/rendez-vous/agenda/x.ics",
    ],
)
def test_a_link_not_built_from_the_configured_address_is_found(check, link):
    assert check(automatic(body=f"Voir : {link}")) == [
        f"a link not built from PALABRE_BASE_URL ({BASE}): {link}"
    ]


def test_links_from_the_configured_address_pass_even_at_the_end_of_a_sentence(check):
    body = f"Voir {BASE}/r/abc/. Ou {BASE}/dossiers/1/, ou webcal://palabre.example/a.ics ; {BASE}"
    assert check(automatic(body=body)) == []


def test_a_message_a_worker_sends_is_read_where_the_sink_receives_it(mail_checks):
    """A task worker runs in another process: what it sends is read at the SMTP sink."""

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Controller(Sink(), hostname="127.0.0.1", port=port)
    sink.start()
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail(
                "palabre@example.org",
                ["a@example.org", "b@example.org"],
                "From: palabre@example.org\r\nTo: a@example.org, b@example.org\r\n"
                "Subject: Rappel\r\nDate: Mon, 07 Dec 2026 09:00:00 +0100\r\n"
                "Message-ID: <1@palabre.example>\r\n\r\nVoir http://testserver/r/abc/\r\n",
            )
    finally:
        sink.stop()
    found = mail_checks.problems()
    mail_checks.received.clear()  # read here: the fixture need not fail this test
    assert found == [
        "« Rappel »: 2 addresses in To (one message per person, or Bcc)",
        "« Rappel »: no « Auto-Submitted: auto-generated » header",
        f"« Rappel »: a link not built from PALABRE_BASE_URL ({settings.PALABRE_BASE_URL}): "
        "http://testserver/r/abc/",
    ]


# --- Calendars --------------------------------------------------------------------------------


def calendar(*components, **properties):
    document = Calendar()
    for name, value in {"PRODID": "-//Palabre//Test//FR", "VERSION": "2.0", **properties}.items():
        document.add(name, value)
    for component in components:
        document.add_component(component)
    return document


def event(uid="1@palabre", **properties):
    component = Event()
    component.add("UID", uid)
    component.add("DTSTAMP", dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC))
    component.add("DTSTART", dt.datetime(2026, 12, 8, 14, tzinfo=dt.UTC))
    component.add("DTEND", dt.datetime(2026, 12, 8, 16, tzinfo=dt.UTC))
    for name, value in properties.items():
        component.add(name, value)
    return component


@pytest.fixture
def written(calendar_checks):
    return lambda document: calendar_checks.original(document)


def test_a_calendar_with_an_event_and_its_time_zone_passes_both_parsers(written):
    zone = Timezone.from_tzid("Europe/Paris")
    assert icscheck.problems([written(calendar(zone, event(SUMMARY="Permanence " * 20)))]) == []


def test_a_calendar_with_no_component_is_found_by_both_parsers(written):
    found = icscheck.problems([written(calendar())])
    assert "calendar 1: Calendar must contain at least one component (event, todo, etc.)" in found
    assert "calendar 1: ical.js: the calendar holds no component" in found


def test_an_event_without_start_or_ending_before_it_starts_is_found(written):
    no_start = event()
    del no_start["DTSTART"]
    backwards = event("2@palabre")
    backwards["DTEND"] = Calendar.types_factory.for_property("DTEND")(
        dt.datetime(2026, 12, 8, 10, tzinfo=dt.UTC)
    )
    found = icscheck.problems([written(calendar(no_start, backwards))])
    assert "calendar 1: VEVENT lacks DTSTART" in found
    assert "calendar 1: ical.js: event 2@palabre ends before it starts" in found


def test_broken_lines_and_values_are_found(written):
    good = written(calendar(event()))
    unfolded = good.replace(b"VERSION:2.0", b"X-LONG:" + b"x" * 80)
    bare_newlines = good.replace(b"\r\n", b"\n")
    bad_date = good.replace(b"DTSTART:20261208T140000Z", b"DTSTART:2026-12-08")
    found = icscheck.problems([unfolded, bare_newlines, bad_date])
    assert "calendar 1: 1 lines longer than 75 octets (not folded)" in found
    assert "calendar 1: Calendar must have a VERSION" in found
    assert "calendar 2: lines do not all end with CRLF" in found
    assert any(line.startswith("calendar 3: VEVENT DTSTART: ") for line in found), found
    assert any(line.startswith("calendar 3: ical.js: ") for line in found), found


def test_a_document_that_is_no_calendar_is_found():
    found = icscheck.problems([b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEND:VCARD\r\n"])
    assert "calendar 1: 1 top-level components instead of one VCALENDAR" in found
    assert "calendar 1: ical.js: the document is a vcard, not a vcalendar" in found
