"""The *signalement exceptionnel*: proposed from a case, decided by the coordination, listed for
review. Access in ``safety_reports_access`` (404 for anyone else)."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from palabre.cases import access as cases_access
from palabre.core import journal
from palabre.core.actions import act_on
from palabre.organisations.access import is_manager, require
from palabre.privacy import safety_reports_access as access
from palabre.privacy import safety_reports_actions as actions
from palabre.privacy.safety_reports import SafetyStatus
from palabre.privacy.safety_reports_forms import (
    DecisionForm,
    ProposeForm,
    ReviewForm,
    TransmissionForm,
)


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request, case_id):
    membership = request.membership
    case = cases_access.get_case_for(membership, case_id)
    require(access.can_propose(membership, case))
    form = ProposeForm(request.POST if request.method == "POST" else None)
    done, report = act_on(
        request, form, partial(actions.propose_safety_report, case=case, by=membership)
    )
    if done:
        if report.urgent:
            messages.success(
                request,
                _("Le signalement transmis en urgence est enregistré ; la coordination le revoit."),
            )
        else:
            messages.success(
                request, _("Le signalement est proposé ; la coordination le valide ou le refuse.")
            )
        return redirect("dpo:safety_report", report_id=report.pk)
    return render(request, "privacy/safety_reports/propose.html", {"case": case, "form": form})


@never_cache
def report_list(request):
    membership = request.membership
    require(access.can_list(membership))
    reports = access.reports_for(membership)
    to_do = request.GET.get("vue") != "tous"
    if to_do:
        reports = reports.awaiting_decision()
    case = _case_of(request)
    if case is not None:
        reports = reports.filter(case=case)
    context = {
        "reports": reports,
        "case": case,
        "to_do": to_do,
        "is_manager": is_manager(membership),
    }
    return render(request, "privacy/safety_reports/list.html", context)


def _case_of(request):
    """The case of ``?dossier=`` when the member may read it, else no filter."""
    case_id = request.GET.get("dossier")
    if not case_id:
        return None
    return cases_access.get_case_for(request.membership, case_id)


def _forms_for(membership, report, bound=None):
    """The forms this member may use on this report now; ``bound`` replaces one by its bound
    copy (name, form) to show its errors."""
    forms = {}
    if access.can_decide(membership, report):
        if report.status == SafetyStatus.PROPOSED:
            forms["decision"] = DecisionForm()
        if report.awaits_review:
            forms["review"] = ReviewForm()
    if access.can_record_transmission(membership, report):
        forms["transmission"] = TransmissionForm()
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _detail(request, report, bound=None, status=200):
    membership = request.membership
    context = {
        "report": report,
        "forms": _forms_for(membership, report, bound),
        "is_proposer": access.is_proposer(membership, report),
        "entries": journal.entries_for(report),
    }
    return render(request, "privacy/safety_reports/detail.html", context, status=status)


@never_cache
def report_detail(request, report_id):
    report = access.get_report_for(request.membership, report_id)
    return _detail(request, report)


def _decide(*, report, by, validate, comment):
    if validate:
        return actions.validate_safety_report(report=report, by=by, comment=comment)
    return actions.refuse_safety_report(report=report, by=by, comment=comment)


STEPS = {
    "decision": (DecisionForm, _decide, access.can_decide),
    "transmission": (TransmissionForm, actions.record_transmission, access.can_record_transmission),
    "review": (ReviewForm, actions.review_urgent_report, access.can_decide),
}
DONE = {
    "decision": gettext_lazy("L'avis de la coordination est enregistré."),
    "transmission": gettext_lazy("La transmission du signalement est enregistrée."),
    "review": gettext_lazy("La revue du signalement est enregistrée."),
}


@require_POST
def report_step(request, report_id, step):
    membership = request.membership
    report = access.get_report_for(membership, report_id)
    if step not in STEPS:
        raise Http404
    form_class, action, allowed = STEPS[step]
    require(allowed(membership, report))
    form = form_class(request.POST)
    done, _result = act_on(request, form, partial(action, report=report, by=membership))
    if done:
        messages.success(request, DONE[step])
        return redirect("dpo:safety_report", report_id=report.pk)
    return _detail(request, report, bound=(step, form), status=400)
