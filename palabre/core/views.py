from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from palabre.organisations import access


def home(request):
    """Sends each person to the page their role starts from."""
    membership = request.membership
    if access.can_read_cases(membership):
        return redirect("cases:today")
    if access.can_see_aggregates(membership):
        return redirect("cases:overview")
    return render(request, "core/no_access.html", status=200)


def components(request):
    """The gallery of every component, for designers and accessibility reviews."""
    return render(request, "core/components.html")


@login_not_required
def health(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
