"""The time limits through ``manage.py remind_referrals`` and the task worker, in this process
(``db_worker --batch``) so that the clock can be moved: each step is recorded once, performed
once, and sends each of its messages once, the worker stopped while the command runs and started
again after; a request answered in between gets nothing."""

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from palabre.core.models import JournalEntry
from palabre.referrals import actions, deadline_actions, deadline_tasks
from palabre.referrals.deadlines import Audience, DeadlineNotice, DeadlineStep, Step
from palabre.referrals.models import Decision, Referral

from .conftest import days_after

INVITATIONS = "palabre.cases.invitation_delivery.send_invitations"


def command() -> str:
    out = io.StringIO()
    call_command("remind_referrals", stdout=out)
    return out.getvalue().strip()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def sms_lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def two_coordinators(coordinator, member):
    return [coordinator, member("admin")]


def test_the_reminder_and_the_closure_go_once_each_with_the_worker_stopped_and_restarted(
    transactional_db, clock, refer, two_coordinators, agent, mailoutbox, sms_file
):
    coordinator = two_coordinators[0]
    waiting = refer()
    answered = refer(requester_last_name="Répondue", requester_phone="0711111111")
    clock(days_after(5))
    deadline_actions.record_first_contact(
        referral=answered, by=coordinator, channel="PHONE", attempted_at=days_after(5)
    )
    actions.accept_referral(referral=answered, by=coordinator)
    mailoutbox.clear()  # the referrer was told of the acceptance

    clock(days_after(9, hours=23, minutes=59))
    assert command() == "0 étape(s) confiée(s) au worker."

    # Day 10: the command records the reminder while the worker is stopped.
    clock(days_after(10, minutes=1))
    assert command() == "1 étape(s) confiée(s) au worker."
    assert command() == "0 étape(s) confiée(s) au worker."
    # The step's task, besides the one that sends the accepted person's invitation (adr/0026).
    assert DBTaskResult.objects.filter(status="READY").exclude(task_path=INVITATIONS).count() == 1
    assert mailoutbox == []

    # The worker starts: each coordinator receives their own reminder, once.
    run_worker()
    run_worker()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.user.email for m in two_coordinators)
    assert all(m.subject.startswith("Palabre : une orientation attend") for m in mailoutbox)
    assert f"/orientations/{waiting.pk}/" in mailoutbox[0].body
    assert "close le 31/03/2027" in mailoutbox[0].body
    step = DeadlineStep.objects.get()
    assert (step.referral, step.step, step.moot) == (waiting, Step.REMINDER, False)
    assert JournalEntry.objects.filter(verb="reminded", subject_id=waiting.pk).count() == 1
    mailoutbox.clear()

    # Day 30: the limit. The command records the closure; the worker, started later, closes.
    clock(days_after(30, minutes=1))
    assert command() == "1 étape(s) confiée(s) au worker."
    waiting.refresh_from_db()
    assert waiting.decision == Decision.PENDING and mailoutbox == []
    clock(days_after(30, hours=2))
    run_worker()
    waiting.refresh_from_db()
    assert waiting.decision == Decision.LAPSED
    assert waiting.decided_at == days_after(30, hours=2)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [m.user.email for m in two_coordinators] + [agent.user.email]
    )
    # The accepted person received their invitation to book (adr/0026); the waiting one, this.
    invited, text = sms_lines(sms_file)
    assert invited["to"] == "+33711111111" and "prend en charge votre demande" in invited["text"]
    assert text["to"] == "+33612345678"
    assert "n'a pas eu de réponse dans le délai" in text["text"]

    # Run again, by the command and the worker: nothing more, and the answered one never moved.
    run_worker()
    assert command() == "0 étape(s) confiée(s) au worker."
    run_worker()
    assert len(mailoutbox) == 3 and len(sms_lines(sms_file)) == 2
    answered.refresh_from_db()
    assert answered.decision == Decision.ACCEPTED
    assert not DeadlineStep.objects.filter(referral=answered).exists()
    assert DeadlineNotice.objects.filter(sent_at__isnull=False).count() == 6  # 2 + 2 + 1 + 1


