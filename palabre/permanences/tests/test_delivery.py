"""Notices leave through a real SMTP server on the loopback (and a file for SMS): once each, with
the date, the place and the person's link, and nothing else about the person."""

import asyncio
import datetime as dt
import email
import email.policy
import io
import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from palabre.core import sms
from palabre.permanences import actions, delivery
from palabre.permanences.models import (
    AppointmentState,
    BookingChannel,
    Frequency,
    Notice,
    NoticeKind,
)

from .conftest import MONDAY, at

ROOT = Path(__file__).resolve().parents[3]
MARKER = "Zqwmarqueur"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Keeps what it receives. With ``hold_after=n``, the server stalls every message after the
    n-th at the recipient step, before any content has arrived, until ``release()``: a client
    killed while it waits has left nothing behind. With ``hold_at_quit``, it stalls the client's
    goodbye once a message has been taken: a client killed then has delivered it, and not yet
    been told so."""

    def __init__(self, hold_after=None, delay=0.0, hold_at_quit=False):
        self.hold_after = hold_after
        self.hold_at_quit = hold_at_quit
        self.delay = delay
        self.messages = []
        self.held = 0
        self.quitting = 0

    async def handle_QUIT(self, server, session, envelope):
        if self.hold_at_quit and self.messages:
            self.quitting += 1
            while self.hold_at_quit:
                await asyncio.sleep(0.01)
        return "221 Bye"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.delay)
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.held += 1
            while self.hold_after is not None:
                await asyncio.sleep(0.01)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message, envelope.content))
        return "250 Message accepted for delivery"

    def release(self):
        self.hold_after = None
        self.hold_at_quit = False

    def to(self):
        return [address for recipients, _message, _raw in self.messages for address in recipients]


@pytest.fixture
def smtp(settings):
    def start(hold_after=None, delay=0.0, hold_at_quit=False):
        sink = Sink(hold_after, delay, hold_at_quit)
        controller = Controller(sink, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        sink.port = controller.port
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
            }
        }
        return sink

    started = []
    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sms.jsonl"
    return settings.PALABRE_SMS_FILE


def sms_lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def book(occurrence, coordinator, *, hour=14, minute=0, **person):
    person = {"first_name": "Aïcha", "last_name": MARKER, **person}
    return actions.book(
        occurrence=occurrence,
        starts_at=at(occurrence.planned_on, hour, minute),
        channel=person.pop("channel", BookingChannel.STAFF),
        by=coordinator,
        **person,
    )


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# --- By e-mail ----------------------------------------------------------------------------------


def test_a_confirmation_reaches_the_person_with_date_place_and_link_and_nothing_else(
    smtp, occurrence, coordinator, settings
):
    sink = smtp()
    settings.PALABRE_BASE_URL = "https://rdv.example.org"
    appointment = book(
        occurrence,
        coordinator,
        hour=14,
        minute=45,
        email="personne@example.org",
        phone="0612345678",
        notify_by="EMAIL",
    )

    assert delivery.send_due() == 1

    [(recipients, message, raw)] = sink.messages
    assert recipients == ["personne@example.org"]
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"] == "Rendez-vous confirmé le mardi 8 décembre 2026 à 14 h 45"
    body = body_of(message)
    assert "mardi 8 décembre 2026" in body
    assert "14 h 45" in body
    assert "Maison du Ronceray, 1 place de la Mairie" in body
    assert "Service Un" in body
    link = f"https://rdv.example.org/rendez-vous/mon-rendez-vous/{appointment.secret}/"
    assert link in body
    text = raw.decode("utf-8", "replace") + body
    for private in (MARKER, "Aïcha", "Aicha", "0612345678", "06 12", "+336"):
        assert private not in text
    notice = appointment.notices.get()
    assert notice.kind == NoticeKind.CONFIRMATION
    assert notice.sent_at == timezone.now()


def test_running_the_job_twice_sends_each_notice_once(smtp, occurrence, coordinator):
    sink = smtp()
    book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    book(occurrence, coordinator, hour=14, minute=45, email="b@example.org", notify_by="EMAIL")

    assert delivery.send_due() == 2
    assert delivery.send_due() == 0

    assert sorted(sink.to()) == ["a@example.org", "b@example.org"]


def test_a_reminder_waits_for_its_time(smtp, occurrence, coordinator, settings, clock):
    settings.PALABRE_REMINDER_HOURS = [24]
    sink = smtp()
    appointment = book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    reminder = appointment.notices.get(kind=NoticeKind.REMINDER)
    assert reminder.due_at == at(MONDAY, 14)

    assert delivery.send_due() == 1
    assert [m["Subject"] for _to, m, _raw in sink.messages] == [
        "Rendez-vous confirmé le mardi 8 décembre 2026 à 14 h"
    ]

    clock(at(MONDAY, 13, 59))
    assert delivery.send_due() == 0
    clock(at(MONDAY, 14, 1))
    assert delivery.send_due() == 1
    assert sink.messages[-1][1]["Subject"] == "Rappel : rendez-vous le mardi 8 décembre 2026 à 14 h"
    reminder.refresh_from_db()
    assert reminder.sent_at == at(MONDAY, 14, 1)


def test_the_code_goes_out_once_and_is_not_kept(smtp, occurrence):
    sink = smtp()
    appointment = actions.book(
        occurrence=occurrence,
        starts_at=at(occurrence.planned_on, 15, 30),
        channel=BookingChannel.PUBLIC,
        first_name="Aïcha",
        last_name=MARKER,
        email="a@example.org",
        notify_by="EMAIL",
    )
    notice = appointment.notices.get()
    code = notice.code
    assert len(code) == 6

    assert delivery.send_due() == 1

    [(_to, message, _raw)] = sink.messages
    assert message["Subject"] == f"Votre code de confirmation : {code}"
    assert code in body_of(message)
    assert MARKER not in body_of(message)
    notice.refresh_from_db()
    assert notice.code == ""
    assert notice.sent_at is not None


def test_a_code_that_came_too_late_to_be_useful_is_dropped(smtp, occurrence, clock):
    sink = smtp()
    appointment = actions.book(
        occurrence=occurrence,
        starts_at=at(occurrence.planned_on, 15, 30),
        channel=BookingChannel.PUBLIC,
        last_name=MARKER,
        email="a@example.org",
        notify_by="EMAIL",
    )
    clock(at(MONDAY, 9, 30))

    assert delivery.send_due() == 0

    notice = appointment.notices.get()
    assert notice.dropped and notice.code == "" and notice.sent_at is None
    assert sink.messages == []


def test_a_notice_for_a_cancelled_booking_is_not_sent(smtp, occurrence, coordinator):
    sink = smtp()
    appointment = book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    actions.cancel_appointment(appointment=appointment, by=coordinator)

    assert delivery.send_due() == 1

    [(_to, message, _raw)] = sink.messages
    assert message["Subject"] == "Rendez-vous annulé : mardi 8 décembre 2026 à 14 h"
    kinds = dict(appointment.notices.values_list("kind", "dropped"))
    assert kinds == {NoticeKind.CONFIRMATION: True, NoticeKind.CANCELLATION: False}


def test_a_moved_session_tells_the_new_time(smtp, occurrence, coordinator):
    sink = smtp()
    book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    delivery.send_due()
    actions.move_occurrence(
        occurrence=occurrence,
        by=coordinator,
        day=occurrence.planned_on + dt.timedelta(days=1),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
    )

    assert delivery.send_due() == 1

    message = sink.messages[-1][1]
    assert message["Subject"] == "Nouvel horaire : rendez-vous le mercredi 9 décembre 2026 à 9 h"


def test_a_failed_send_is_tried_again_later_then_given_up_and_logs_no_address(
    settings, occurrence, coordinator, clock, caplog
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    appointment = book(
        occurrence, coordinator, email="secret-adresse@example.org", notify_by="EMAIL"
    )
    notice = appointment.notices.get()
    caplog.set_level(logging.INFO, logger="palabre.permanences.delivery")

    assert delivery.send_due() == 0
    notice.refresh_from_db()
    assert (notice.attempts, notice.dropped, notice.sent_at) == (1, False, None)
    assert notice.due_at == at(MONDAY, 9, 2)
    assert delivery.send_due() == 0  # not due again yet
    notice.refresh_from_db()
    assert notice.attempts == 1

    for minute in (3, 13, 43):
        clock(at(MONDAY, 10, minute))
        delivery.send_due()
    clock(at(MONDAY, 13))
    delivery.send_due()
    notice.refresh_from_db()
    assert (notice.attempts, notice.dropped, notice.sent_at) == (5, True, None)

    logged = caplog.text
    assert f"Notice {notice.pk} (CONFIRMATION by EMAIL) not sent, attempt 1" in logged
    assert "given up" in logged
    for private in ("secret-adresse", MARKER, "Aïcha"):
        assert private not in logged


def test_a_notice_that_comes_back_after_a_failure_is_sent(
    smtp, settings, occurrence, coordinator, clock
):
    dead_port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": dead_port, "timeout": 2},
        }
    }
    book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    assert delivery.send_due() == 0
    sink = smtp()
    clock(at(MONDAY, 9, 5))

    assert delivery.send_due() == 1
    assert sink.to() == ["a@example.org"]


# --- By SMS -------------------------------------------------------------------------------------


def test_an_sms_is_written_with_date_place_and_link_and_no_name(sms_file, occurrence, coordinator):
    appointment = book(occurrence, coordinator, phone="06 12 34 56 78", notify_by="SMS")

    assert delivery.send_due() == 1

    [line] = sms_lines(sms_file)
    assert line["to"] == "+33612345678"
    text = line["text"]
    assert text.startswith("RDV confirmé le 08/12 à 14 h avec Service Un, Maison du Ronceray")
    assert appointment.secret in text
    assert MARKER not in text and "Aïcha" not in text


def test_every_sms_fits_in_one_segment_and_cuts_nothing_of_ordinary_values(
    sms_file, occurrence, coordinator
):
    appointment = book(occurrence, coordinator, phone="0612345678", notify_by="SMS")
    for kind in NoticeKind:
        notice = Notice(appointment=appointment, kind=kind, channel="SMS", code="123456")
        _subject, _body, text = delivery.render(notice)
        assert sms.septets(text) <= sms.SEGMENT and sms.to_gsm7(text) == text, (kind, text)
        assert "Service Un" in text, text
        if kind != NoticeKind.CODE:
            assert text.endswith(delivery.short_url(appointment)), text


def test_every_sms_fits_in_one_segment_with_the_longest_names_and_keeps_its_link_whole(
    settings, sms_file, occurrence, coordinator
):
    """The longest a service, a venue and an address may be, behind a long instance address:
    the address is cut first, then the venue, then the service — never the link nor the code."""
    settings.PALABRE_BASE_URL = "https://mediation-sociale.agglomeration-de-saint-brieuc.fr"
    appointment = book(occurrence, coordinator, phone="0612345678", notify_by="SMS")
    organisation, venue = appointment.organisation, occurrence.permanence.venue
    organisation.name = ("Association « Œuvre » de médiation sociale, fête des voisins " * 4)[:200]
    venue.name = ("Maison de quartier et centre social des Champs-Manceaux " * 3)[:150]
    venue.address = ("12 bis avenue du Général-de-Gaulle, bâtiment C, entrée 4 " * 6)[:300]
    for kind in NoticeKind:
        notice = Notice(appointment=appointment, kind=kind, channel="SMS", code="123456")
        _subject, _body, text = delivery.render(notice)
        assert sms.septets(text) <= sms.SEGMENT, (kind, len(text), text)
        assert sms.to_gsm7(text) == text and "Œuvre" not in text
        assert ("123456" if kind == NoticeKind.CODE else delivery.short_url(appointment)) in text


def test_the_short_address_of_a_text_message_leads_to_the_persons_page(
    client, occurrence, coordinator
):
    appointment = book(occurrence, coordinator, phone="0612345678", notify_by="SMS")
    short = delivery.short_url(appointment).removeprefix(settings_base())

    response = client.get(short, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/mon-rendez-vous/{appointment.secret}/")
    assert len(appointment.secret) == 22  # 128 random bits, short enough for a text message
    assert client.get("/r/pas-un-secret/").status_code == 404


def settings_base():
    from django.conf import settings

    return settings.PALABRE_BASE_URL


def test_messages_are_plain_text_where_an_apostrophe_stays_an_apostrophe(occurrence, coordinator):
    appointment = book(occurrence, coordinator, phone="0612345678", notify_by="SMS")
    appointment.organisation.name = "L'Escale & Cie"
    for kind in NoticeKind:
        notice = Notice(appointment=appointment, kind=kind, channel="SMS", code="123456")
        written = " ".join(delivery.render(notice))
        assert "L'Escale & Cie" in written and "&#x27;" not in written and "&amp;" not in written


def test_an_sms_the_provider_refuses_stays_in_the_outbox(settings, occurrence, coordinator):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.BrevoSender"
    settings.PALABRE_SMS_API_KEY = "key"
    settings.PALABRE_SMS_API_URL = f"http://127.0.0.1:{free_port()}"
    appointment = book(occurrence, coordinator, phone="0612345678", notify_by="SMS")

    assert delivery.send_due() == 0

    notice = appointment.notices.get()
    assert notice.attempts == 1 and notice.sent_at is None and not notice.dropped


# --- Through the worker -------------------------------------------------------------------------


def test_send_soon_defers_to_the_due_time(db, clock):
    later = at(MONDAY, 18)

    result = delivery.send_soon(later)
    now = delivery.send_soon(at(MONDAY, 8))

    assert DBTaskResult.objects.get(id=result.id).task.run_after == later
    assert DBTaskResult.objects.get(id=now.id).task.run_after is None


def test_send_soon_never_fails_the_caller(db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(type(delivery.send_due_notices), "enqueue", broken)

    assert delivery.send_soon(timezone.now()) is None
    assert "could not be queued" in caplog.text


def test_a_booking_queues_the_worker_which_sends_the_notice(
    transactional_db, smtp, clock, occurrence, coordinator
):
    """On Monday at 9:00, a booking for Tuesday 14:00: its 48-hour reminder would be in the past,
    so only the confirmation is queued, and one run of the worker sends it."""
    sink = smtp()
    book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert sink.to() == ["a@example.org"]
    assert Notice.objects.get().sent_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_reminder_still_to_come_waits_in_the_queue_for_its_hour(
    transactional_db, smtp, clock, coordinator, service, venue
):
    """A booking on Monday 9:00 for the session in eight days: the confirmation goes with the
    first run, the reminder's run waits until 48 hours before, whatever the hour of the day."""
    sink = smtp()
    occurrence = _weekly_session(service, coordinator, venue, MONDAY + dt.timedelta(days=8))
    book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")
    reminder_at = at(occurrence.planned_on, 14) - dt.timedelta(hours=48)
    assert sorted(DBTaskResult.objects.values_list("run_after", flat=True)) == [
        reminder_at,
        dt.datetime(9999, 1, 1, tzinfo=dt.UTC),  # the queue's "as soon as possible"
    ]

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert sink.to() == ["a@example.org"]
    assert Notice.objects.get(kind=NoticeKind.REMINDER).sent_at is None

    clock(reminder_at)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert sink.to() == ["a@example.org", "a@example.org"]
    assert Notice.objects.get(kind=NoticeKind.REMINDER).sent_at == reminder_at


