"""Backup and restore on SQLite: ``manage.py backup`` copies the live database with the online
backup API into a timestamped file, ``manage.py restore`` puts it into a fresh database, and
every table of the copy equals the original, row by row. The key-encryption key is not in it."""

import datetime as dt
import sqlite3
import zoneinfo
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from palabre.cases import actions
from palabre.cases.tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.sqlite_only,  # see test_backup_postgres
]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOTE = "Propos confiés à la médiation, à retrouver après restauration"


@pytest.fixture
def filled(service, coordinator, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 11, 3, 15, tzinfo=PARIS))
    case = CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 11, 2))
    actions.add_private_note(case=case, by=coordinator, text=NOTE)
    return case


def _rows(path: Path) -> dict:
    """Every table of the database, its schema and its rows in a stable order."""
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = database.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        found = {}
        for name, sql in tables:
            columns = len(database.execute(f'SELECT * FROM "{name}" LIMIT 0').description)
            order = ", ".join(str(i) for i in range(1, columns + 1))
            rows = database.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
            found[name] = (sql, rows)
        return found
    finally:
        database.close()


def test_a_backup_restored_into_a_fresh_file_equals_the_database_table_by_table(filled, tmp_path):
    backup = tmp_path / "sauvegarde.sqlite3"
    restored = tmp_path / "restauree.sqlite3"

    call_command("backup", output=backup)
    call_command("restore", str(backup), database=str(restored))

    original = _rows(Path(connection.settings_dict["NAME"]))
    copy = _rows(restored)
    assert set(copy) == set(original)
    for table, (sql, rows) in original.items():
        assert copy[table] == (sql, rows), table
    assert len(original["cases_privatenote"][1]) == 1
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_notes_stay_sealed_in_the_backup_and_its_key_is_not_in_it(
    service, coordinator, tmp_path, settings
):
    import base64

    from palabre.core.tests.crypto_support import new_kek

    kek = new_kek()
    settings.PALABRE_KEK = kek
    case = CaseFactory(organisation=service, by=coordinator)
    actions.add_private_note(case=case, by=coordinator, text=NOTE)
    backup = tmp_path / "sauvegarde.sqlite3"
    call_command("backup", output=backup)

    content = backup.read_bytes()
    assert NOTE.encode() not in content
    assert kek.encode() not in content
    assert base64.b64decode(kek) not in content


def test_without_a_file_name_the_backup_is_timestamped_in_the_backup_folder(
    filled, tmp_path, capsys
):
    call_command("backup", output_dir=tmp_path)

    expected = tmp_path / "palabre-20261211-031500.sqlite3"
    assert capsys.readouterr().out.strip() == str(expected)
    assert expected.exists()
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", output_dir=tmp_path)


def test_restore_refuses_a_database_that_already_holds_tables_unless_forced(filled, tmp_path):
    backup = tmp_path / "sauvegarde.sqlite3"
    call_command("backup", output=backup)
    occupied = tmp_path / "occupee.sqlite3"
    database = sqlite3.connect(occupied)
    database.execute("CREATE TABLE precieuse (x)")
    database.execute("INSERT INTO precieuse VALUES (42)")
    database.commit()
    database.close()

    with pytest.raises(CommandError, match="contient déjà 1 table"):
        call_command("restore", str(backup), database=str(occupied))
    assert _rows(occupied)["precieuse"][1] == [(42,)]

    call_command("restore", str(backup), database=str(occupied), force=True)
    restored = _rows(occupied)
    assert "precieuse" not in restored
    assert len(restored["cases_privatenote"][1]) == 1


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("pas une base")
    with pytest.raises(CommandError, match="n'est pas une sauvegarde"):
        call_command("restore", str(stranger), database=str(tmp_path / "neuve.sqlite3"))
    assert not (tmp_path / "neuve.sqlite3").exists()
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("restore", str(tmp_path / "absente.sqlite3"))
