"""A small rate limit for the public forms, kept in the cache (per address, per hour).

With several web processes and the local-memory cache, each process counts on its own: the
limit is then per process. A shared cache (``CACHES``) makes it exact.

The address counted is the visitor's, behind a reverse proxy too (``core.addresses``): without
it, all the public would share one count and a sixth booking in the hour, anyone's, would be
refused.
"""

import hashlib

from django.core.cache import cache

from palabre.core.addresses import client_address

WINDOW_SECONDS = 3600


def allow(request, *, scope: str, limit: int, about: str | None = None) -> bool:
    """Counts this request; False once ``limit`` requests came from the address in the window.
    ``about``: count per this text instead (an e-mail address, say), whatever the address; it
    is kept as a digest only."""
    counted = (client_address(request) or "unknown") if about is None else _digest(about)
    key = f"palabre:throttle:{scope}:{counted}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return True
    return count <= limit


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
