"""A stolen copy of the database holds no statement (docs/adr/0014).

Markers are planted where the team writes what people say — a private note, a note of an
interview, a note written before encryption existed, a suspension reason, a field intervention's
note, a shift report, a serious event — then the service's key is rotated. The team still reads
every marker on its pages; the database, dumped as an operator or a thief would (the SQLite
file itself with its WAL, ``.dump``; ``pg_dump`` on PostgreSQL), holds none of them, nor
anything sealed by the retired key. Then the restore drill: the dump restored elsewhere and
opened by a new process that has the escrowed key-encryption key and nothing else.
"""

import datetime as dt
import io
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
)
from palabre.core import backups
from palabre.core.keys import DataKey
from palabre.core.tests.crypto_support import (
    database_env,
    manage,
    new_kek,
    postgres_url,
    stored,
    write_raw,
)
from palabre.field import actions as field_actions
from palabre.field import nights, safety_actions
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, at
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory

MARKERS = {
    "note": "MARQUEUR-NOTE-PRIVEE-7Q2W",
    "interview": "MARQUEUR-ENTRETIEN-4R9T",
    "legacy": "MARQUEUR-ANCIENNE-NOTE-8Y3U",
    "suspension": "MARQUEUR-SUSPENSION-2P6M",
    "field_note": "MARQUEUR-NOTE-TERRAIN-5K1L",
    "report": "MARQUEUR-COMPTE-RENDU-9H4J",
    "event": "MARQUEUR-EVENEMENT-3F8D",
}
LEGACY_NOTES = 40
PRINT_EVERY_SEALED_TEXT = (
    "from palabre.core.crypto_fields import encrypted_fields\n"
    "for model, field in encrypted_fields():\n"
    "    for row in model._base_manager.all():\n"
    "        print(getattr(row, field.attname))\n"
)


@pytest.fixture
def escrow(settings):
    """The service's key-encryption key, as held in escrow; nothing else is configured."""
    settings.PALABRE_KEK = kek = new_kek()
    settings.PALABRE_KEK_FILE = ""
    settings.PALABRE_DATA_KEY_TTL = 0
    return kek


@pytest.fixture
def world(transactional_db, escrow, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(EVENING, 23, 30))
    service = OrganisationFactory(name="Service chiffré", slug="service-chiffre")
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    case = CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 11, 20))
    say = actions.add_private_note
    notes = [
        say(case=case, by=coordinator, text=f"Elle dit : {MARKERS['note']}"),
        say(case=case, by=coordinator, text=f"Entretien : {MARKERS['interview']}",
            source_party=case.requester()),
    ]  # fmt: skip
    # Notes written before encryption existed, sealed by the command below: their plain text
    # must not survive in a free page of the file either (SQLite's secure_delete).
    for n in range(LEGACY_NOTES):
        legacy = say(case=case, by=coordinator, text="remplacée ci-dessous")
        write_raw(legacy, "text", f"Note {n} écrite avant le chiffrement : {MARKERS['legacy']}")
    actions.suspend(case=case, by=coordinator, reason=MARKERS["suspension"], on=EVENING)
    shift = _field_work(service, coordinator)
    call_command("rotate_data_keys", "--no-new-key", stdout=io.StringIO())
    retired = DataKey.objects.get(organisation=service)
    call_command("rotate_data_keys", stdout=io.StringIO())
    return SimpleNamespace(
        service=service, coordinator=coordinator, case=case, shift=shift, notes=notes,
        retired=retired.pk.hex,
    )  # fmt: skip


def _field_work(service, coordinator):
    correspondent = MembershipFactory(organisation=service, role="mediator")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas")
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    glycines = ResidenceFactory(
        landlord=landlord, name="Les Glycines", quartier=maurepas, commune=rennes
    )
    team = field_actions.create_team(
        organisation=service, by=coordinator, name="Nuit", members=[correspondent]
    )
    starts_at, ends_at = nights.bounds(EVENING, dt.time(22), dt.time(6))
    shift = field_actions.plan_shift(
        organisation=service, by=coordinator, team=team, starts_at=starts_at, ends_at=ends_at,
        members=[correspondent], quartiers=[maurepas],
    )  # fmt: skip
    intervention = field_actions.record_intervention(
        shift=shift, by=correspondent, happened_at=at(EVENING, 23),
        type=InterventionType.NOISE_NIGHT, place_kind=PlaceKind.RESIDENCE,
        place=Place(residence=glycines),
        note=f"Il a dit : {MARKERS['field_note']}",
    )  # fmt: skip
    safety_actions.flag_serious_event(
        shift=shift, by=correspondent, kind="TEAM_THREATENED", occurred_at=at(EVENING, 23, 5),
        description=MARKERS["event"], intervention=intervention,
    )  # fmt: skip
    safety_actions.write_report(shift=shift, by=correspondent, summary=MARKERS["report"], sign=True)
    return shift