def test_a_request_answered_before_the_worker_runs_gets_no_reminder(
    transactional_db, clock, refer, coordinator, mailoutbox
):
    referral = refer()
    mailoutbox.clear()
    clock(days_after(10, minutes=1))
    command()
    deadline_actions.record_first_contact(
        referral=referral, by=coordinator, channel="SMS", attempted_at=days_after(10)
    )
    run_worker()
    assert mailoutbox == []
    step = DeadlineStep.objects.get()
    assert step.moot and step.performed_at is not None
    assert not step.notices.exists()
    assert not JournalEntry.objects.filter(verb="reminded").exists()


def test_a_request_decided_before_the_worker_runs_is_not_closed(
    transactional_db, clock, refer, coordinator, mailoutbox, sms_file
):
    referral = refer()
    clock(days_after(30, minutes=5))
    command()
    actions.decline_referral(referral=referral, by=coordinator, reason="OUT_OF_SCOPE")
    mailoutbox.clear()
    run_worker()
    referral.refresh_from_db()
    assert referral.decision == Decision.DECLINED
    assert DeadlineStep.objects.get(step=Step.LAPSE).moot
    assert mailoutbox == [] and sms_lines(sms_file) == []


def test_a_request_contacted_but_never_decided_is_closed_at_its_limit(
    transactional_db, clock, refer, coordinator, mailoutbox, sms_file
):
    referral = refer()
    clock(days_after(3))
    deadline_actions.record_first_contact(
        referral=referral, by=coordinator, channel="PHONE", attempted_at=days_after(3)
    )
    clock(days_after(10, minutes=1))
    assert command() == "0 étape(s) confiée(s) au worker."  # contacted: no reminder
    clock(days_after(30, minutes=1))
    assert command() == "1 étape(s) confiée(s) au worker."
    run_worker()
    referral.refresh_from_db()
    assert referral.decision == Decision.LAPSED
    assert [s.step for s in DeadlineStep.objects.all()] == [Step.LAPSE]


def test_a_reminder_whose_mail_fails_is_tried_again_by_the_worker_then_given_up(
    transactional_db, clock, refer, coordinator, mailoutbox, monkeypatch, caplog
):
    refer()
    clock(days_after(10, minutes=1))
    command()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(f"refusé pour {coordinator.user.email}")

    with monkeypatch.context() as patch:
        patch.setattr(mail.EmailMessage, "send", refuse)
        run_worker()
        notice = DeadlineNotice.objects.get()
        assert (notice.failures, notice.sent_at, notice.dropped) == (1, None, False)
        [again] = DBTaskResult.objects.filter(status="READY")
        assert again.run_after == days_after(10, minutes=6)
        for minutes in (6, 40, 200, 600):
            clock(days_after(10, minutes=minutes))
            run_worker()
    notice.refresh_from_db()
    assert notice.failures == 5 and notice.dropped and notice.sent_at is None
    assert coordinator.user.email not in caplog.text
    assert "given up: ConnectionRefusedError" in caplog.text
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_message_that_comes_back_after_a_failure_is_sent(
    transactional_db, clock, refer, coordinator, mailoutbox, monkeypatch
):
    refer()
    mailoutbox.clear()  # the coordination was told of the new request
    clock(days_after(10, minutes=1))
    command()
    with monkeypatch.context() as patch:
        patch.setattr(mail.EmailMessage, "send", lambda *a, **k: 1 / 0)
        run_worker()
    clock(days_after(10, minutes=7))
    run_worker()
    assert [m.to for m in mailoutbox] == [[coordinator.user.email]]
    assert DeadlineNotice.objects.get().sent_at == days_after(10, minutes=7)


