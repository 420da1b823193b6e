"""Pooled funding search, a member service's side (its admin or coordination): the open calls
of its networks, those that fit its type, domains and region first; its interest, its
application and their result. It never sees another member's application or amount."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import Refused
from palabre.core.pages import form_step
from palabre.network import access_funding as access
from palabre.network import actions_funding as actions
from palabre.network.forms.funding import ApplicationForm, ResultForm
from palabre.network.models import ApplicationStage
from palabre.network.views.common import posted
from palabre.organisations.access import require


def _crumbs():
    return [(_("Financements"), reverse("network:funding"))]


def call_list(request):
    membership = request.membership
    require(access.is_member_coordination(membership))
    today = timezone.localdate()
    entries = {entry.network_id: entry for entry in access.member_entries(membership)}
    mine = {a.call_id: a for a in access.applications_for_member(membership)}
    fitting, others = [], []
    for call in access.calls_for_member(membership).filter(status="OPEN", deadline__gte=today):
        row = (call, mine.get(call.pk))
        (fitting if call.fits(entries[call.network_id]) else others).append(row)
    show_all = request.GET.get("tous") == "1"
    context = {
        "fitting": fitting,
        "others": others if show_all else [],
        "other_count": len(others),
        "show_all": show_all,
        "applications": sorted(mine.values(), key=lambda a: a.call.deadline, reverse=True),
        "entries": list(entries.values()),
        "today": today,
    }
    return render(request, "network/funding/member_list.html", context)


def call_detail(request, call_id):
    membership = request.membership
    call = access.get_call_for_member(membership, call_id)
    entry = access.entry_for(membership, call)
    application = access.applications_for_member(membership).filter(call=call).first()
    today = timezone.localdate()
    context = {
        "call": call,
        "entry": entry,
        "fits": call.fits(entry),
        "application": application,
        "can_mark_interest": application is None and call.is_open and call.deadline >= today,
        "can_apply": (application is None and call.is_open)
        or (application is not None and application.stage == ApplicationStage.INTEREST),
        "can_record_result": application is not None and not application.has_result,
        "crumbs": _crumbs(),
    }
    return render(request, "network/funding/member_call.html", context)


@require_POST
def mark_interest(request, call_id):
    membership = request.membership
    call = access.get_call_for_member(membership, call_id)
    entry = access.entry_for(membership, call)
    try:
        actions.mark_interest(call=call, member=entry, by=membership)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Votre intérêt est noté : un rappel vous sera envoyé avant la date limite."),
        )
    return redirect("network:funding_call", call.pk)


def apply(request, call_id):
    membership = request.membership
    call = access.get_call_for_member(membership, call_id)
    entry = access.entry_for(membership, call)
    back = reverse("network:funding_call", args=[call.pk])
    form = ApplicationForm(posted(request))
    return form_step(
        request,
        form,
        lambda **data: actions.record_application(call=call, member=entry, by=membership, **data),
        done=_("La candidature est enregistrée."),
        then=back,
        title=_("Enregistrer le dépôt de la candidature"),
        submit=_("Enregistrer"),
        cancel_url=back,
        breadcrumbs=[*_crumbs(), (call.title, back)],
        intro=_("Appel « %(call)s », date limite le %(day)s.")
        % {"call": call.title, "day": call.deadline.strftime("%d/%m/%Y")},
    )


def result(request, call_id):
    membership = request.membership
    call = access.get_call_for_member(membership, call_id)
    application = access.applications_for_member(membership).filter(call=call).first()
    require(application is not None)
    back = reverse("network:funding_call", args=[call.pk])
    form = ResultForm(posted(request))
    return form_step(
        request,
        form,
        lambda **data: actions.record_result(application=application, by=membership, **data),
        done=_("Le résultat est enregistré."),
        then=back,
        title=_("Enregistrer le résultat"),
        submit=_("Enregistrer le résultat"),
        cancel_url=back,
        breadcrumbs=[*_crumbs(), (call.title, back)],
        intro=_(
            "Appel « %(call)s ». Le réseau voit le résultat et le montant obtenu ; les "
            "autres structures membres, non."
        )
        % {"call": call.title},
    )
