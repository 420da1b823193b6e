"""A cheap fingerprint of every table, to tell that a refused submission changed no row.

Each table is summed up by its row count and a hash of its rows: an insert, a delete or an
update of any column shows, even under the tests' fixed clock (where ``updated_at`` would not
move). PostgreSQL hashes in the database; SQLite's rows are hashed here, unless the connection
has written nothing since the last fingerprint (its ``total_changes`` has not moved).

Left out: the tables that reading a page writes by design — sessions, django-axes' login
attempts and the access log (« Journal des consultations »), which logins write to too.
"""

import hashlib

from django.db import connection

VOLATILE = ("django_session", "axes_", "privacy_accessrecord")
_last = {}  # the last fingerprint taken on SQLite, with the connection's count of changes


def _tables() -> list[str]:
    names = connection.introspection.table_names()
    return sorted(name for name in names if not name.startswith(VOLATILE))


def take() -> dict:
    """``{table: (count, hash)}``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_postgresql_query())
            return {name: (count, digest) for name, count, digest in cursor.fetchall()}
        # SQLite counts the rows each statement wrote: none since the last one, same rows.
        changes = connection.connection.total_changes
        if _last.get("connection") is connection.connection and _last["changes"] == changes:
            return _last["fingerprint"]
        found = {}
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = (len(rows), hashlib.blake2b("|".join(rows).encode()).hexdigest())
        _last.update(connection=connection.connection, changes=changes, fingerprint=found)
        return found


def _postgresql_query():
    return " UNION ALL ".join(
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
        f" FROM {connection.ops.quote_name(table)} x"
        for table in _tables()
    )


def changed(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ, with their counts."""
    return [
        f"{table} ({before.get(table, (0,))[0]} → {after.get(table, (0,))[0]} lignes)"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