def _the_team_reads_every_marker(world, login):
    client = login(world.coordinator)
    pages = [
        reverse("cases:detail", args=[world.case.pk]),
        reverse("field:shift", args=[world.shift.pk]),
        reverse("field:shift_report", args=[world.shift.pk]),
    ]
    shown = "".join(client.get(url).content.decode() for url in pages)
    assert [name for name, marker in MARKERS.items() if marker not in shown] == []


def _assert_nothing_readable(dump: bytes, world):
    assert [name for name, marker in MARKERS.items() if marker.encode() in dump] == []
    assert f"pal1:{world.retired}:".encode() not in dump, "data under the retired key"
    assert stored(world.notes[0], "text").encode() in dump, "the dump does not hold the notes"


# --- SQLite -------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_file():
    return Path(connection.settings_dict["NAME"])


@pytest.mark.sqlite_only
def test_the_sqlite_file_and_its_dump_hold_no_statement(world, login, sqlite_file):
    _the_team_reads_every_marker(world, login)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log, _done = cursor.fetchone()
    assert busy == 0
    wal = Path(f"{sqlite_file}-wal")
    raw = sqlite_file.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    with closing(sqlite3.connect(sqlite_file)) as db:
        dump = "\n".join(db.iterdump()).encode()

    _assert_nothing_readable(raw, world)
    _assert_nothing_readable(dump, world)


@pytest.mark.sqlite_only
def test_the_restore_drill_opens_a_copy_of_the_sqlite_file_with_the_escrowed_key_alone(
    world, escrow, sqlite_file, tmp_path
):
    copy = tmp_path / "restored.sqlite3"
    with closing(sqlite3.connect(sqlite_file)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    env = database_env() | {"PALABRE_DB_PATH": str(copy)}

    _drill(env, escrow)


def _drill(env, escrow):
    verified = manage("rotate_data_keys", "--verify", env=env | {"PALABRE_KEK": escrow})
    assert verified.returncode == 0, verified.stderr
    assert "0 en clair" in verified.stdout
    read = manage("shell", "-c", PRINT_EVERY_SEALED_TEXT, env=env | {"PALABRE_KEK": escrow})
    assert [name for name, marker in MARKERS.items() if marker not in read.stdout] == []

    wrong = manage("rotate_data_keys", "--verify", env=env | {"PALABRE_KEK": new_kek()})
    assert wrong.returncode != 0
    assert not any(marker in wrong.stdout + wrong.stderr for marker in MARKERS.values())


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture
def pg_dump():
    """Beside ``initdb``, as ``scripts/with-postgres`` finds it: missing is a failure."""
    return backups.postgres_bin("pg_dump")


def _pg_args():
    settings = connection.settings_dict
    return ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432),
            "-U", settings["USER"]]  # fmt: skip


def _pg_env():
    password = connection.settings_dict.get("PASSWORD")
    return os.environ | ({"PGPASSWORD": password} if password else {})


def _pg(tool, *args, **kwargs):
    return subprocess.run(
        [backups.postgres_bin(tool), *_pg_args(), *args], env=_pg_env(), check=True,
        capture_output=True, timeout=120, **kwargs,
    )  # fmt: skip


@pytest.mark.postgresql_only
def test_pg_dump_holds_no_statement(world, login, pg_dump):
    _the_team_reads_every_marker(world, login)

    dump = _pg("pg_dump", "--no-owner", connection.settings_dict["NAME"]).stdout

    _assert_nothing_readable(dump, world)


@pytest.mark.postgresql_only
def test_the_restore_drill_opens_a_pg_dump_with_the_escrowed_key_alone(
    world, escrow, pg_dump, tmp_path
):
    archive = tmp_path / "palabre.dump"
    _pg("pg_dump", "--no-owner", "-Fc", "-f", str(archive), connection.settings_dict["NAME"])
    restored = f"palabre_restore_{os.getpid()}"
    _pg("createdb", restored)
    try:
        _pg("pg_restore", "--no-owner", "-d", restored, str(archive))
        _drill(database_env(postgres_url(restored)), escrow)
    finally:
        _pg("dropdb", "--if-exists", restored)
