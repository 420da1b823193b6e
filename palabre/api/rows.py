"""Rows read by hand-written SQL, turned into Python values as the ORM turns them (each field's
converters: a UUID stored as text on SQLite, a date, a JSON list…).

The API writes by hand the few statements every request runs (the token, the page of cases):
the ORM would build each of them again at every request, which costs several times what the
database spends answering them (docs/adr/0036)."""

from django.db import connection


def readers(columns) -> list:
    """``columns``: (field, table alias) pairs; their converters, in the same order."""
    found = []
    for field, alias in columns:
        column = field.get_col(alias)
        found.append(
            (
                connection.ops.get_db_converters(column) + field.get_db_converters(connection),
                column,
            )
        )
    return found


def convert(row, converters) -> list:
    values = []
    for value, (field_converters, column) in zip(row, converters, strict=True):
        for converter in field_converters:
            value = converter(value, column, connection)
        values.append(value)
    return values