def test_a_step_left_undone_is_queued_again_by_the_command_after_six_hours(
    transactional_db, clock, refer, coordinator, mailoutbox
):
    refer()
    mailoutbox.clear()  # the coordination was told of the new request
    clock(days_after(10, minutes=1))
    command()
    DBTaskResult.objects.all().delete()  # the task lost (failed beyond repair, say)
    clock(days_after(10, hours=5))
    command()
    assert not DBTaskResult.objects.exists()
    clock(days_after(10, hours=6, minutes=2))
    command()
    run_worker()
    assert [m.to for m in mailoutbox] == [[coordinator.user.email]]
    clock(days_after(10, hours=13))
    command()  # done: not queued again
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_person_without_a_mobile_nor_an_email_is_not_written_to(
    transactional_db, clock, refer, coordinator, mailoutbox, sms_file
):
    referral = refer(requester_phone="02 99 00 00 00")
    clock(days_after(30, minutes=1))
    command()
    run_worker()
    audiences = set(
        DeadlineNotice.objects.filter(step__referral=referral).values_list("audience", flat=True)
    )
    assert audiences == {Audience.COORDINATION, Audience.REFERRER}
    assert sms_lines(sms_file) == []


def test_the_person_is_written_to_by_email_when_they_gave_one(
    transactional_db, clock, refer, coordinator, mailoutbox, sms_file
):
    refer(requester_email="eloise@exemple.fr")
    clock(days_after(30, minutes=1))
    command()
    run_worker()
    [to_person] = [m for m in mailoutbox if m.to == ["eloise@exemple.fr"]]
    assert to_person.subject == "Votre demande de médiation auprès de Service Un"
    assert "/orientations/demande/service-un/" in to_person.body
    assert to_person.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sms_lines(sms_file) == []


def test_record_due_steps_answers_how_many_are_new(db, clock, refer):
    referral = refer()
    assert deadline_tasks.record_due_steps(days_after(30, minutes=1)) == 1
    assert deadline_tasks.record_due_steps(days_after(30, minutes=2)) == 0
    assert Referral.objects.lapse_due(days_after(31)).get() == referral


# --- A real worker, killed while it sends ------------------------------------------------------


def test_a_worker_killed_while_closing_then_restarted_sends_each_message_once(
    transactional_db, refer, two_coordinators, agent, tmp_path
):
    """On the real clock (the processes cannot share a pinned one): a request received 31 days
    ago. The worker closes it and is killed while its second e-mail waits at the SMTP server;
    started again, it sends the rest, and nothing twice."""
    import datetime as dt
    import subprocess
    import sys
    import time

    from django.utils import timezone

    from palabre.permanences.tests import test_delivery as notices

    referral = refer(received_at=timezone.now() - dt.timedelta(days=31))
    assert command() == "1 étape(s) confiée(s) au worker."
    sink_fixture = notices.Sink(hold_after=1)
    from aiosmtpd.controller import Controller

    controller = Controller(sink_fixture, hostname="127.0.0.1", port=notices.free_port())
    controller.start()
    try:
        database = notices.WorkerDatabase(tmp_path)
        database.hand_over()
        env = database.env(controller.port) | {
            "PALABRE_SMS_BACKEND": "palabre.core.sms.FileSender",
            "PALABRE_SMS_FILE": str(tmp_path / "worker-sms.jsonl"),
        }
        manage = [sys.executable, str(notices.ROOT / "manage.py")]
        worker = subprocess.Popen(
            [*manage, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
            cwd=notices.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 30
            while not sink_fixture.held and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.01)
            assert sink_fixture.held, (
                worker.stderr.read() if worker.poll() is not None else "stalled"
            )
        finally:
            worker.kill()
            worker.wait()
            worker.stderr.close()
        assert len(sink_fixture.messages) == 1
        sink_fixture.release()

        # Started again, with the step queued again (the command's six-hour net, say).
        database.take_back()
        deadline_tasks.perform_step.enqueue(str(DeadlineStep.objects.get().pk))
        database.hand_over()
        restarted = subprocess.run(
            [*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
            cwd=notices.ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert restarted.returncode == 0, restarted.stderr
        database.take_back()
    finally:
        controller.stop()
    expected = sorted([m.user.email for m in two_coordinators] + [agent.user.email])
    assert sorted(sink_fixture.to()) == expected
    assert len(sms_lines(tmp_path / "worker-sms.jsonl")) == 1
    referral.refresh_from_db()
    assert referral.decision == Decision.LAPSED
    assert not DeadlineNotice.objects.pending().exists()
