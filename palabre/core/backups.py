"""Backing up and restoring the database: what ``manage.py backup`` and ``manage.py restore``
share (docs/operations.md, « Sauvegarde et restauration »).

SQLite is copied while the instance runs, with SQLite's online backup API (a consistent copy even
while others write); PostgreSQL with ``pg_dump`` in its custom format, restored by
``pg_restore``. A backup holds the data keys of the services *wrapped* by the key-encryption key
(KEK), never the KEK itself: restoring needs the backup **and** the KEK, kept apart.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


def vendor() -> str:
    return connection.vendor


def kind_of(path: Path) -> str:
    """« sqlite » or « postgresql » from the file's first bytes; a CommandError otherwise."""
    try:
        with open(path, "rb") as file:
            head = file.read(16)
    except OSError as error:
        raise CommandError(f"Impossible de lire la sauvegarde {path} : {error.strerror}.") from None
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    raise CommandError(f"{path} n'est pas une sauvegarde de Palabre (ni SQLite, ni pg_dump).")


# --- PostgreSQL binaries, found like scripts/with-postgres --------------------------------------


def postgres_bin(name: str) -> str:
    """The newest ``/usr/lib/postgresql/*/bin/<name>``, else the one on the PATH; the directory
    ``PALABRE_PG_BIN`` wins when set (it must then hold the tool)."""
    chosen = os.environ.get("PALABRE_PG_BIN")
    if chosen:
        candidates = [Path(chosen) / name]
    else:
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"),
            key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parent.name.split(".")],
        )
        candidates = [path / name for path in reversed(versions)]
        on_path = shutil.which(name)
        if on_path:
            candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise CommandError(
        f"{name} introuvable : installez les outils clients de PostgreSQL (paquet "
        "postgresql-client) ou indiquez leur dossier dans PALABRE_PG_BIN."
    )


def pg_arguments(settings_dict, database: str | None = None) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL tools, and their environment (the password
    travels in ``PGPASSWORD``, never on the command line)."""
    arguments = []
    if settings_dict.get("HOST"):
        arguments += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", str(settings_dict["USER"])]
    arguments += ["--dbname", database or settings_dict["NAME"]]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return arguments, environment


def run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tool = Path(command[0]).name
        message = result.stderr.strip().splitlines()[-1:] or ["(sans message)"]
        raise CommandError(f"{tool} a échoué : {message[0]}")


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_backup(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` into ``target`` (a new file), checked afterwards."""
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        (status,) = destination.execute("PRAGMA integrity_check").fetchone()
    finally:
        destination.close()
    if status != "ok":
        raise CommandError(f"La copie {target} est corrompue ({status}).")


def sqlite_tables(path: Path) -> list[str]:
    if not path.exists() or path.stat().st_size == 0:
        return []
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    finally:
        database.close()
    return sorted(name for (name,) in rows)


def sqlite_restore(backup: Path, target: Path) -> None:
    """Copies the backup over ``target`` with the backup API (the whole database is replaced in
    one transaction of the target)."""
    if "django_migrations" not in sqlite_tables(backup):
        raise CommandError(f"{backup} ne contient pas de base Palabre.")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        sqlite_backup(source, target)
    finally:
        source.close()


# --- PostgreSQL ----------------------------------------------------------------------------------


def pg_table_count(settings_dict, database: str) -> int:
    """The number of tables in the ``public`` schema of ``database`` on the same server."""
    import psycopg

    arguments = {
        "dbname": database,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    try:
        with psycopg.connect(**{k: v for k, v in arguments.items() if v}) as link:
            (count,) = link.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
    except psycopg.OperationalError as error:
        raise CommandError(
            f"Impossible de joindre la base {database} : créez-la d'abord (createdb) "
            f"({str(error).strip().splitlines()[-1]})."
        ) from None
    return count
