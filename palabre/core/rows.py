"""Rows read or written by hand-written SQL, with the values the ORM would read or write (each
field's converters: a UUID stored as text on SQLite, a date, a JSON list…).

The few statements every request runs (an API token, the page of cases, the line of the access
log) are written once from the models' own names: the ORM would build each of them again at
every request, which costs several times what the database spends running them
(docs/adr/0036)."""

import functools

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


def json_readers(columns) -> list:
    """``columns``: (field, table alias) pairs; for each, a function that turns the database's
    value into the value a JSON answer writes (an id or a date as text, a boolean), without
    making the Python object first: on SQLite a UUID is stored as 32 hexadecimal digits and a
    date as ISO text already. Other fields go through their converters as ``readers`` does."""
    found = []
    for field, alias in columns:
        internal = field.get_internal_type()
        if internal == "UUIDField" or (
            field.is_relation and field.target_field.get_internal_type() == "UUIDField"
        ):
            found.append(_uuid_text)
        elif internal == "DateField":
            found.append(_date_text)
        elif internal == "BooleanField":
            found.append(_boolean)
        else:
            found.append(functools.partial(_converted, readers([(field, alias)])[0]))
    return found


def convert_json(row, json_readers) -> list:
    return [read(value) for value, read in zip(row, json_readers, strict=True)]


def _uuid_text(value):
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32:  # SQLite: the hexadecimal digits
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _date_text(value):
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _boolean(value):
    return None if value is None else bool(value)


def _converted(reader, value):
    field_converters, column = reader
    for converter in field_converters:
        value = converter(value, column, connection)
    return value


def insert(instance) -> None:
    """Inserts ``instance``, a new row, as ``save(force_insert=True)`` would write it (each
    field's ``pre_save`` and database value), by a statement made once per model. No signal is
    sent: meant for append-only records that have no receiver."""
    fields = _insertable(type(instance))
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(type(instance)), values)
    instance._state.adding = False
    instance._state.db = connection.alias


@functools.cache
def _insertable(model) -> tuple:
    return tuple(model._meta.local_concrete_fields)


@functools.cache
def _insert_sql(model) -> str:
    quote = connection.ops.quote_name
    fields = _insertable(model)
    columns = ", ".join(quote(field.column) for field in fields)
    places = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({places})"
