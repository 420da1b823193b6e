"""The only way in to API tokens. Outside reach: 404.

| role (in its organisation)       | tokens of the organisation            |
|----------------------------------|---------------------------------------|
| admin, coordinator               | create for any active member, revoke  |
| everybody else                   | nothing                               |

What a token then reads is decided by the apps' own ``access.py`` for the token's membership and
role, exactly as on the pages; the token's resources narrow it further, never widen it.
"""

import functools

from django.apps import apps
from django.db import connection

from palabre.core import rows
from palabre.core.lookup import get_or_404
from palabre.organisations.access import is_manager
from palabre.organisations.models import Membership

from .models import ApiToken


def can_manage_tokens(membership) -> bool:
    return is_manager(membership)


def tokens_for(membership):
    if not can_manage_tokens(membership):
        return ApiToken.objects.none()
    return ApiToken.objects.of(membership.organisation_id).select_related(
        "membership__user", "created_by"
    )


def get_token_for(membership, token_id) -> ApiToken:
    return get_or_404(tokens_for(membership), token_id)


def holders_for(membership):
    """The members a token may act for: the organisation's active members."""
    if not can_manage_tokens(membership):
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(organisation=membership.organisation_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def token_by_digest(digest: str) -> ApiToken | None:
    """The token a request presents, whoever it belongs to: the secret is the proof. One query
    with what the check of each request needs: its membership, the membership's person and
    organisation (the token's own organisation is the membership's, or the token is refused),
    each a whole row, as ``select_related`` would load them."""
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    token, membership, user, organisation = _rows_to_objects(row)
    membership.user = user
    membership.organisation = organisation
    token.membership = membership
    return token


# The statement is written once from the models' own names (docs/adr/0036): the ORM would
# build this fixed statement again at every request, three quarters of a token's check.
_JOINED = (  # (app, model, alias, (the alias it hangs from, by which foreign key))
    ("api", "ApiToken", "t", None),
    ("organisations", "Membership", "m", ("t", "membership")),
    ("accounts", "User", "u", ("m", "user")),
    ("organisations", "Organisation", "o", ("m", "organisation")),
)


@functools.cache
def _loaded() -> list[tuple]:
    """For each model of ``_JOINED``: (model, alias, fields, the converters of each field)."""
    loaded = []
    for app, name, alias, _join in _JOINED:
        model = apps.get_model(app, name)
        fields = model._meta.concrete_fields
        loaded.append((model, alias, fields, rows.readers((field, alias) for field in fields)))
    return loaded


@functools.cache
def _token_sql() -> str:
    quote = connection.ops.quote_name
    models = {alias: model for model, alias, _fields, _converters in _loaded()}
    columns, tables = [], []
    for model, alias, fields, _converters in _loaded():
        columns += [f"{alias}.{quote(field.column)}" for field in fields]
        table = f"{quote(model._meta.db_table)} {alias}"
        join = next(join for *_names, name, join in _JOINED if name == alias)
        if join is None:
            tables.append(table)
            continue
        parent, key = join
        foreign = models[parent]._meta.get_field(key)
        tables.append(
            f"INNER JOIN {table} ON {alias}.{quote(model._meta.pk.column)} = "
            f"{parent}.{quote(foreign.column)}"
        )
    digest = quote(ApiToken._meta.get_field("digest").column)
    return f"SELECT {', '.join(columns)} FROM {' '.join(tables)} WHERE t.{digest} = %s"


def _rows_to_objects(row) -> list:
    objects, start = [], 0
    for model, _alias, fields, converters in _loaded():
        values = rows.convert(row[start : start + len(fields)], converters)
        objects.append(model.from_db(connection.alias, [f.attname for f in fields], values))
        start += len(fields)
    return objects
