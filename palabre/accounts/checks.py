"""The idle limit only holds if its clock moves by steps well below it (middleware.py)."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def session_idle_settings(app_configs=None, **kwargs):
    idle = settings.SESSION_IDLE_SECONDS
    errors = []
    if idle < settings.SESSION_REFRESH_SECONDS * 4:
        errors.append(
            Error(
                "SESSION_REFRESH_SECONDS doit rester sous le quart de SESSION_IDLE_SECONDS : une "
                "session pourrait se fermer bien avant la limite annoncée.",
                hint="Laissez SESSION_REFRESH_SECONDS à sa valeur par défaut (un dixième).",
                id="accounts.E001",
            )
        )
    if not 0 < settings.SESSION_IDLE_WARNING_SECONDS < idle:
        errors.append(
            Error(
                "SESSION_IDLE_WARNING_SECONDS doit être positif et plus court que "
                "SESSION_IDLE_SECONDS.",
                id="accounts.E002",
            )
        )
    if idle > settings.SESSION_COOKIE_AGE:
        errors.append(
            Error(
                "SESSION_COOKIE_AGE est plus court que SESSION_IDLE_SECONDS : le stockage "
                "fermerait les sessions avant la limite, sans le dire à la personne.",
                id="accounts.E003",
            )
        )
    return errors