def test_plan_permanences_extends_the_calendar(db, permanence, settings, clock):
    before = permanence.occurrences.count()
    clock(at(MONDAY + dt.timedelta(days=14), 9))

    out = io.StringIO()
    call_command("plan_permanences", stdout=out)

    assert permanence.occurrences.count() == before + 2
    assert out.getvalue().strip() == "2 séance(s) ajoutée(s)."


def test_send_notices_says_how_many_went(smtp, occurrence, coordinator, capsys):
    smtp()
    book(occurrence, coordinator, email="a@example.org", notify_by="EMAIL")

    call_command("send_notices")

    assert capsys.readouterr().out.strip() == "1 message(s) envoyé(s)."


# --- A worker killed while sending --------------------------------------------------------------


def _session_in_two_days(service, coordinator, venue):
    """A session on the real calendar: the worker processes run on the real clock (these tests
    set no reminder, so the hour of the day they run at changes nothing)."""
    return _weekly_session(service, coordinator, venue, timezone.localdate() + dt.timedelta(days=2))


def _weekly_session(service, coordinator, venue, day):
    permanence = actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=day.weekday(),
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=timezone.localdate(),
    )
    return permanence.occurrences.get(planned_on=day)


def _four_bookings(service, coordinator, venue):
    occurrence = _session_in_two_days(service, coordinator, venue)
    people = [f"p{n}@example.org" for n in range(4)]
    for n, address in enumerate(people):
        book(
            occurrence,
            coordinator,
            hour=14 + (n * 45) // 60,
            minute=(n * 45) % 60,
            email=address,
            notify_by="EMAIL",
        )
    assert Notice.objects.due().count() == 4
    return people


