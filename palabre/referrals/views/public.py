"""Pages without an account: a partner's single-use link, and a resident's request."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.core import throttle
from palabre.core.actions import act_on
from palabre.referrals import access, actions
from palabre.referrals.forms import ReferralForm
from palabre.referrals.models import Origin

PUBLIC_LIMIT_PER_HOUR = 5


@login_not_required
def link_form(request, token):
    try:
        link = actions.link_from_token(token)
    except actions.ReferralRefused as refusal:
        return render(
            request, "referrals/link_refused.html", {"reason": refusal.message}, status=410
        )
    organisation = link.organisation
    form = ReferralForm(request.POST or None, organisation=organisation, variant="link")
    if act_on(request, form, partial(actions.submit_referral_by_link, token=token))[0]:
        return render(request, "referrals/thanks.html", {"service": organisation, "by_link": True})
    return render(
        request,
        "referrals/link_form.html",
        {"form": form, "link": link, "service": organisation},
        status=400 if form.errors else 200,
    )


@login_not_required
def short_request(request, slug):
    """The address a text message carries: the service's request page, under a shorter path."""
    return redirect("referrals:request", slug=access.get_public_service(slug).slug)


@login_not_required
def request_mediation(request, slug):
    """A resident asks for mediation. A honeypot field and a per-address limit keep robots out;
    a robot is answered as if all went well, and nothing is stored."""
    service = access.get_public_service(slug)
    form = ReferralForm(request.POST or None, organisation=service, variant="public")
    if request.method == "POST":
        if not throttle.allow(request, scope="public-request", limit=PUBLIC_LIMIT_PER_HOUR):
            messages.error(
                request,
                _(
                    "Trop de demandes envoyées depuis cette connexion. Réessayez dans une heure "
                    "ou appelez le service."
                ),
            )
            return render(
                request, "referrals/request.html", {"form": form, "service": service}, status=429
            )
        if form.is_valid() and form.is_robot():
            return redirect("referrals:request_sent", slug=service.slug)
        submit = partial(actions.submit_referral, organisation=service, origin=Origin.PUBLIC_FORM)
        if act_on(request, form, submit)[0]:
            return redirect("referrals:request_sent", slug=service.slug)
    return render(
        request,
        "referrals/request.html",
        {"form": form, "service": service},
        status=400 if form.errors else 200,
    )


@login_not_required
def request_sent(request, slug):
    service = access.get_public_service(slug)
    return render(request, "referrals/thanks.html", {"service": service, "by_link": False})
