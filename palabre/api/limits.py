"""The rate limit of each token: a fixed window of one minute, counted on the token's own row
(one UPDATE a request, the same on SQLite and PostgreSQL, shared by every web process).

``PALABRE_API_REQUESTS_PER_MINUTE`` sets the limit (120 by default)."""

import datetime as dt
import functools
import math

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from .models import ApiToken
from .problems import ApiProblem

WINDOW = dt.timedelta(minutes=1)


def per_minute() -> int:
    return getattr(settings, "PALABRE_API_REQUESTS_PER_MINUTE", 120)


def count(token: ApiToken, now: dt.datetime) -> None:
    """Counts one request of ``token`` at ``now``, or raises a 429 with ``Retry-After``.

    One statement, whatever the window: it opens a new window at 1 or adds one to the current
    window's count, and only while that count is under the limit. The database evaluates the
    condition and writes the row at once (PostgreSQL rechecks it on the row a concurrent request
    has just written, SQLite has one writer at a time): two requests never both take the last
    place, and no request is counted twice. Written by hand, with the model's names: the ORM
    would build this fixed statement again at every request."""
    window = now.replace(second=0, microsecond=0)
    limit = per_minute()
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(), _count_params(token, window, now, limit))
        counted = cursor.rowcount
    if counted:
        return
    wait = max(1, math.ceil((window + WINDOW - now).total_seconds()))
    raise ApiProblem(
        429,
        "rate-limited",
        _("Ce jeton a fait plus de %(limit)s requêtes cette minute : réessayez dans %(wait)s s.")
        % {"limit": limit, "wait": wait},
        headers={"Retry-After": str(wait)},
    )


@functools.cache
def _count_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(ApiToken._meta.db_table)
    pk, start, count, used = (
        quote(ApiToken._meta.get_field(name).column)
        for name in ("id", "window_start", "window_count", "last_used_at")
    )
    return (
        f"UPDATE {table} SET {count} = CASE WHEN {start} = %s THEN {count} + 1 ELSE 1 END, "
        f"{start} = %s, {used} = %s "
        f"WHERE {pk} = %s AND ({start} IS NULL OR {start} <> %s OR {count} < %s)"
    )


def _count_params(token, window, now, limit) -> list:
    moment = connection.ops.adapt_datetimefield_value
    window = moment(window)
    pk = ApiToken._meta.pk.get_db_prep_value(token.pk, connection)
    return [window, window, moment(now), pk, window, limit]
