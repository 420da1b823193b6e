"""Recording a first contact: an information request, or a new mediation case."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.cases import actions, earlier_panel
from palabre.cases.forms.intake import (
    INFORMATION,
    OPEN_CASE,
    InformationRequestForm,
    OpenCaseForm,
)
from palabre.core.actions import act_on
from palabre.organisations.access import can_record_intake, require


def first_contact(request):
    membership = request.membership
    require(can_record_intake(membership))
    organisation = membership.organisation
    kind = request.POST.get("kind") if request.method == "POST" else None
    info_form = InformationRequestForm(
        request.POST if kind == INFORMATION else None, organisation=organisation
    )
    case_form = OpenCaseForm(request.POST if kind == OPEN_CASE else None, organisation=organisation)
    status = 200

    record = partial(actions.record_information_request, organisation=organisation, by=membership)
    open_case = partial(actions.open_case, organisation=organisation, by=membership)
    if kind == INFORMATION and act_on(request, info_form, record)[0]:
        messages.success(request, _("La demande d'information est enregistrée."))
        return redirect("cases:first_contact")
    done, case = act_on(request, case_form, open_case) if kind == OPEN_CASE else (False, None)
    if done:
        messages.success(
            request, _("Le dossier %(reference)s est ouvert.") % {"reference": case.reference}
        )
        notice = earlier_panel.intake_notice(membership, case)
        if notice:
            messages.warning(request, notice)
        return redirect("cases:detail", case_id=case.pk)
    if request.method == "POST" and kind not in (INFORMATION, OPEN_CASE):
        messages.error(request, _("Choisissez le type de premier contact à enregistrer."))
        status = 400

    context = {
        "info_form": info_form,
        "case_form": case_form,
        "chosen": kind if kind in (INFORMATION, OPEN_CASE) else OPEN_CASE,
        "INFORMATION": INFORMATION,
        "OPEN_CASE": OPEN_CASE,
    }
    return render(request, "cases/first_contact.html", context, status=status)
