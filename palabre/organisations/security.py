"""A service's security policy: double authentification for its salaried team, and a switch
that blocks its logins at once (docs/adr/0015).

- **Double authentification** (``Organisation.mfa_required``) binds the roles in ``MFA_ROLES``:
  administration, coordination, accueil and the network's staff, who read the whole service or
  network. Volunteer mediators, the board and partners may turn it on for themselves; it is not
  imposed on them (volunteers often have no work phone, and they see only their own cases).
  A session of such a person that did not pass the second step is sent to the enrolment page
  before any other page.
- **« Bloquer les connexions »** (``Organisation.logins_blocked``) ends the open sessions of the
  service's people at their next request and refuses their logins, except the service's
  administration and coordination (``MANAGER_ROLES``), who lift it. A person who also belongs
  to another organisation keeps that one only.

The memberships come from ``CurrentMembershipMiddleware`` (one query, already made): this
middleware adds none.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from palabre.accounts import mfa, sessions
from palabre.accounts.middleware import logins_blocked_page
from palabre.organisations.access import MANAGER_ROLES, memberships_of
from palabre.organisations.models import Role

MFA_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.RECEPTION, Role.NETWORK_STAFF}

# Pages a person required to enrol may still open: their account's pages (enrolment, logout,
# the session's timer), switching the language, the health check, static files.
EXEMPT_NAMESPACES = {"accounts"}
EXEMPT_NAMES = {"set_language", "core:health"}


def is_blocked(membership) -> bool:
    return membership.organisation.logins_blocked and membership.role not in MANAGER_ROLES


def requires_mfa(membership) -> bool:
    return membership.organisation.mfa_required and membership.role in MFA_ROLES


def _blocked_reason(blocked) -> str:
    names = ", ".join(sorted({m.organisation.name for m in blocked}))
    return _(
        "Les connexions des personnes de %(names)s sont suspendues par la coordination du "
        "service. Contactez-la pour savoir quand elles reprendront."
    ) % {"names": names}


def login_refusal(user) -> str | None:
    """For ``accounts.policy``: a person whose every organisation blocks them may not log in."""
    if user.is_superuser:
        return None
    memberships = list(memberships_of(user))
    blocked = [m for m in memberships if is_blocked(m)]
    if blocked and len(blocked) == len(memberships):
        return _blocked_reason(blocked)
    return None


def journal_organisations(user):
    """For ``accounts.policy``: an account's security events go to each of its organisations."""
    return [membership.organisation for membership in memberships_of(user)]


def _is_exempt(request) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace in EXEMPT_NAMESPACES or match.view_name in EXEMPT_NAMES


class SecurityPolicyMiddleware:
    """After ``CurrentMembershipMiddleware``: drops the blocked memberships (ending the session
    when none is left), then sends a person who must use double authentification, and whose
    session has not, to the enrolment page. Sets ``request.mfa_required``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.mfa_required = False
        if not request.user.is_authenticated:
            return self.get_response(request)
        blocked = [m for m in request.memberships if is_blocked(m)]
        if blocked:
            usable = [m for m in request.memberships if not is_blocked(m)]
            if not usable and not request.user.is_superuser:
                logout(request)
                request.membership, request.memberships = None, []
                return logins_blocked_page(request, _blocked_reason(blocked), signed_out=True)
            request.memberships = usable
            if request.membership not in usable:
                request.membership = usable[0] if usable else None
        request.mfa_required = any(requires_mfa(m) for m in request.memberships)
        if (
            request.mfa_required
            and not sessions.is_verified(request.session)
            and not _is_exempt(request)
        ):
            return self._second_step(request)
        return self.get_response(request)

    def _second_step(self, request):
        """To enrolment; or, for a person already enrolled whose session never passed the code
        step, to the login, which asks it."""
        if mfa.is_enrolled(request.user):
            logout(request)
            response = redirect_to_login(request.get_full_path())
        else:
            response = redirect("accounts:mfa")
        if getattr(request, "htmx", False):
            response["HX-Redirect"] = response["Location"]
        return response
