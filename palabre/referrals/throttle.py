"""A small rate limit for the public forms, kept in the cache (per address, per hour).

With several web processes and the local-memory cache, each process counts on its own: the
limit is then per process. A shared cache (``CACHES``) makes it exact.

Behind a reverse proxy (``BEHIND_PROXY=1``) every request comes from the proxy's address: the
person's is the last one the proxy appended to ``X-Forwarded-For``. Without it, all the public
would share one count and a sixth booking in the hour, anyone's, would be refused.
"""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_address(request) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(request, *, scope: str, limit: int) -> bool:
    """Counts this request; False once ``limit`` requests came from the address in the window."""
    key = f"palabre:throttle:{scope}:{client_address(request)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return True
    return count <= limit
