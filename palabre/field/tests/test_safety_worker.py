"""Safety alerts through the task worker and the every-minute command, with a real SMTP server on
the loopback and the SMS file (the sink and the worker's database are those of the notices'
tests, ``permanences/tests/test_delivery.py``).

Two ways of running the worker, each for what it proves:

- in this process (``db_worker --batch``), so that the clock can be moved: the task a check-in
  queues for its deadline waits for it, alerts once, and a worker run again sends nothing more;
- as real processes on the real clock: a worker killed while it sends, then a new worker and the
  every-minute command, send each message once — what only a process that really dies shows.
"""

import datetime as dt
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from palabre.field import actions, safety_actions, safety_delivery
from palabre.field.safety import SafetyAlert
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.permanences.tests import test_delivery as notices

# The SMTP sink of the notices' tests.
smtp = notices.smtp
ROOT = notices.ROOT
ON_CALL = "astreinte@example.org"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sms.jsonl"
    return settings.PALABRE_SMS_FILE


def _watch(team, coordinator):
    safety_actions.set_team_safety(
        team=team,
        by=coordinator,
        check_in_minutes=60,
        on_call_email=ON_CALL,
        on_call_phone="0611223344",
    )


def test_the_worker_alerts_at_the_missed_deadline_once_and_a_restarted_worker_sends_nothing_more(
    transactional_db, smtp, sms_file, clock, team, coordinator, shift, correspondents
):
    sink = smtp()
    _watch(team, coordinator)
    shift.refresh_from_db()
    awa, bruno = correspondents
    clock(at(EVENING, 22, 30))
    safety_actions.check_in(shift=shift, by=awa)  # queues a look at 23:30
    clock(at(EVENING, 22, 40))
    safety_actions.end_watch(shift=shift, by=bruno)

    clock(at(EVENING, 23, 29))
    run_worker()
    assert sink.messages == [] and DBTaskResult.objects.get().status == "READY"

    clock(at(EVENING, 23, 31))
    run_worker()
    assert sink.to() == [ON_CALL]
    assert len(notices.sms_lines(sms_file)) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    # The worker stopped and started again, with more to do (an every-minute tick, another
    # check-in's look): nothing is sent twice.
    run_worker()
    safety_delivery.sweep_soon()
    run_worker()
    call_command("send_safety_alerts")
    assert sink.to() == [ON_CALL]
    assert len(notices.sms_lines(sms_file)) == 1
    alert = SafetyAlert.objects.get()
    assert (alert.member, alert.deadline) == (awa, at(EVENING, 23, 30))

    # Awa checks in at 23:40, then at 00:30: the look queued for 00:40 finds nothing to say.
    clock(at(EVENING, 23, 40))
    safety_actions.check_in(shift=shift, by=awa)
    clock(at(NEXT_MORNING, 0, 30))
    safety_actions.check_in(shift=shift, by=awa)
    clock(at(NEXT_MORNING, 0, 41))
    run_worker()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the look at 01:30
    assert SafetyAlert.objects.count() == 1 and sink.to() == [ON_CALL]


def test_the_alarm_goes_through_the_worker_at_once(
    transactional_db, smtp, sms_file, clock, team, coordinator, shift, correspondents, place
):
    sink = smtp()
    _watch(team, coordinator)
    shift.refresh_from_db()
    clock(at(EVENING, 22, 40))
    safety_actions.raise_alarm(
        shift=shift, by=correspondents[0], place=Place(residence=place["glycines"])
    )
    assert DBTaskResult.objects.get().task.run_after is None  # as soon as possible

    run_worker()

    [(recipients, message, _raw)] = sink.messages
    assert recipients == [ON_CALL]
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Lieu indiqué : Les Glycines (Maurepas - Bellangerais)." in notices.body_of(message)
    [text] = notices.sms_lines(sms_file)
    assert text["text"].endswith("Lieu : Les Glycines (Maurepas - Bellangerais).")


# --- Real processes on the real clock -----------------------------------------------------------


@pytest.fixture
def late(service, coordinator, team, place, correspondents):
    """A shift that began 90 minutes ago, checking in every hour: its correspondent, on it
    alone, has given no news since the start — the deadline passed half an hour ago."""
    _watch(team, coordinator)
    now = timezone.now()
    return actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=now - dt.timedelta(minutes=90),
        ends_at=now + dt.timedelta(hours=6),
        members=[correspondents[0]],
        quartiers=[place["maurepas"]],
    )


def test_a_worker_killed_while_alerting_then_restarted_sends_each_message_once(
    transactional_db, smtp, late, tmp_path
):
    sink = smtp(hold_after=0)  # every e-mail waits at the recipient step until released
    sms_path = tmp_path / "worker-sms.jsonl"
    safety_delivery.sweep_soon()  # as a check-in's or an alarm's look would be queued
    database = notices.WorkerDatabase(tmp_path)
    database.hand_over()
    env = database.env(sink.port) | {
        "PALABRE_SMS_BACKEND": "palabre.core.sms.FileSender",
        "PALABRE_SMS_FILE": str(sms_path),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    worker = subprocess.Popen(
        [*manage, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The SMS went and was committed; the worker is in the middle of the e-mail.
        deadline = time.monotonic() + 30
        while not sink.held and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.01)
        assert sink.held, worker.stderr.read() if worker.poll() is not None else "stalled"
    finally:
        worker.kill()
        worker.wait()
        worker.stderr.close()
    assert sink.messages == []
    assert len(notices.sms_lines(sms_path)) == 1
    sink.release()

    # Started again, the worker finds work queued (the next look, the next tick): the e-mail
    # goes, the SMS does not go again.
    database.take_back()
    safety_delivery.sweep_soon()
    database.hand_over()
    restarted = subprocess.run(
        [*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert restarted.returncode == 0, restarted.stderr
    tick = subprocess.run(
        [*manage, "send_safety_alerts"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert tick.returncode == 0, tick.stderr
    assert tick.stdout.strip() == "0 message(s) envoyé(s)."

    assert sink.to() == [ON_CALL]
    assert len(notices.sms_lines(sms_path)) == 1
    database.take_back()
    alert = SafetyAlert.objects.get()
    assert alert.sms_sent_at and alert.email_sent_at and not alert.dropped
    assert alert.deadline == late.starts_at + dt.timedelta(hours=1)


def test_the_alarm_sms_fits_in_one_segment_with_the_longest_names(
    db, clock, team, coordinator, shift, correspondents, place
):
    """Who, which team and where are cut, in that order from the place, never the time."""
    from palabre.core import sms

    _watch(team, coordinator)
    user = correspondents[0].user
    user.first_name, user.last_name = "Marie-Françoise-Æthelwynne" + "x" * 54, "Œ" * 80
    user.save()
    longest = type(team)._meta.get_field("name").max_length
    team.name = ("Équipe de nuit des correspondants de la Ville " * 4)[:longest]
    team.save()
    glycines = place["glycines"]
    longest = type(glycines)._meta.get_field("name").max_length
    glycines.name = ("Résidence « Les Glycines » et hall 4 bis " * 4)[:longest]
    glycines.save()
    clock(at(EVENING, 22, 40))
    alert = safety_actions.raise_alarm(
        shift=shift, by=correspondents[0], place=Place(residence=glycines)
    )

    _subject, _body, text = safety_delivery.render(alert)

    assert sms.septets(text) <= sms.SEGMENT and sms.to_gsm7(text) == text, text
    assert text.startswith("ALARME Palabre : Marie-") and "22:40" in text, text
