"""The deadline reminders through ``manage.py remind_funding`` and the task worker, in this
process (``db_worker --batch``) so that the clock can be moved: 14 days and 3 days before the
deadline, each reminder once, to the coordination of a member that marked its interest and has
not applied, the worker stopped while the command runs and started again after."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from palabre.cases.tests.factories import MembershipFactory
from palabre.network import actions_funding
from palabre.network.models import FundingReminder
from palabre.network.tests.funding_support import TODAY

TASK = "palabre.network.funding_reminders.send_reminder"


def command() -> str:
    out = io.StringIO()
    call_command("remind_funding", stdout=out)
    return out.getvalue().strip()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def before_deadline(call, days, hour=9):
    day = call.deadline - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def clock(monkeypatch):
    state = {}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def world(transactional_db, funding_world, clock):
    clock(dt.datetime.combine(TODAY, dt.time(10), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)))
    service = funding_world["service"]
    funding_world["member_admin"] = MembershipFactory(organisation=service, role="admin")
    MembershipFactory(organisation=service, role="mediator")  # never written to
    call = funding_world["call"]
    actions_funding.mark_interest(call=call, member=funding_world["member"], by=None)
    actions_funding.mark_interest(call=call, member=funding_world["other_member"], by=None)
    actions_funding.record_application(
        call=call, member=funding_world["other_member"], by=None, applied_on=TODAY
    )
    return funding_world


def test_each_reminder_goes_once_with_the_worker_stopped_and_restarted(world, clock, mailoutbox):
    call = world["call"]
    coordination = sorted([world["coordinator"].user.email, world["member_admin"].user.email])
    clock(before_deadline(call, 15))
    assert command() == "0 relance(s) confiée(s) au worker."

    # 14 days before: the command records the reminder while the worker is stopped.
    clock(before_deadline(call, 14))
    assert command() == "1 relance(s) confiée(s) au worker."
    assert command() == "0 relance(s) confiée(s) au worker."
    assert DBTaskResult.objects.filter(status="READY", task_path=TASK).count() == 1
    assert mailoutbox == []

    # The worker starts: each person of the coordination receives it, once.
    clock(before_deadline(call, 14, hour=11))
    run_worker()
    run_worker()
    assert sorted(m.to[0] for m in mailoutbox) == coordination
    message = mailoutbox[0]
    assert message.subject == "Palabre : l'appel « Médiation de voisinage » se clôt dans 14 jours"
    assert "Médiation de Rennes a signalé son intérêt" in message.body
    assert f"/reseau/financements/{call.pk}/" in message.body
    assert "Médiation de Lille" not in message.body
    mailoutbox.clear()

    # The days after: nothing more.
    for days in (13, 5, 4):
        clock(before_deadline(call, days))
        assert command() == "0 relance(s) confiée(s) au worker."
        run_worker()
    assert mailoutbox == []

    # 3 days before: recorded by the command, sent by the worker started two hours later.
    clock(before_deadline(call, 3))
    assert command() == "1 relance(s) confiée(s) au worker."
    clock(before_deadline(call, 3, hour=11))
    run_worker()
    assert sorted(m.to[0] for m in mailoutbox) == coordination
    assert mailoutbox[0].subject.endswith("se clôt dans 3 jours")
    mailoutbox.clear()
    for days in (2, 1, 0, -1):
        clock(before_deadline(call, days))
        command()
        run_worker()
    assert mailoutbox == []
    steps = FundingReminder.objects.values_list("days_before", "dropped")
    assert sorted(steps) == [(3, False), (14, False)]
    assert not FundingReminder.objects.filter(sent_at__isnull=True).exists()


def test_a_member_that_applies_before_the_worker_runs_gets_nothing(world, clock, mailoutbox):
    call = world["call"]
    clock(before_deadline(call, 14))
    command()
    actions_funding.record_application(
        call=call, member=world["member"], by=None, applied_on=call.deadline - dt.timedelta(days=14)
    )
    run_worker()
    assert mailoutbox == []
    reminder = FundingReminder.objects.get()
    assert reminder.dropped and reminder.sent_at is None
    clock(before_deadline(call, 3))
    assert command() == "0 relance(s) confiée(s) au worker."


def test_an_interest_marked_late_gets_only_the_latest_step(world, clock, mailoutbox):
    call = world["call"]
    clock(before_deadline(call, 2))
    assert command() == "1 relance(s) confiée(s) au worker."
    run_worker()
    assert len(mailoutbox) == 2 and mailoutbox[0].subject.endswith("dans 2 jours")
    assert FundingReminder.objects.get().days_before == 3


def test_a_lost_task_is_queued_again_six_hours_later_and_sends_once(world, clock, mailoutbox):
    call = world["call"]
    clock(before_deadline(call, 14))
    command()
    DBTaskResult.objects.filter(task_path=TASK).delete()  # the queue lost it
    run_worker()
    assert mailoutbox == []
    clock(before_deadline(call, 14, hour=14))
    command()
    run_worker()
    assert mailoutbox == []  # not yet stale
    clock(before_deadline(call, 14, hour=16))
    assert command() == "0 relance(s) confiée(s) au worker."
    run_worker()
    run_worker()
    assert len(mailoutbox) == 2
    clock(before_deadline(call, 13, hour=1))
    command()
    run_worker()
    assert len(mailoutbox) == 2


def test_on_the_deadline_day_the_reminder_says_today(world, clock, mailoutbox):
    call = world["call"]
    clock(before_deadline(call, 0, hour=8))
    assert command() == "1 relance(s) confiée(s) au worker."
    run_worker()
    assert {m.subject for m in mailoutbox} == {
        "Palabre : l'appel « Médiation de voisinage » se clôt aujourd'hui"
    }
