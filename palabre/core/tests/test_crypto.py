"""Notes and statements are sealed at rest with a key per service (docs/adr/0014): what reaches
the database, what opens, what refuses to."""

import base64
import os

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.db import transaction

from palabre.cases import actions
from palabre.cases.models import Case, PrivateNote
from palabre.cases.tests.factories import CaseFactory, MembershipFactory
from palabre.core import crypto
from palabre.core.crypto_fields import PlaintextRefused
from palabre.core.keys import DataKey
from palabre.core.tests.crypto_support import new_kek, stored, write_raw

SAID = "Mme Le Gall dit que son voisin crie la nuit depuis sa sortie de l'hôpital"


@pytest.fixture
def note(case, coordinator):
    return actions.add_private_note(case=case, by=coordinator, text=SAID)


def fresh(instance):
    return type(instance)._base_manager.get(pk=instance.pk)


def test_a_private_note_is_stored_sealed_and_read_in_clear(note):
    raw = stored(note, "text")

    assert crypto.is_token(raw)
    assert "voisin" not in raw and "hôpital" not in raw
    assert fresh(note).text == SAID


def test_a_sealed_value_names_the_services_data_key_wrapped_by_the_kek_in_use(note, service):
    data_key = DataKey.objects.get(organisation=service)

    assert crypto.key_id_of(stored(note, "text")) == data_key.pk.hex
    assert (data_key.version, data_key.kek_id) == (1, crypto.ring().primary)
    assert data_key.wrapped_key and SAID not in data_key.wrapped_key


def test_the_same_text_twice_is_sealed_twice_differently(case, coordinator, note):
    again = actions.add_private_note(case=case, by=coordinator, text=SAID)

    assert stored(again, "text") != stored(note, "text")


def test_each_service_has_its_own_data_key(note, other_service):
    coordinator = MembershipFactory(organisation=other_service, role="coordinator")
    elsewhere = CaseFactory(organisation=other_service, by=coordinator)
    theirs = actions.add_private_note(case=elsewhere, by=coordinator, text=SAID)

    assert crypto.key_id_of(stored(theirs, "text")) != crypto.key_id_of(stored(note, "text"))
    assert DataKey.objects.count() == 2


def test_a_value_altered_in_the_database_does_not_open(note):
    raw = stored(note, "text")
    flipped = raw[:-3] + ("A" if raw[-3] != "A" else "B") + raw[-2:]
    write_raw(note, "text", flipped)

    with pytest.raises(crypto.DecryptionFailed, match="does not open"):
        fresh(note).text  # noqa: B018


def test_a_value_copied_to_another_row_does_not_open(case, coordinator, note):
    other = actions.add_private_note(case=case, by=coordinator, text="Autre note")
    write_raw(other, "text", stored(note, "text"))

    with pytest.raises(crypto.DecryptionFailed):
        fresh(other).text  # noqa: B018
    assert fresh(note).text == SAID


def test_a_value_copied_to_another_service_does_not_open(note, other_service):
    coordinator = MembershipFactory(organisation=other_service, role="coordinator")
    elsewhere = CaseFactory(organisation=other_service, by=coordinator)
    theirs = actions.add_private_note(case=elsewhere, by=coordinator, text="Leur note")
    write_raw(theirs, "text", stored(note, "text"))

    with pytest.raises(crypto.DecryptionFailed):
        fresh(theirs).text  # noqa: B018


def test_plain_text_written_before_encryption_reads_as_it_is(note):
    write_raw(note, "text", "Écrite avant le chiffrement")

    assert fresh(note).text == "Écrite avant le chiffrement"


def test_an_empty_text_stays_empty(case, coordinator):
    actions.suspend(case=case, by=coordinator, reason="Hospitalisation de Mme Le Gall")
    case = actions.resume(case=Case.objects.get(pk=case.pk), by=coordinator)

    assert stored(case, "suspension_reason") == ""
    assert Case.objects.filter(pk=case.pk).exclude(suspension_reason="").count() == 0


def test_a_suspension_reason_is_sealed_too(case, coordinator):
    actions.suspend(case=case, by=coordinator, reason="Hospitalisation de Mme Le Gall")

    assert "Hospitalisation" not in stored(case, "suspension_reason")
    assert fresh(case).suspension_reason == "Hospitalisation de Mme Le Gall"


def test_a_loaded_row_is_opened_only_when_its_text_is_read(note):
    loaded = fresh(note)

    assert isinstance(loaded.__dict__["text"], crypto.Sealed)
    assert loaded.text == SAID
    assert loaded.__dict__["text"] == SAID


