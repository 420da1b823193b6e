from django.conf import settings

from palabre.accounts import sessions


def session_idle(request):
    """``session_idle``: what the timeout warning needs (``components/session_timeout.html``),
    for a signed-in person only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"session_idle": None}
    return {
        "session_idle": {
            "remaining": sessions.remaining_seconds(request.session),
            "warning": settings.SESSION_IDLE_WARNING_SECONDS,
            "warning_minutes": max(1, round(settings.SESSION_IDLE_WARNING_SECONDS / 60)),
            "idle_minutes": max(1, round(settings.SESSION_IDLE_SECONDS / 60)),
        }
    }
