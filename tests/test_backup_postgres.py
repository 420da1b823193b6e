"""Backup and restore on PostgreSQL: ``manage.py backup`` (``pg_dump -Fc``) then ``manage.py
restore`` (``pg_restore``) into a fresh database of the same server, and every table of the
copy equals the original, row by row. Runs on the PostgreSQL suite (``scripts/with-postgres``);
with ``PALABRE_REQUIRE_POSTGRES=1`` missing client tools fail the test instead of skipping it."""

import datetime as dt
import uuid
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from palabre.cases import actions
from palabre.cases.tests.factories import CaseFactory
from palabre.core import backups

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql_only,
]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def tools():
    """The PostgreSQL run has a cluster, hence its tools beside ``initdb``: missing is a failure."""
    try:
        return [backups.postgres_bin(name) for name in ("pg_dump", "pg_restore")]
    except CommandError as missing:
        pytest.fail(str(missing))


def _link(database):
    import psycopg

    settings_dict = connection.settings_dict
    arguments = {
        "dbname": database,
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
    }
    return psycopg.connect(**{k: v for k, v in arguments.items() if v}, autocommit=True)


@pytest.fixture
def fresh_database():
    name = f"palabre_restauree_{uuid.uuid4().hex[:8]}"
    with _link("postgres") as link:
        link.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _link("postgres") as link:
        link.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(database) -> dict:
    """Every table of the ``public`` schema, its rows as JSON text in a stable order."""
    with _link(database) as link:
        tables = [
            name
            for (name,) in link.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
        ]
        return {
            table: [
                row
                for (row,) in link.execute(
                    f'SELECT row_to_json(t)::text FROM "{table}" AS t ORDER BY 1'
                ).fetchall()
            ]
            for table in tables
        }


def test_a_dump_restored_into_a_fresh_database_equals_the_database_table_by_table(
    tools, service, coordinator, fresh_database, tmp_path, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 11, 3, 15, tzinfo=PARIS))
    case = CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 11, 2))
    actions.add_private_note(case=case, by=coordinator, text="Propos à retrouver")
    dump = tmp_path / "sauvegarde.dump"

    call_command("backup", output=dump)
    call_command("restore", str(dump), database=fresh_database)

    original, copy = _rows(connection.settings_dict["NAME"]), _rows(fresh_database)
    assert set(copy) == set(original)
    for table, rows in original.items():
        assert copy[table] == rows, table
    assert len(original["cases_privatenote"]) == 1
    assert dump.read_bytes().startswith(b"PGDMP")


def test_restore_refuses_a_database_that_already_holds_tables_unless_forced(
    tools, service, coordinator, fresh_database, tmp_path
):
    CaseFactory(organisation=service, by=coordinator)
    dump = tmp_path / "sauvegarde.dump"
    call_command("backup", output=dump)
    with _link(fresh_database) as link:
        link.execute("CREATE TABLE precieuse (x integer)")
        link.execute("INSERT INTO precieuse VALUES (42)")

    with pytest.raises(CommandError, match="contient déjà 1 table"):
        call_command("restore", str(dump), database=fresh_database)
    assert _rows(fresh_database) == {"precieuse": ['{"x":42}']}

    call_command("restore", str(dump), database=fresh_database, force=True)
    assert len(_rows(fresh_database)["cases_case"]) == 1


def test_a_sqlite_backup_is_refused_by_a_postgresql_instance(tools, db, tmp_path):
    backup = tmp_path / "sauvegarde.sqlite3"
    backup.write_bytes(backups.SQLITE_HEADER + b"\0" * 100)
    with pytest.raises(CommandError, match="vient d'une base sqlite"):
        call_command("restore", str(backup))
