"""``manage.py remind_signals``: an overdue signal is reminded to its partner once per step;
run twice, it sends one e-mail."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from palabre.core.models import JournalEntry
from palabre.field import watch_actions
from palabre.field.models import SignalReminder
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING, at
from palabre.field.watch import SignalStatus, Urgency

SENT_AT = at(EVENING, 23, 30)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signal(service, place, coordinator, shift):
    """An urgent signal to Archipel Habitat (due 3 days after it was sent)."""
    watch_world.landlords(service, place, coordinator)
    return watch_world.report(
        shift, by=coordinator, residence=place["glycines"], urgency=Urgency.URGENT
    )


def remind(django_capture_on_commit_callbacks) -> str:
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_signals", stdout=out)
    return out.getvalue()


def test_nothing_is_reminded_before_the_due_date(
    signal, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock(SENT_AT + dt.timedelta(days=2, hours=23))
    assert remind(django_capture_on_commit_callbacks) == "0 relance(s) envoyée(s).\n"
    assert mailoutbox == []


def test_an_overdue_signal_is_reminded_once_however_often_the_command_runs(
    signal, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock(SENT_AT + dt.timedelta(days=3, minutes=1))
    assert remind(django_capture_on_commit_callbacks) == "1 relance(s) envoyée(s).\n"
    assert remind(django_capture_on_commit_callbacks) == "0 relance(s) envoyée(s).\n"
    clock(SENT_AT + dt.timedelta(days=5))
    remind(django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.to == [watch_world.ARCHIPEL_ADDRESS]
    assert message.subject.startswith("Relance : signalement technique en retard")
    assert "/terrain/signalement/" in message.body and "Envoyé" in message.body
    assert SignalReminder.objects.get().step == SignalStatus.SENT


def test_once_acknowledged_and_still_overdue_it_is_reminded_once_more(
    signal, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock(SENT_AT + dt.timedelta(days=4))
    remind(django_capture_on_commit_callbacks)
    watch_actions.acknowledge_signal(signal=signal)
    remind(django_capture_on_commit_callbacks)
    remind(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert "Pris en compte" in mailoutbox[1].body
    assert sorted(SignalReminder.objects.values_list("step", flat=True)) == [
        SignalStatus.ACKNOWLEDGED,
        SignalStatus.SENT,
    ]


def test_a_resolved_signal_is_never_reminded(
    signal, clock, mailoutbox, django_capture_on_commit_callbacks
):
    watch_actions.resolve_signal(signal=signal)
    clock(SENT_AT + dt.timedelta(days=30))
    remind(django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_partner_without_an_address_is_left_for_a_later_run(
    signal, clock, mailoutbox, django_capture_on_commit_callbacks
):
    partner = signal.partner
    partner.email = ""
    partner.save()
    clock(SENT_AT + dt.timedelta(days=4))
    remind(django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not SignalReminder.objects.exists()
    partner.email = "nouvelle@archipel.example"
    partner.save()
    remind(django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["nouvelle@archipel.example"]]


def test_a_reminder_whose_email_fails_is_sent_again_next_time(
    signal, clock, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    clock(SENT_AT + dt.timedelta(days=4))

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP refusé")

    with monkeypatch.context() as patch:
        patch.setattr(mail.EmailMessage, "send", refuse)
        remind(django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not SignalReminder.objects.exists()
    assert not JournalEntry.objects.filter(verb="signal_reminded").exists()
    remind(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert JournalEntry.objects.filter(verb="signal_reminded", subject_id=signal.pk).count() == 1
