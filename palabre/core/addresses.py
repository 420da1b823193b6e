"""The address a request comes from, for the limits that count per address: the public forms'
(``core.throttle``) and the failed logins' (django-axes, ``AXES_CLIENT_IP_CALLABLE``).

Behind a reverse proxy (``BEHIND_PROXY=1``) every request comes from the proxy's address: the
person's is the last one the proxy appended to ``X-Forwarded-For``. The ones before it are
whatever the client wrote, and are never trusted. Without a proxy, ``X-Forwarded-For`` is not
read at all.
"""

from django.conf import settings


def client_address(request) -> str | None:
    """The address, or None when the request has none (a login made by code, not over the
    network: django-axes then records no address, as it would by itself)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None
