from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from palabre.organisations import access
from palabre.organisations.access import get_membership_for
from palabre.organisations.middleware import SESSION_KEY
from palabre.organisations.models import Role


@require_POST
def switch(request):
    """Acts as another of the person's memberships (people may belong to several services)."""
    membership = get_membership_for(request.user, request.POST.get("membership"))
    request.session[SESSION_KEY] = str(membership.pk)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
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
