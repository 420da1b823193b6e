"""``check --deploy`` refuses an instance whose notes would be sealed by a key kept beside them."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import models
from django.test.utils import isolate_apps

from palabre.core.crypto_checks import key_encryption_keys
from palabre.core.crypto_fields import EncryptedTextField
from palabre.core.tests.crypto_support import new_kek


def ids(_settings):
    return [problem.id for problem in key_encryption_keys()]


@pytest.fixture
def no_kek(settings):
    settings.PALABRE_KEK, settings.PALABRE_KEK_FILE = "", ""
    return settings


def test_without_a_kek_the_deploy_check_fails(no_kek):
    assert ids(no_kek) == ["core.E001"]
    with pytest.raises(SystemCheckError, match="core.E001"):
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")


def test_a_kek_in_the_environment_passes(no_kek):
    no_kek.PALABRE_KEK = new_kek()

    assert ids(no_kek) == []


def test_a_malformed_kek_fails_the_check(no_kek):
    no_kek.PALABRE_KEK = "pas-une-cle"

    assert ids(no_kek) == ["core.E002"]


def test_a_kek_file_outside_the_project_readable_by_its_owner_only_passes(no_kek, tmp_path):
    path = tmp_path / "kek"
    path.write_text(new_kek() + "\n")
    path.chmod(0o600)
    no_kek.PALABRE_KEK_FILE = str(path)

    assert ids(no_kek) == []


def test_a_kek_file_others_can_read_is_a_warning(no_kek, tmp_path):
    path = tmp_path / "kek"
    path.write_text(new_kek() + "\n")
    path.chmod(0o644)
    no_kek.PALABRE_KEK_FILE = str(path)

    assert ids(no_kek) == ["core.W001"]


def test_a_kek_file_inside_the_project_fails_the_check(no_kek):
    path = no_kek.BASE_DIR / "var" / f"kek-check-{os.getpid()}"
    path.write_text(new_kek() + "\n")
    path.chmod(0o600)
    no_kek.PALABRE_KEK_FILE = str(path)
    try:
        assert ids(no_kek) == ["core.E003"]
    finally:
        path.unlink()


@isolate_apps("palabre.core")
def test_an_encrypted_field_needs_the_service_its_key_belongs_to():
    class Loose(models.Model):  # noqa: DJ008
        text = EncryptedTextField()

    class Tied(models.Model):  # noqa: DJ008
        organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE)
        text = EncryptedTextField()

    assert [e.id for e in Loose._meta.get_field("text").check()] == ["core.E010"]
    assert Tied._meta.get_field("text").check() == []
