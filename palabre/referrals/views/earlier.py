"""A referral's earlier cases, for the coordination deciding it (docs/adr/0027)."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.cases import access as case_access
from palabre.cases import earlier_lookup
from palabre.cases.forms.earlier import EarlierAnswerForm
from palabre.cases.models import Case
from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.referrals import access
from palabre.referrals.earlier import ReferralEarlierAnswer
from palabre.referrals.earlier_actions import answer_for_referral, can_see_earlier_cases, probe_for
from palabre.referrals.models import Decision


def earlier_context(membership, referral) -> dict:
    """What the referral's page shows of its earlier cases: nothing once it is answered, nor to
    whoever is not its coordination. One query."""
    if referral.decision != Decision.PENDING or not can_see_earlier_cases(membership, referral):
        return {"earlier": None}
    found = earlier_lookup.find(
        membership, probe_for(referral), answers=referral.earlier_answers.all()
    )
    return {
        "earlier": found if found.cases else None,
        "earlier_url": reverse("referrals:earlier_answer", args=[referral.pk]),
    }


def earlier_marks(membership, referrals) -> set:
    """The referrals of a queue page that have an earlier case not yet answered, for the
    coordination only. Three queries whatever the page's length."""
    pending = [
        r
        for r in referrals
        if r.decision == Decision.PENDING and can_see_earlier_cases(membership, r)
    ]
    if not pending:
        return set()
    probes = {referral.pk: probe_for(referral) for referral in pending}
    found = earlier_lookup.matches_for_probes(membership, probes, day=timezone.localdate())
    answered = set(
        ReferralEarlierAnswer.objects.filter(
            organisation_id=membership.organisation_id, referral__in=list(probes)
        ).values_list("referral_id", "earlier_case_id")
    )
    return {pk for pk, cases in found.items() if any((pk, c) not in answered for c in cases)}


@require_POST
def answer(request, referral_id):
    membership = request.membership
    referral = access.get_referral_for(membership, referral_id)
    require(can_see_earlier_cases(membership, referral))
    form = EarlierAnswerForm(request.POST, earlier_cases=case_access.earlier_cases_for(membership))
    run = partial(answer_for_referral, referral=referral, by=membership)
    done, result = act_on(request, form, run)
    if done and isinstance(result, Case):
        messages.success(
            request,
            _("Orientation acceptée : le dossier %(ref)s est ouvert, lié au dossier %(earlier)s.")
            % {"ref": result.reference, "earlier": result.previous_case.reference},
        )
        return redirect("cases:detail", case_id=result.pk)
    if done:
        messages.success(
            request,
            _("Réponse enregistrée : nouveau conflit, sans lien avec le dossier %(ref)s.")
            % {"ref": result.earlier_case.reference},
        )
    else:
        messages.error(request, form.first_error())
    return redirect(reverse("referrals:detail", args=[referral.pk]) + "#dossiers-anterieurs")
