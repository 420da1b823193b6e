"""The partner's side: send a referral, follow its status. Never a case's content."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.core import panels
from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.organisations.models import Role
from palabre.partners.access import partner_of
from palabre.referrals import access, actions
from palabre.referrals.forms import ReferralForm
from palabre.referrals.models import Origin
from palabre.referrals.progress import shown_to_referrer

PAGE_SIZE = 30


def portal(request):
    membership = request.membership
    require(membership is not None and membership.role == Role.PARTNER)
    partner = partner_of(membership)
    if partner is None:
        return render(request, "referrals/no_partner.html")
    page_obj = Paginator(access.portal_referrals(membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(referral, shown_to_referrer(referral)) for referral in page_obj]
    context = {
        "partner": partner,
        "page_obj": page_obj,
        "rows": rows,
        # The service's answers to this partner, as an aggregate (``reports.referral_delays``).
        "panels": panels.panels_for("referral_portal", membership, partner),
    }
    return render(request, "referrals/portal.html", context)


def send(request):
    membership = request.membership
    partner = partner_of(membership)
    require(partner is not None)
    organisation = membership.organisation
    form = ReferralForm(
        request.POST or None,
        organisation=organisation,
        variant="partner",
        initial={"referrer_name": request.user.get_full_name()},
    )
    send = partial(
        actions.submit_referral,
        organisation=organisation,
        origin=Origin.PARTNER_ACCOUNT,
        partner=partner,
        sent_by=membership,
    )
    if act_on(request, form, send)[0]:
        messages.success(
            request, _("L'orientation est envoyée au service, qui vous tiendra informé·e ici.")
        )
        return redirect("referrals:portal")
    return render(
        request,
        "referrals/send.html",
        {"form": form, "partner": partner, "service": organisation},
        status=400 if form.errors else 200,
    )
