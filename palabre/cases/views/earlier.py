"""Answering about an earlier case from the case page (docs/adr/0027)."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.cases import access, earlier_actions
from palabre.cases.earlier import Answer
from palabre.cases.forms.earlier import EarlierAnswerForm
from palabre.core.actions import act_on
from palabre.organisations.access import require


@require_POST
def answer(request, case_id):
    membership = request.membership
    case = access.get_case_for(membership, case_id)
    require(access.can_see_earlier_cases(membership, case))
    form = EarlierAnswerForm(request.POST, earlier_cases=access.earlier_cases_for(membership, case))
    run = partial(earlier_actions.answer_earlier_case, case=case, by=membership)
    done, result = act_on(request, form, run)
    if done and result.answer == Answer.SAME:
        messages.success(
            request,
            _("Réponse enregistrée : même conflit que le dossier %(ref)s, les dossiers sont liés.")
            % {"ref": result.earlier_case.reference},
        )
    elif done:
        messages.success(
            request,
            _("Réponse enregistrée : nouveau conflit, sans lien avec le dossier %(ref)s.")
            % {"ref": result.earlier_case.reference},
        )
    else:
        messages.error(request, form.first_error())
    return redirect(reverse("cases:detail", args=[case.pk]) + "#dossiers-anterieurs")
