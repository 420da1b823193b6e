"""The two addresses the timeout warning calls: how long is left, and « rester connecté »."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from palabre.accounts import sessions
from palabre.accounts.middleware import keeps_idle_clock


def _state(request):
    active = request.user.is_authenticated
    return JsonResponse(
        {
            "active": active,
            "remaining": sessions.remaining_seconds(request.session) if active else 0,
            "idle": settings.SESSION_IDLE_SECONDS,
        }
    )


@login_not_required
@keeps_idle_clock
@require_GET
@never_cache
def status(request):
    """Asking does not count as activity; an ended session answers ``active: false``."""
    return _state(request)


@require_POST
@never_cache
def stay(request):
    """Pushes the idle limit back to its full length. The script asks for JSON; the same form
    without JavaScript comes back to the page it was sent from."""
    sessions.stamp(request.session)
    if "application/json" in request.headers.get("Accept", ""):
        return _state(request)
    target = request.POST.get("next") or "/"
    # Only a path of this site: anything else would be read as the name of a view.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)
