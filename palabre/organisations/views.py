from functools import partial

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.accounts.models import TotpDevice
from palabre.core.actions import act_on
from palabre.organisations import access, actions
from palabre.organisations.access import get_membership_for
from palabre.organisations.forms import SecurityPolicyForm
from palabre.organisations.middleware import SESSION_KEY
from palabre.organisations.models import Membership, Role
from palabre.organisations.security import MFA_ROLES


@require_POST
def switch(request):
    """Acts as another of the person's memberships (people may belong to several services)."""
    membership = get_membership_for(request.user, request.POST.get("membership"))
    request.session[SESSION_KEY] = str(membership.pk)
    target = request.POST.get("next") or "/"
    # Only a path of this site: anything else would be read as the name of a view.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}
    ):
        target = "/"
    return redirect(target)


def home(request):
    """Sends each person to the page their role starts from."""
    membership = request.membership
    if membership is not None and membership.role == Role.PARTNER:
        return redirect("referrals:portal")
    if access.is_network_staff(membership):
        return redirect("network:home")
    if access.can_read_cases(membership):
        return redirect("cases:today")
    if access.can_see_aggregates(membership):
        return redirect("reports:dashboard")
    return render(request, "organisations/no_access.html", status=200)


def security(request):
    """« Sécurité du service »: the administration and coordination switch double
    authentification for the salaried team and the login block, and see who has enrolled."""
    membership = request.membership
    access.require(access.is_manager(membership))
    organisation = membership.organisation
    form = SecurityPolicyForm(
        request.POST or None,
        initial={
            "mfa_required": organisation.mfa_required,
            "logins_blocked": organisation.logins_blocked,
        },
    )
    action = partial(actions.set_security_policy, organisation=organisation, by=membership)
    done, _result = act_on(request, form, action)
    if done:
        messages.success(request, _("La sécurité du service est enregistrée."))
        return redirect("organisations:security")
    team = (
        Membership.objects.active()
        .filter(organisation=organisation, role__in=MFA_ROLES)
        .select_related("user")
        .annotate(
            enrolled=Exists(
                TotpDevice.objects.filter(user=OuterRef("user"), confirmed_at__isnull=False)
            )
        )
        .order_by("user__last_name", "user__first_name")
    )
    return render(
        request,
        "organisations/security.html",
        {"form": form, "organisation": organisation, "team": team},
    )
