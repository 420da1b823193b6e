"""What the encryption tests share: fresh key-encryption keys, the raw column as stored, and
running ``manage.py`` in another process against the test database with chosen keys only."""

import base64
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast

ROOT = Path(__file__).resolve().parents[3]


def new_kek() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def stored(instance, field_name: str) -> str:
    """The column as the database holds it (sealed token or plain text), not as the app reads it."""
    return (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .annotate(raw=Cast(F(field_name), output_field=TextField()))
        .values_list("raw", flat=True)
        .get()
    )


def write_raw(instance, field_name: str, value: str):
    """Writes the column around the field, as a row written before encryption would be."""
    model = type(instance)
    column = model._meta.get_field(field_name).column
    pk = model._meta.pk.get_db_prep_value(instance.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{model._meta.db_table}" SET "{column}" = %s WHERE "id" = %s', [value, pk]
        )


def database_env(database_url: str | None = None) -> dict:
    """The environment that points ``manage.py`` at this test's database, no key of any kind:
    the caller adds the ones it means to give."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PALABRE_KEK") and key not in {"DATABASE_URL", "PALABRE_DB_PATH"}
    }
    env["PALABRE_TESTING"] = "0"
    env["PALABRE_DATA_KEY_TTL"] = "0"
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        env["PALABRE_DB_PATH"] = str(settings["NAME"])
    else:
        env["DATABASE_URL"] = database_url or postgres_url(settings["NAME"])
    return env


def postgres_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{name}"
    )


def manage(*args, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def manage_in_background(*args, env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
