"""Rotating a service's data key without downtime, finishing a rotation cut short, sealing what
was written before encryption, and moving the data keys to a new key-encryption key."""

import io
import signal
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from palabre.cases import actions
from palabre.cases.models import PrivateNote
from palabre.cases.tests.factories import CaseFactory, MembershipFactory
from palabre.core import crypto, key_rotation
from palabre.core.keys import DataKey
from palabre.core.tests.crypto_support import (
    database_env,
    manage_in_background,
    new_kek,
    stored,
    write_raw,
)

NOTES = [
    f"Propos n° {n} : le voisin du dessus dit que la musique dure jusqu'à 2 h" for n in range(7)
]


class Interrupted(Exception):
    pass


@pytest.fixture(autouse=True)
def no_stale_writers(settings):
    settings.PALABRE_DATA_KEY_TTL = 0


@pytest.fixture
def notes(case, coordinator):
    return [actions.add_private_note(case=case, by=coordinator, text=text) for text in NOTES]


def key_ids(rows, field="text"):
    return {crypto.key_id_of(stored(row, field)) for row in rows}


def texts(rows):
    crypto.forget()  # every key unwrapped again, as in a process that just started
    return [PrivateNote.objects.get(pk=row.pk).text for row in rows]


def run(*args):
    call_command("rotate_data_keys", *args, stdout=io.StringIO())


def test_a_rotation_reseals_every_value_and_retires_the_old_key(service, case, coordinator, notes):
    actions.suspend(case=case, by=coordinator, reason="Procédure en cours")
    first = DataKey.objects.get(organisation=service)

    run()

    first.refresh_from_db()
    second = DataKey.objects.active().get(organisation=service)
    assert second.version == 2
    assert key_ids(notes) | key_ids([case], "suspension_reason") == {second.pk.hex}
    assert first.retired_at and first.wrapped_key == ""
    assert texts(notes) == NOTES


def test_readers_open_both_versions_while_a_rotation_runs_and_a_rerun_finishes_it(service, notes):
    first = DataKey.objects.get(organisation=service)
    second = key_rotation.supersede(service.pk)

    def stop_after_two_batches(model, field, progress):
        if progress.batches == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        key_rotation.reseal(service.pk, second, batch_size=2, report=stop_after_two_batches)

    assert key_ids(notes) == {first.pk.hex, second.pk.hex}
    assert texts(notes) == NOTES  # pages stay usable half-way

    run()  # resumes: no third version

    versions = DataKey.objects.filter(organisation=service)
    assert [(k.version, k.state) for k in versions] == [(1, "retirée"), (2, "active")]
    assert key_ids(notes) == {second.pk.hex}
    assert texts(notes) == NOTES


def test_plain_text_written_before_encryption_is_sealed_without_a_new_key(service, notes):
    for note in notes[:3]:
        write_raw(note, "text", "Écrite en clair avant la mise à jour")

    run("--no-new-key")

    assert DataKey.objects.filter(organisation=service).count() == 1
    assert all(crypto.is_token(stored(note, "text")) for note in notes)
    assert texts(notes[:3]) == ["Écrite en clair avant la mise à jour"] * 3
    assert key_rotation.census(service.pk).plaintext == 0


def test_a_note_edited_while_it_is_being_resealed_keeps_its_edit(service, case, notes):
    note = notes[0]
    read = stored(note, "text")
    edited = PrivateNote.objects.get(pk=note.pk)
    edited.text = "Corrigée pendant la rotation"
    edited.save()
    second = key_rotation.supersede(service.pk)
    progress = key_rotation.Progress()

    key_rotation._reseal_batch(
        PrivateNote, PrivateNote._meta.get_field("text"), service.pk, [(note.pk, read)],
        (second.pk.hex, crypto.cipher_of(second)), progress,
    )  # fmt: skip

    assert (progress.resealed, progress.changed_meanwhile) == (0, 1)
    assert texts([note]) == ["Corrigée pendant la rotation"]


def test_a_value_that_does_not_open_stops_the_rotation_and_keeps_the_old_key(service, notes):
    raw = stored(notes[0], "text")
    write_raw(notes[0], "text", raw[:-2] + ("AA" if raw[-2:] != "AA" else "BB"))

    with pytest.raises(CommandError, match="1 valeur"):
        run()

    assert DataKey.objects.get(organisation=service, version=1).wrapped_key != ""
    assert texts(notes[1:]) == NOTES[1:]


def test_a_service_whose_value_does_not_open_does_not_hold_back_the_others(
    service, notes, other_service
):
    coordinator = MembershipFactory(organisation=other_service, role="coordinator")
    elsewhere = CaseFactory(organisation=other_service, by=coordinator)
    theirs = actions.add_private_note(case=elsewhere, by=coordinator, text="Leur note")
    write_raw(notes[1], "text", stored(notes[0], "text"))

    with pytest.raises(CommandError, match="service-un"):
        run()

    assert [k.state for k in DataKey.objects.filter(organisation=other_service)] == [
        "retirée",
        "active",
    ]
    assert texts([theirs]) == ["Leur note"]


def test_data_keys_move_to_a_new_kek_after_which_the_old_one_can_go(settings, case, coordinator):
    old, new = new_kek(), new_kek()
    settings.PALABRE_KEK = old
    notes = [actions.add_private_note(case=case, by=coordinator, text=text) for text in NOTES]
    settings.PALABRE_KEK = new
    with pytest.raises(crypto.MissingKey):
        texts(notes)

    settings.PALABRE_KEK = f"{new},{old}"
    run("--kek")

    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {crypto.ring().primary}
    settings.PALABRE_KEK = new
    assert texts(notes) == NOTES


def test_status_and_verify_say_what_is_sealed_and_that_it_opens(service, notes, capsys):
    call_command("rotate_data_keys", "--status")
    call_command("rotate_data_keys", "--verify")

    out = capsys.readouterr().out
    assert f"v1 active    {crypto.ring().primary}" in out and "7 valeur(s)" in out
    assert "7 valeur(s) chiffrée(s) ouverte(s), 0 en clair." in out


def test_verify_fails_on_a_value_that_does_not_open(notes):
    write_raw(notes[1], "text", stored(notes[0], "text"))

    with pytest.raises(CommandError, match="1 valeur"):
        call_command("rotate_data_keys", "--verify", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_rotation_killed_half_way_resumes_and_every_record_opens(settings, case, coordinator):
    """The command is really killed (SIGKILL) in another process between two batches."""
    settings.PALABRE_KEK = kek = new_kek()
    crypto.forget()
    notes = [
        actions.add_private_note(case=case, by=coordinator, text=f"{text} ({n})")
        for n in range(3) for text in NOTES
    ]  # fmt: skip
    first = DataKey.objects.get(organisation=case.organisation)
    env = database_env() | {"PALABRE_KEK": kek}

    command = manage_in_background(
        "rotate_data_keys", "--batch-size", "1", "--pause", "0.4", env=env
    )
    try:
        deadline = time.monotonic() + 60
        while len(key_ids(notes)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        command.send_signal(signal.SIGKILL)
        _out, errors = command.communicate()

    second = DataKey.objects.active().get(organisation=case.organisation)
    half = key_ids(notes)
    assert half == {first.pk.hex, second.pk.hex}, f"not killed half-way: {errors[-2000:]}"
    assert texts(notes) == [note.text for note in notes]

    run()

    assert key_ids(notes) == {second.pk.hex}
    assert DataKey.objects.get(pk=first.pk).wrapped_key == ""
    assert texts(notes) == [note.text for note in notes]