class WorkerDatabase:
    """The test database, as a separate process sees it: on PostgreSQL the test database
    itself; on SQLite (in memory for the tests) a file copy, copied back afterwards."""

    def __init__(self, tmp_path):
        self.sqlite = connection.vendor == "sqlite"
        self.path = tmp_path / "worker.sqlite3"

    def env(self, port):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "PALABRE_DB_PATH"}
        }
        env |= {
            "PALABRE_MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(port),
            "PALABRE_TESTING": "0",
        }
        if self.sqlite:
            env["PALABRE_DB_PATH"] = str(self.path)
        else:
            db = connection.settings_dict
            env["DATABASE_URL"] = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            )
        return env

    def hand_over(self):
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.path) as target:
                connection.connection.backup(target)

    def take_back(self):
        if self.sqlite:
            with sqlite3.connect(self.path) as source:
                source.backup(connection.connection)


def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    transactional_db, smtp, settings, service, coordinator, venue, tmp_path
):
    settings.PALABRE_REMINDER_HOURS = []
    sink = smtp(hold_after=1)
    people = _four_bookings(service, coordinator, venue)
    database = WorkerDatabase(tmp_path)
    database.hand_over()
    env = database.env(sink.port)
    manage = [sys.executable, str(ROOT / "manage.py")]

    worker = subprocess.Popen(
        [*manage, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The first message went through and was committed: the worker is on the second.
        deadline = time.monotonic() + 20
        while not sink.held and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.01)
        assert sink.held, worker.stderr.read() if worker.poll() is not None else "stalled"
    finally:
        worker.kill()
        worker.wait()
        worker.stderr.close()
    assert len(sink.messages) == 1
    sink.release()

    again = subprocess.run(
        [*manage, "send_notices"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "3 message(s) envoyé(s)."

    assert sorted(sink.to()) == people
    database.take_back()
    assert Notice.objects.filter(sent_at__isnull=False).count() == 4
    assert not Notice.objects.due().exists()
    assert set(Notice.objects.values_list("appointment__state", flat=True)) == {
        AppointmentState.BOOKED
    }


def test_a_worker_killed_after_the_server_took_a_message_sends_it_again_under_the_same_id(
    transactional_db, smtp, settings, service, coordinator, venue, tmp_path
):
    """The one window where a kill sends a message twice (at least once, docs/operations.md,
    « Pannes »): the server has taken it, the worker dies before recording it. The message goes
    again with the same Message-ID, which mail programs show once; every notice is sent."""
    settings.PALABRE_REMINDER_HOURS = []
    sink = smtp(hold_at_quit=True)
    people = _four_bookings(service, coordinator, venue)
    database = WorkerDatabase(tmp_path)
    database.hand_over()
    env = database.env(sink.port)
    manage = [sys.executable, str(ROOT / "manage.py")]

    worker = subprocess.Popen(
        [*manage, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while not sink.quitting and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.01)
        assert sink.quitting, worker.stderr.read() if worker.poll() is not None else "stalled"
    finally:
        worker.kill()
        worker.wait()
        worker.stderr.close()
    assert len(sink.messages) == 1
    (first,), first_message, _raw = sink.messages[0]
    sink.release()

    again = subprocess.run(
        [*manage, "send_notices"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "4 message(s) envoyé(s)."

    assert sorted(sink.to()) == sorted([*people, first])
    copies = [message for (to,), message, _raw in sink.messages if to == first]
    assert len(copies) == 2
    assert copies[0]["Message-ID"] == copies[1]["Message-ID"]
    assert len({message["Message-ID"] for _to, message, _raw in sink.messages}) == 4
    database.take_back()
    assert Notice.objects.filter(sent_at__isnull=False).count() == 4
    assert not Notice.objects.due().exists()


def test_two_workers_at_once_share_the_notices_without_sending_any_twice(
    transactional_db, smtp, settings, service, coordinator, venue, tmp_path
):
    settings.PALABRE_REMINDER_HOURS = []
    sink = smtp(delay=0.2)
    people = _four_bookings(service, coordinator, venue)
    database = WorkerDatabase(tmp_path)
    database.hand_over()
    env = database.env(sink.port)
    command = [sys.executable, str(ROOT / "manage.py"), "send_notices"]

    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=30)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0]
    assert sum(int(output.split()[0]) for output in outputs) == 4
    assert sorted(sink.to()) == people
    database.take_back()
    assert Notice.objects.filter(sent_at__isnull=False).count() == 4