def test_no_plain_text_reaches_the_column_by_update_or_bulk_update(note):
    with pytest.raises(PlaintextRefused), transaction.atomic():
        PrivateNote.objects.filter(pk=note.pk).update(text="En clair")
    note.text = "En clair"
    with pytest.raises(PlaintextRefused), transaction.atomic():
        PrivateNote.objects.bulk_update([note], ["text"])

    assert fresh(note).text == SAID


def test_a_sealed_text_cannot_be_searched(note):
    with pytest.raises(PlaintextRefused):
        list(PrivateNote.objects.filter(text=SAID))
    with pytest.raises(FieldError, match="Unsupported lookup 'icontains'"):
        list(PrivateNote.objects.filter(text__icontains="voisin"))
    assert PrivateNote.objects.exclude(text="").count() == 1


def test_values_list_gives_sealed_values_that_refuse_to_be_text(note):
    (value,) = PrivateNote.objects.values_list("text", flat=True)

    assert isinstance(value, crypto.Sealed)
    assert SAID not in repr(value)
    with pytest.raises(TypeError):
        str(value)


def test_a_key_made_in_a_transaction_rolled_back_is_not_used_afterwards(service, case, coordinator):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        crypto.active_key(service.pk)
        raise Undo

    note = actions.add_private_note(case=case, by=coordinator, text=SAID)
    assert DataKey.objects.filter(pk=crypto.key_id_of(stored(note, "text"))).exists()
    crypto.forget()
    assert fresh(note).text == SAID


def test_a_note_does_not_open_without_the_kek_that_wraps_its_key(note, settings):
    settings.PALABRE_KEK = new_kek()  # another instance's key, not this one's

    with pytest.raises(crypto.MissingKey, match="is not loaded"):
        fresh(note).text  # noqa: B018


def test_a_data_key_altered_in_the_database_does_not_open(note, service):
    data_key = DataKey.objects.get(organisation=service)
    blob = bytearray(base64.b64decode(data_key.wrapped_key))
    blob[-1] ^= 1
    DataKey.objects.filter(pk=data_key.pk).update(wrapped_key=base64.b64encode(blob).decode())
    crypto.forget()

    with pytest.raises(crypto.DecryptionFailed, match="does not open with"):
        fresh(note).text  # noqa: B018


# --- Key-encryption keys ------------------------------------------------------------------------


def test_keys_are_read_in_base64_the_first_one_in_use(settings):
    first, second = os.urandom(32), os.urandom(32)
    urlsafe_unpadded = base64.urlsafe_b64encode(second).decode().rstrip("=")
    settings.PALABRE_KEK = f"{base64.b64encode(first).decode()}, {urlsafe_unpadded}"

    ring = crypto.ring()

    assert list(ring.keys) == [crypto.kek_id(first), crypto.kek_id(second)]
    assert ring.primary == crypto.kek_id(first)
    assert not ring.development


def test_keys_are_read_from_a_file_one_a_line_comments_aside(settings, tmp_path):
    key = os.urandom(32)
    path = tmp_path / "kek"
    path.write_text(f"# séquestre : présidence\n{base64.b64encode(key).decode()}\n")
    settings.PALABRE_KEK, settings.PALABRE_KEK_FILE = "", str(path)

    assert crypto.ring().primary == crypto.kek_id(key)


@pytest.mark.parametrize("value", ["trop-court", base64.b64encode(os.urandom(16)).decode()])
def test_a_key_that_is_not_32_bytes_is_refused_without_being_shown(settings, value):
    settings.PALABRE_KEK = value

    with pytest.raises(ImproperlyConfigured, match="not 32 bytes") as refused:
        crypto.ring()
    assert value not in str(refused.value)


def test_without_a_kek_a_development_key_is_made_once_in_var(settings, tmp_path):
    settings.PALABRE_KEK, settings.PALABRE_KEK_FILE, settings.BASE_DIR = "", "", tmp_path

    ring = crypto.ring()
    path = tmp_path / "var" / crypto.DEVELOPMENT_KEY_FILE
    crypto.forget()

    assert ring.development
    assert path.stat().st_mode & 0o077 == 0
    assert crypto.ring().primary == ring.primary


def test_a_text_longer_than_its_field_allows_is_refused_by_validation(case, coordinator):
    actions.suspend(case=case, by=coordinator, reason="Motif")
    case = Case.objects.get(pk=case.pk)
    case.suspension_reason = "x" * 201

    with pytest.raises(ValidationError, match="200"):
        case.full_clean()
