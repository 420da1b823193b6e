"""What a session remembers about security: its idle clock, whether it passed the second step,
and a login waiting for its code.

The clock is ``timezone.now()``, which tests pin like every other clock of the project.
"""

from django.conf import settings
from django.utils import timezone

REFRESHED_KEY = "palabre_refreshed_at"
EXPIRED_KEY = "palabre_idle_expired"
MFA_VERIFIED_KEY = "palabre_mfa_verified"
PENDING_KEY = "palabre_mfa_pending"


def now() -> int:
    return int(timezone.now().timestamp())


# --- Idle clock ---------------------------------------------------------------------------------


def stamp(session):
    session[REFRESHED_KEY] = now()


def refresh_if_stale(session):
    """Pushes the idle limit back when the last push is older than ``SESSION_REFRESH_SECONDS``:
    saving the session on every page would cost a write per page for nothing."""
    last = session.get(REFRESHED_KEY)
    if last is None or now() - last >= settings.SESSION_REFRESH_SECONDS:
        stamp(session)


def remaining_seconds(session) -> int:
    """Seconds before the session ends if nothing happens (0 once it is over)."""
    last = session.get(REFRESHED_KEY)
    if last is None:
        return settings.SESSION_IDLE_SECONDS
    return max(0, last + settings.SESSION_IDLE_SECONDS - now())


def is_idle_expired(session) -> bool:
    last = session.get(REFRESHED_KEY)
    return last is not None and now() - last >= settings.SESSION_IDLE_SECONDS


# --- Second step --------------------------------------------------------------------------------


def mark_verified(session):
    session[MFA_VERIFIED_KEY] = True


def is_verified(session) -> bool:
    return bool(session.get(MFA_VERIFIED_KEY))


def forget_verified(session):
    session.pop(MFA_VERIFIED_KEY, None)


def start_pending(session, *, user, backend: str, typed_username: str, next_url: str):
    """The password was right and the person has an app: the session waits for the code,
    without being logged in."""
    session[PENDING_KEY] = {
        "user": str(user.pk),
        "backend": backend,
        "username": typed_username,
        "next": next_url,
        "at": now(),
    }


def pending(session) -> dict | None:
    """The login waiting for its code, unless it waited longer than
    ``PALABRE_MFA_PENDING_SECONDS`` (then it is dropped: the password is asked again)."""
    waiting = session.get(PENDING_KEY)
    if not waiting:
        return None
    if now() - waiting["at"] > settings.PALABRE_MFA_PENDING_SECONDS:
        drop_pending(session)
        return None
    return waiting


def drop_pending(session):
    session.pop(PENDING_KEY, None)
