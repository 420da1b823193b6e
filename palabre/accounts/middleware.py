"""Sessions that end on shared computers, and the instance's « panic » switch.

Idle sessions end after ``SESSION_IDLE_SECONDS`` (30 minutes by default). Saving the session on
every request would cost a write per page; the idle clock (``sessions.REFRESHED_KEY``) is
pushed when its last push is older than ``SESSION_REFRESH_SECONDS``, a tenth of the limit. The
middleware itself ends a session whose clock ran out, whatever the browser does (JavaScript
only warns before, ``static/palabre/session-timeout.js``), and the login page then says why.
"""

from django.contrib.auth import logout
from django.shortcuts import render

from palabre.accounts import policy, sessions


def keeps_idle_clock(view):
    """Marks a view that must not count as activity (the timeout script asking how long is
    left would otherwise keep the session alive for ever)."""
    view.keeps_idle_clock = True
    return view


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and sessions.is_idle_expired(request.session):
            logout(request)
            request.session[sessions.EXPIRED_KEY] = True
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated and not getattr(view_func, "keeps_idle_clock", False):
            sessions.refresh_if_stale(request.session)


class InstanceLockMiddleware:
    """``PALABRE_LOGINS_BLOCKED=1``: every open session but the superusers' ends at its next
    request, with a page that says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refusal = policy.instance_refusal(request.user)
            if refusal:
                logout(request)
                return logins_blocked_page(request, refusal, signed_out=True)
        return self.get_response(request)


def logins_blocked_page(request, reason, *, signed_out=False):
    """The French page of a refused login or of a session ended by a block."""
    return render(
        request,
        "accounts/logins_blocked.html",
        {"reason": reason, "signed_out": signed_out},
        status=403,
    )


def stamp_session_at_login(sender, request, user, **kwargs):
    """The login already saves the session: stamp it there, not on the next page."""
    if request is not None and hasattr(request, "session"):
        sessions.stamp(request.session)
        request.session.pop(sessions.EXPIRED_KEY, None)
