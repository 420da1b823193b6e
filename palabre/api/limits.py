"""The rate limit of each token: a fixed window of one minute, counted on the token's own row
(one UPDATE a request, the same on SQLite and PostgreSQL, shared by every web process).

``PALABRE_API_REQUESTS_PER_MINUTE`` sets the limit (120 by default)."""

import datetime as dt
import math

from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext as _

from .models import ApiToken
from .problems import ApiProblem

WINDOW = dt.timedelta(minutes=1)


def per_minute() -> int:
    return getattr(settings, "PALABRE_API_REQUESTS_PER_MINUTE", 120)


def count(token: ApiToken, now: dt.datetime) -> None:
    """Counts one request of ``token`` at ``now``, or raises a 429 with ``Retry-After``."""
    window = now.replace(second=0, microsecond=0)
    limit = per_minute()
    rows = ApiToken.objects.filter(pk=token.pk)
    for _attempt in range(2):
        if rows.filter(window_start=window, window_count__lt=limit).update(
            window_count=F("window_count") + 1, last_used_at=now
        ):
            return
        if rows.exclude(window_start=window).update(
            window_start=window, window_count=1, last_used_at=now
        ):
            return
    wait = max(1, math.ceil((window + WINDOW - now).total_seconds()))
    raise ApiProblem(
        429,
        "rate-limited",
        _("Ce jeton a fait plus de %(limit)s requêtes cette minute : réessayez dans %(wait)s s.")
        % {"limit": limit, "wait": wait},
        headers={"Retry-After": str(wait)},
    )
