"""Retention pages (« Conservation des données »): the schedule with its legal bases and its
edit, the preview of next month, the record of the passes, the yearly report for the DPO (page
and PDF), and placing or lifting a legal hold on a case. HTTP only: ``retention_access``
decides, ``retention_actions`` acts."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import Refused, act_on
from palabre.core.pages import form_step
from palabre.organisations.access import require
from palabre.privacy import retention_access as access
from palabre.privacy import retention_actions as actions
from palabre.privacy import retention_preview, retention_report
from palabre.privacy.retention import MAX_MONTHS, RetentionSchedule, lines_for
from palabre.privacy.retention_forms import HoldForm, ScheduleForm

RUNS_SHOWN = 60


def _crumbs():
    return [(_("Conservation des données"), reverse("retention:schedule"))]


def schedule(request):
    membership = request.membership
    require(access.can_manage_retention(membership))
    organisation = membership.organisation
    current = RetentionSchedule.of(organisation)
    lines = [
        {
            "line": line,
            "months": current.months(line.key),
            "when": line.after(current.months(line.key)),
            "is_default": current.is_default(line.key),
        }
        for line in lines_for(organisation)
    ]
    context = {
        "lines": lines,
        "schedule": current,
        "holds": retention_preview.holds(organisation),
        "years": retention_report.years_of(organisation, timezone.localdate()),
    }
    return render(request, "privacy/retention_schedule.html", context)


def schedule_edit(request):
    membership = request.membership
    require(access.can_manage_retention(membership))
    organisation = membership.organisation
    form = ScheduleForm(
        request.POST or None,
        organisation=organisation,
        schedule=RetentionSchedule.of(organisation),
    )
    return form_step(
        request,
        form,
        partial(actions.change_schedule, organisation=organisation, by=membership),
        done=_("Les durées de conservation sont enregistrées."),
        then="retention:schedule",
        title=_("Modifier les durées de conservation"),
        submit=_("Enregistrer les durées"),
        cancel_url=reverse("retention:schedule"),
        breadcrumbs=_crumbs(),
        intro=_(
            "Chaque durée se compte en mois, de 0 à %(most)s. Une durée plus longue que la "
            "proposition de la règle R8 doit pouvoir être justifiée auprès du DPO."
        )
        % {"most": MAX_MONTHS},
    )


def preview(request):
    membership = request.membership
    require(access.can_manage_retention(membership))
    organisation = membership.organisation
    today = timezone.localdate()
    upcoming = retention_preview.upcoming(organisation, today)
    context = {
        "upcoming": upcoming,
        "total": sum(len(item.rows) for item in upcoming),
        "today": today,
        "holds": retention_preview.holds(organisation),
        "crumbs": _crumbs(),
    }
    return render(request, "privacy/retention_preview.html", context)


def runs(request):
    membership = request.membership
    records = access.runs_for(membership)
    lines = lines_for(membership.organisation)
    shown = [
        {
            "run": run,
            "counts": [(line, run.counts.get(line.key, 0)) for line in lines],
            "errors": run.counts.get("errors", 0),
        }
        for run in records[:RUNS_SHOWN]
    ]
    context = {
        "runs": shown,
        "lines": lines,
        "crumbs": _crumbs(),
        "years": retention_report.years_of(membership.organisation, timezone.localdate()),
    }
    return render(request, "privacy/retention_runs.html", context)


def _report(request, year: int):
    membership = request.membership
    require(access.can_manage_retention(membership))
    if year not in retention_report.years_of(membership.organisation, timezone.localdate()):
        raise Http404
    return retention_report.year_report(membership.organisation, year)


def report(request, year):
    found = _report(request, year)
    context = {"report": found, "title": retention_report.title(found), "crumbs": _crumbs()}
    return render(request, "privacy/retention_report.html", context)


def report_pdf(request, year):
    found = _report(request, year)
    response = HttpResponse(retention_report.as_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="conservation-{year}.pdf"'
    return response


def hold_place(request, case_id):
    """The case's conservation: the day it will be anonymised, or the legal hold that keeps it
    (with the way to lift it); without a hold, the form that places one."""
    membership = request.membership
    case = access.get_case_to_hold(membership, case_id)
    case_url = reverse("cases:detail", args=[case.pk])
    form = HoldForm(request.POST or None)
    hold = case.legal_holds.active().select_related("placed_by").first()
    place = partial(actions.place_hold, case=case, by=membership)
    if hold is not None and form.is_bound:
        # The page then shows the hold, not the form: its errors would go unseen.
        form.add_error(None, _("Ce dossier est déjà conservé pour un motif légal."))
    elif act_on(request, form, place)[0]:
        messages.success(
            request, _("Le dossier est conservé pour un motif légal : rien n'en sera effacé.")
        )
        return redirect(case_url)
    context = {
        "case": case,
        "form": form,
        "hold": hold,
        "due_on": retention_preview.anonymised_on(case),
        "crumbs": [(_("Dossiers"), reverse("cases:list")), (case.reference, case_url)],
        "case_url": case_url,
    }
    return render(request, "privacy/retention_hold.html", context)


@require_POST
def hold_lift(request, case_id, hold_id):
    membership = request.membership
    hold = access.get_hold_for(membership, case_id, hold_id)
    try:
        actions.lift_hold(hold=hold, by=membership)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("La conservation est levée : le dossier suit de nouveau les durées prévues.")
        )
    return redirect("cases:detail", case_id=hold.case_id)
