"""The team's side of invitations to book (docs/adr/0026): the link sent to the requester, the
person who asked to be called back was called, or a link stops serving. The case's team only
(coordination, assigned mediators): anyone else gets the same 404 as for a missing case. The
person's own pages are in ``permanences.views.invitations``."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.cases import access, invitation_actions
from palabre.core.actions import Refused


def _for_team(request, case_id, invitation_id):
    case = access.get_case_for(request.membership, case_id)
    if not access.can_work_on_case(request.membership, case):
        raise Http404
    return case, access.get_invitation_for(request.membership, case, invitation_id)


def _back(case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#h-invitations")


def _run(request, verb, done: str, **kwargs):
    try:
        verb(by=request.membership, **kwargs)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)


@require_POST
def called_back(request, case_id, invitation_id):
    case, invitation = _for_team(request, case_id, invitation_id)
    _run(
        request,
        invitation_actions.mark_callback_done,
        _("Rappel enregistré. Notez ce qu'il a donné dans le dossier."),
        invitation=invitation,
    )
    return _back(case)


@require_POST
def withdraw(request, case_id, invitation_id):
    case, invitation = _for_team(request, case_id, invitation_id)
    _run(
        request,
        invitation_actions.withdraw,
        _("Le lien est retiré : il ne sert plus."),
        invitation=invitation,
    )
    return _back(case)


@require_POST
def send_to_requester(request, case_id):
    case = access.get_case_for(request.membership, case_id)
    if not access.can_work_on_case(request.membership, case):
        raise Http404
    _run(
        request,
        invitation_actions.send_to_requester,
        _("Le lien part au demandeur : il choisira un créneau ou demandera à être rappelé."),
        case=case,
    )
    return _back(case)
