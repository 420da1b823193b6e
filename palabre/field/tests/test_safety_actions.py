"""Lone-worker safety, decided by the server: tonight's shift (22:00–06:00) with a check-in every
hour, an on-call contact, and the clock moved by hand. The sweep is what the every-minute command
and the worker run; nothing here needs the phone after its last check-in."""

import datetime as dt
import json
import logging
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from palabre.field import actions, nights, safety_actions, safety_delivery
from palabre.field.actions import FieldRefused
from palabre.field.safety import (
    AlertKind,
    CheckIn,
    OnCallContact,
    SafetyAlert,
    expected_by,
    last_missed_deadline,
)
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, PARIS, at

ON_CALL_EMAIL = "astreinte@example.org"
ON_CALL_PHONE = "06 11 22 33 44"
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sms.jsonl"
    return settings.PALABRE_SMS_FILE


def texts(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def watched(team, coordinator, shift):
    """Tonight's shift, its team checking in every hour, the night's on-call line."""
    safety_actions.set_team_safety(
        team=team,
        by=coordinator,
        check_in_minutes=60,
        on_call_name="Astreinte de nuit",
        on_call_email=ON_CALL_EMAIL,
        on_call_phone=ON_CALL_PHONE,
    )
    shift.refresh_from_db()
    return shift


@pytest.fixture
def pair(correspondents):
    """The two correspondents, Awa and Bruno, named so that messages can be read."""
    for membership, (first, last) in zip(
        correspondents, [("Awa", "Diallo"), ("Bruno", "Le Goff")], strict=True
    ):
        membership.user.first_name, membership.user.last_name = first, last
        membership.user.save()
    return correspondents


def sweep_at(clock, moment) -> int:
    clock(moment)
    return safety_delivery.sweep()


def both_check_in_at_half_past_ten(watched, pair, clock, place):
    clock(at(EVENING, 22, 30))
    awa, bruno = pair
    safety_actions.check_in(shift=watched, by=awa, place=Place(residence=place["glycines"]))
    safety_actions.check_in(shift=watched, by=bruno)
    clock(at(EVENING, 22, 31))
    return awa, bruno


def bruno_goes_home(watched, bruno, clock):
    """Bruno finishes early: only Awa is watched from then on."""
    clock(at(EVENING, 22, 45))
    safety_actions.end_watch(shift=watched, by=bruno)


# --- The clock of check-ins ---------------------------------------------------------------------


def test_deadlines_fall_every_interval_after_the_last_news_and_before_the_end():
    every, start, end = HOUR, at(EVENING, 22), at(NEXT_MORNING, 6)
    missed = {"last_news_at": start, "every": every, "ends_at": end}

    assert last_missed_deadline(**missed, now=at(EVENING, 22, 59)) is None
    assert last_missed_deadline(**missed, now=at(EVENING, 23)) == at(EVENING, 23)
    assert last_missed_deadline(**missed, now=at(NEXT_MORNING, 2, 30)) == at(NEXT_MORNING, 2)
    # 06:00 is the end: the last deadline is 05:00, even when the sweep comes late.
    assert last_missed_deadline(**missed, now=at(NEXT_MORNING, 6, 5)) == at(NEXT_MORNING, 5)
    assert expected_by(last_news_at=at(NEXT_MORNING, 5, 10), every=every, ends_at=end) is None
    assert expected_by(last_news_at=start, every=every, ends_at=end) == at(EVENING, 23)


def test_the_night_the_clocks_go_back_an_hour_is_an_hour():
    """25 October 2026: 03:00 CEST is followed by 02:00 CET. A check-in at 01:30 is expected
    again an hour later by the clock on the wall of the first 02:30, not of the second."""
    evening = dt.date(2026, 10, 24)
    starts, ends = nights.bounds(evening, dt.time(22), dt.time(6))
    check_in = dt.datetime(2026, 10, 25, 1, 30, tzinfo=PARIS)
    first_half_past_two = dt.datetime(2026, 10, 25, 2, 30, tzinfo=PARIS, fold=0)
    second_two = dt.datetime(2026, 10, 25, 2, 0, tzinfo=PARIS, fold=1)

    deadline = last_missed_deadline(last_news_at=check_in, every=HOUR, ends_at=ends, now=second_two)

    # (An instant of the hour lived twice never equals one of another zone: compare in UTC.)
    assert deadline == first_half_past_two.astimezone(dt.UTC)
    assert second_two - deadline == dt.timedelta(minutes=30)


# --- A missed check-in --------------------------------------------------------------------------


def test_a_missed_check_in_alerts_the_on_call_contact_exactly_once(
    watched, pair, clock, place, sms_file
):
    awa, bruno = both_check_in_at_half_past_ten(watched, pair, clock, place)
    clock(at(EVENING, 23, 20))
    safety_actions.check_in(shift=watched, by=bruno)

    assert sweep_at(clock, at(EVENING, 23, 29)) == 0
    assert sweep_at(clock, at(EVENING, 23, 31)) == 2  # one SMS, one e-mail
    assert sweep_at(clock, at(EVENING, 23, 32)) == 0
    assert sweep_at(clock, at(EVENING, 23, 32)) == 0

    alert = SafetyAlert.objects.get()
    assert (alert.member, alert.kind, alert.deadline) == (
        awa,
        AlertKind.MISSED_CHECK_IN,
        at(EVENING, 23, 30),
    )
    [text] = texts(sms_file)
    assert text["to"] == "+33611223344"
    assert text["text"] == (
        "Palabre, pointage manqué : Awa Diallo (Équipe de nuit), sans nouvelles depuis 22:30. "
        "Dernier lieu indiqué à 22:30 : Les Glycines (Maurepas - Bellangerais)."
    )
    [message] = mail.outbox
    assert message.to == [ON_CALL_EMAIL]
    assert message.subject == "Pointage manqué : Awa Diallo (Équipe de nuit)"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "n'a pas pointé avant 23:30 : sans nouvelles depuis 22:30" in message.body


def test_the_first_check_in_is_expected_an_interval_after_the_shift_starts(
    watched, pair, clock, sms_file
):
    assert sweep_at(clock, at(EVENING, 22, 59)) == 0
    assert sweep_at(clock, at(EVENING, 23, 1)) == 4
    assert {alert.deadline for alert in SafetyAlert.objects.all()} == {at(EVENING, 23)}
    assert "sans nouvelles depuis 22:00. Aucun lieu indiqué." in texts(sms_file)[0]["text"]


def test_checking_in_again_stops_the_alerts(watched, pair, clock, place, sms_file):
    awa, bruno = both_check_in_at_half_past_ten(watched, pair, clock, place)
    bruno_goes_home(watched, bruno, clock)
    sweep_at(clock, at(EVENING, 23, 31))
    clock(at(EVENING, 23, 40))
    safety_actions.check_in(shift=watched, by=awa)

    for minute in range(41, 60):
        sweep_at(clock, at(EVENING, 23, minute))
    sweep_at(clock, at(NEXT_MORNING, 0, 39))

    assert SafetyAlert.objects.count() == 1
    assert len(texts(sms_file)) == 1 and len(mail.outbox) == 1


def test_each_further_missed_deadline_alerts_once_more_until_the_shift_ends(
    watched, pair, clock, place, sms_file
):
    awa, bruno = both_check_in_at_half_past_ten(watched, pair, clock, place)
    bruno_goes_home(watched, bruno, clock)

    moment = at(EVENING, 23)
    while moment <= at(NEXT_MORNING, 8):
        sweep_at(clock, moment)
        moment += dt.timedelta(minutes=7)

    deadlines = list(SafetyAlert.objects.order_by("deadline").values_list("deadline", flat=True))
    assert deadlines == [at(EVENING, 22, 30) + n * HOUR for n in range(1, 8)]  # 23:30 … 05:30
    assert len(texts(sms_file)) == len(mail.outbox) == 7


def test_a_member_who_has_finished_is_no_longer_expected(watched, pair, clock, place, sms_file):
    awa, bruno = both_check_in_at_half_past_ten(watched, pair, clock, place)
    clock(at(EVENING, 23))
    safety_actions.end_watch(shift=watched, by=awa)
    safety_actions.end_watch(shift=watched, by=bruno)

    assert sweep_at(clock, at(NEXT_MORNING, 3)) == 0
    assert not SafetyAlert.objects.exists()


def test_an_alert_not_yet_sent_when_the_member_checks_in_is_dropped(
    watched, pair, clock, place, sms_file
):
    awa, bruno = both_check_in_at_half_past_ten(watched, pair, clock, place)
    bruno_goes_home(watched, bruno, clock)
    clock(at(EVENING, 23, 31))
    safety_delivery.raise_missed(at(EVENING, 23, 31))
    safety_actions.check_in(shift=watched, by=awa)

    assert safety_delivery.send_pending() == 0

    alert = SafetyAlert.objects.get()
    assert alert.dropped and alert.sms_sent_at is None and alert.email_sent_at is None
    assert texts(sms_file) == [] and mail.outbox == []


def test_a_team_without_interval_or_on_call_is_not_watched(team, shift, clock, sms_file):
    assert team.check_in_minutes is None
    assert sweep_at(clock, at(NEXT_MORNING, 3)) == 0
    assert not SafetyAlert.objects.exists()


def test_a_cancelled_shift_is_not_watched(watched, coordinator, clock, sms_file):
    clock(at(EVENING, 21))
    actions.cancel_shift(shift=watched, by=coordinator)
    assert sweep_at(clock, at(NEXT_MORNING, 3)) == 0


def test_the_every_minute_command_says_how_many_messages_went(
    watched, pair, clock, sms_file, capsys
):
    clock(at(EVENING, 23, 1))

    call_command("send_safety_alerts")
    call_command("send_safety_alerts")

    assert capsys.readouterr().out.split("\n")[:2] == [
        "4 message(s) envoyé(s).",
        "0 message(s) envoyé(s).",
    ]


def test_a_failed_sms_is_tried_again_while_the_email_goes_and_logs_no_number(
    watched, pair, clock, place, settings, caplog
):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.BrevoSender"
    settings.PALABRE_SMS_API_KEY = "key"
    settings.PALABRE_SMS_API_URL = "http://127.0.0.1:9"  # nothing listens there
    awa, bruno = both_check_in_at_half_past_ten(watched, pair, clock, place)
    bruno_goes_home(watched, bruno, clock)
    caplog.set_level(logging.INFO, logger="palabre.field.safety_delivery")

    assert sweep_at(clock, at(EVENING, 23, 31)) == 1
    assert sweep_at(clock, at(EVENING, 23, 32)) == 0

    alert = SafetyAlert.objects.get()
    assert (alert.sms_failures, alert.sms_sent_at, alert.email_sent_at is not None) == (
        2,
        None,
        True,
    )
    assert len(mail.outbox) == 1
    assert f"Safety alert {alert.pk} (MISSED_CHECK_IN by sms) not sent, attempt 2" in caplog.text
    for private in ("0611223344", "+33611223344", "11 22 33", ON_CALL_EMAIL, "Diallo", "Glycines"):
        assert private not in caplog.text


# --- The alarm ----------------------------------------------------------------------------------


@pytest.fixture
def wide(watched, coordinator, place):
    """Tonight's shift through both quartiers: Les Glycines (Maurepas) and Les Ajoncs (Blosne)."""
    actions.change_shift(
        shift=watched,
        by=coordinator,
        team=watched.team,
        starts_at=watched.starts_at,
        ends_at=watched.ends_at,
        members=list(watched.members.all()),
        quartiers=[place["maurepas"], place["blosne"]],
    )
    return watched


def test_the_alarm_reaches_the_on_call_contact_with_the_chosen_place_and_nothing_else(
    wide, pair, clock, place, coordinator, record, sms_file
):
    awa, bruno = both_check_in_at_half_past_ten(wide, pair, clock, place)
    clock(at(EVENING, 23, 5))
    record(wide, by=awa, note="Voisin du 3e MARQUEUR-NOTE", happened_at=at(EVENING, 23))
    safety_actions.write_report(shift=wide, by=awa, summary="Nuit agitée MARQUEUR-CR")
    safety_actions.flag_serious_event(
        shift=wide, by=awa, kind="TEAM_THREATENED", occurred_at=at(EVENING, 23),
        description="Menaces MARQUEUR-EVENEMENT",
    )  # fmt: skip
    mail.outbox.clear()
    clock(at(EVENING, 23, 12))

    alarm = safety_actions.raise_alarm(
        shift=wide, by=bruno, place=Place(residence=place["ajoncs"]), client_id=uuid.uuid4()
    )
    sent = safety_delivery.sweep()

    assert sent == 2
    [text] = texts(sms_file)
    assert text["text"] == (
        "ALARME Palabre : Bruno Le Goff (Équipe de nuit) à 23:12. Lieu : Les Ajoncs (Le Blosne)."
    )
    [message] = mail.outbox
    assert message.to == [ON_CALL_EMAIL]
    assert message.subject == "ALARME : Bruno Le Goff (Équipe de nuit)"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Lieu indiqué : Les Ajoncs (Le Blosne)." in message.body
    everything = text["text"] + message.subject + message.body
    for elsewhere in ("Glycines", "Maurepas", "Awa", "Diallo", "MARQUEUR", "Bruit", "Menaces"):
        assert elsewhere not in everything
    alarm.refresh_from_db()
    assert alarm.sms_sent_at and alarm.email_sent_at


def test_an_alarm_without_a_place_says_so(watched, pair, clock, sms_file):
    clock(at(EVENING, 22, 40))
    safety_actions.raise_alarm(shift=watched, by=pair[0])
    safety_delivery.sweep()
    assert texts(sms_file)[0]["text"].endswith("à 22:40. Aucun lieu indiqué.")
    assert "Aucun lieu indiqué." in mail.outbox[0].body


def test_an_alarm_tapped_twice_is_one_alarm(watched, pair, clock, sms_file):
    clock(at(EVENING, 22, 40))
    client_id = uuid.uuid4()
    first = safety_actions.raise_alarm(shift=watched, by=pair[0], client_id=client_id)
    again = safety_actions.raise_alarm(shift=watched, by=pair[0], client_id=client_id)

    assert first == again
    assert safety_delivery.sweep() == 2
    assert SafetyAlert.objects.filter(kind=AlertKind.ALARM).count() == 1


def test_an_alarm_is_not_a_check_in(watched, pair, clock, sms_file):
    """Raising the alarm says nothing is fine: the check-in clock keeps running."""
    clock(at(EVENING, 22, 50))
    safety_actions.raise_alarm(shift=watched, by=pair[0])
    safety_actions.end_watch(shift=watched, by=pair[1])
    sweep_at(clock, at(EVENING, 23, 1))

    assert list(SafetyAlert.objects.values_list("kind", flat=True).order_by("raised_at")) == [
        AlertKind.ALARM,
        AlertKind.MISSED_CHECK_IN,
    ]


# --- Who checks in, where -----------------------------------------------------------------------


def test_only_the_people_on_the_running_shift_check_in(watched, coordinator, member, clock, pair):
    with pytest.raises(FieldRefused, match="pas sur cette tournée"):
        safety_actions.check_in(shift=watched, by=coordinator)
    with pytest.raises(FieldRefused, match="pas sur cette tournée"):
        safety_actions.raise_alarm(shift=watched, by=member("mediator"))
    clock(at(NEXT_MORNING, 6, 1))
    with pytest.raises(FieldRefused, match="pas en cours"):
        safety_actions.check_in(shift=watched, by=pair[0])
    with pytest.raises(FieldRefused, match="pas en cours"):
        safety_actions.raise_alarm(shift=watched, by=pair[0])
    assert not CheckIn.objects.exists() and not SafetyAlert.objects.exists()


def test_a_place_outside_the_shifts_territory_is_refused(watched, pair, place):
    with pytest.raises(FieldRefused, match="territoire"):
        safety_actions.check_in(shift=watched, by=pair[0], place=Place(residence=place["ajoncs"]))
    with pytest.raises(FieldRefused, match="territoire"):
        safety_actions.raise_alarm(shift=watched, by=pair[0], place=Place(quartier=place["blosne"]))
    assert not CheckIn.objects.exists() and not SafetyAlert.objects.exists()


def test_without_an_on_call_contact_the_alarm_says_whom_to_call(team, shift, correspondents):
    with pytest.raises(FieldRefused, match="17 ou le 112"):
        safety_actions.raise_alarm(shift=shift, by=correspondents[0])


def test_a_check_in_asks_the_worker_to_look_at_its_deadline_once_saved(
    watched, pair, clock, django_capture_on_commit_callbacks
):
    clock(at(EVENING, 22, 30))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        safety_actions.check_in(shift=watched, by=pair[0])
        assert not DBTaskResult.objects.exists()

    assert len(callbacks) == 1
    queued = DBTaskResult.objects.get()
    assert queued.run_after == at(EVENING, 23, 30) + safety_actions.SWEEP_SLACK
    assert queued.task_path == "palabre.field.safety_delivery.sweep_task"


# --- The team's settings ------------------------------------------------------------------------


def test_an_interval_needs_an_on_call_email_and_mobile(team, coordinator):
    with pytest.raises(FieldRefused, match="e-mail et le téléphone"):
        safety_actions.set_team_safety(team=team, by=coordinator, check_in_minutes=60)
    with pytest.raises(FieldRefused, match="numéro de portable"):
        safety_actions.set_team_safety(
            team=team, by=coordinator, check_in_minutes=60,
            on_call_email=ON_CALL_EMAIL, on_call_phone="02 99 00 00 00",
        )  # fmt: skip
    with pytest.raises(FieldRefused, match="10 à 240 minutes"):
        safety_actions.set_team_safety(
            team=team, by=coordinator, check_in_minutes=5,
            on_call_email=ON_CALL_EMAIL, on_call_phone=ON_CALL_PHONE,
        )  # fmt: skip
    team.refresh_from_db()
    assert team.check_in_minutes is None and not OnCallContact.objects.exists()


def test_clearing_the_settings_removes_the_on_call_contact(watched, team, coordinator):
    assert OnCallContact.objects.get().name == "Astreinte de nuit"

    safety_actions.set_team_safety(team=team, by=coordinator, check_in_minutes=None)

    team.refresh_from_db()
    assert team.check_in_minutes is None and not OnCallContact.objects.exists()
