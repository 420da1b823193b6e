"""Idle sessions end: a signed-in session is pushed back every few minutes of activity.

Saving the session on every request would cost a write per page; saving it when the last
refresh is older than ``SESSION_REFRESH_SECONDS`` keeps the idle limit
(``SESSION_COOKIE_AGE``) within those few minutes.
"""

import time

from django.conf import settings

REFRESHED_KEY = "palabre_refreshed_at"


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(REFRESHED_KEY, 0)
            if now - last >= settings.SESSION_REFRESH_SECONDS:
                request.session[REFRESHED_KEY] = now
        return self.get_response(request)


def stamp_session_at_login(sender, request, user, **kwargs):
    """The login already saves the session: stamp it there, not on the next page."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = int(time.time())
