"""The end of a shift: the team writes and signs its report, flags a serious event; the
coordination reads, validates and acknowledges. Nobody else reaches these pages (404)."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.core.pages import form_page
from palabre.field import access, safety_access, safety_actions
from palabre.field.actions import FieldRefused
from palabre.field.codes import InterventionType, Register
from palabre.field.forms.safety import SeriousEventForm, ShiftReportForm
from palabre.field.safety import ReportStatus
from palabre.field.views import common
from palabre.organisations.access import require

RECENT_DAYS = 14


def _report_url(shift) -> str:
    return reverse("field:shift_report", args=[shift.pk])


def _count_rows(counts: dict) -> tuple[list, list]:
    """(label, count) by register and by type, in the order of the code lists."""
    registers = counts.get("by_register", {})
    types = counts.get("by_type", {})
    return (
        [(label, registers[code]) for code, label in Register.choices if registers.get(code)],
        [(label, types[code]) for code, label in InterventionType.choices if types.get(code)],
    )


def shift_report(request, shift_id):
    membership = request.membership
    require(access.can_open(membership))
    shift = safety_access.get_report_shift_for(membership, shift_id)
    report = safety_access.get_report_for(membership, shift)
    now = timezone.now()
    validated = report is not None and report.is_validated
    counts = report.counts if validated else safety_actions.report_counts(shift)
    begun = shift.starts_at <= now
    writes = safety_access.writes_report(membership, shift)
    if request.method == "POST":
        require(writes)
    form = None
    if writes and begun and not validated:
        form = ShiftReportForm(
            request.POST if request.method == "POST" else None, report=report, counts=counts
        )
        done, written = act_on(
            request, form, partial(safety_actions.write_report, shift=shift, by=membership)
        )
        if done:
            messages.success(
                request,
                _("Le compte rendu est signé et transmis à la coordination.")
                if written.status == ReportStatus.SIGNED
                else _("Le compte rendu est enregistré ; signez-le quand il est complet."),
            )
            return redirect(_report_url(shift))
    elif request.method == "POST":
        messages.error(
            request,
            _("Ce compte rendu est validé par la coordination : il ne change plus.")
            if validated
            else _("La tournée n'a pas commencé : son compte rendu s'écrit après."),
        )
        return redirect(_report_url(shift))
    by_register, by_type = _count_rows(counts)
    can_manage = access.can_manage(membership)
    events = list(shift.serious_events.select_related("intervention", "reported_by__user"))
    context = {
        "shift": shift,
        "title": _("Compte rendu — %(shift)s") % {"shift": common.title(shift)},
        "when": common.when(shift),
        "report": report,
        "form": form,
        "counts": counts,
        "by_register": by_register,
        "by_type": by_type,
        "events": [(event, safety_access.reads_description(membership, event)) for event in events],
        "can_validate": can_manage and report is not None and report.status == ReportStatus.SIGNED,
        "can_manage": can_manage,
        "begun": begun,
        "breadcrumbs": [
            common.planning_crumb(),
            (common.title(shift), reverse("field:shift", args=[shift.pk])),
        ],
    }
    return render(request, "field/safety/report.html", context)


@require_POST
def shift_report_validate(request, shift_id):
    membership = request.membership
    require(access.can_manage(membership))
    shift = safety_access.get_report_shift_for(membership, shift_id)
    report = safety_access.get_report_for(membership, shift)
    require(report is not None)
    try:
        safety_actions.validate_report(report=report, by=membership)
    except FieldRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Le compte rendu est validé."))
    return redirect(_report_url(shift))


def overview(request):
    """The coordination's page: reports to validate, serious events to acknowledge, shifts
    ended lately without a report."""
    membership = request.membership
    require(access.can_manage(membership))
    now = timezone.now()
    since = now - dt.timedelta(days=RECENT_DAYS)
    reports = safety_access.reports_for(membership).select_related("shift__team", "signed_by__user")
    events = safety_access.events_for(membership).select_related("shift__team")
    missing = safety_access.unreported_shifts_for(membership, since, now).order_by("-starts_at")
    context = {
        "to_validate": [
            (report, common.title(report.shift))
            for report in reports.awaiting_validation().order_by("shift__starts_at")
        ],
        "recent": [
            (report, common.title(report.shift))
            for report in reports.filter(shift__ends_at__gte=since)
            .exclude(status=ReportStatus.SIGNED)
            .order_by("-shift__starts_at")
        ],
        "events": [
            (event, common.title(event.shift))
            for event in events.filter(Q(occurred_at__gte=since) | Q(acknowledged_at__isnull=True))
        ],
        "missing": [(shift, common.title(shift)) for shift in missing],
        "days": RECENT_DAYS,
        "breadcrumbs": [common.planning_crumb()],
    }
    return render(request, "field/safety/overview.html", context)


# --- Serious events -----------------------------------------------------------------------------


def event_create(request, shift_id):
    membership = request.membership
    require(access.can_open(membership))
    shift = safety_access.get_report_shift_for(membership, shift_id)
    now = timezone.now()
    interventions = access.interventions_for(membership).filter(shift=shift).order_by("happened_at")
    form = SeriousEventForm(
        request.POST if request.method == "POST" else None,
        shift=shift,
        interventions=interventions,
        now=now,
    )
    done, _event = act_on(
        request, form, partial(safety_actions.flag_serious_event, shift=shift, by=membership)
    )
    if done:
        messages.success(
            request, _("L'événement grave est signalé : la coordination est prévenue.")
        )
        return redirect(f"{_report_url(shift)}#evenements")
    return form_page(
        request,
        form=form,
        title=_("Signaler un événement grave"),
        submit=_("Signaler à la coordination"),
        cancel_url=_report_url(shift),
        breadcrumbs=[
            common.planning_crumb(),
            (common.title(shift), reverse("field:shift", args=[shift.pk])),
        ],
        intro=_(
            "%(shift)s, %(when)s. La coordination est prévenue aussitôt ; l'événement n'apparaît "
            "jamais chez un partenaire."
        )
        % {"shift": common.title(shift), "when": common.when(shift)},
    )


def event_detail(request, event_id):
    membership = request.membership
    require(access.can_manage(membership))
    event = safety_access.get_event_for(membership, event_id)
    shift = event.shift
    context = {
        "event": event,
        "shift": shift,
        "title": _("Événement grave : %(kind)s") % {"kind": event.get_kind_display()},
        "shift_title": common.title(shift),
        "intervention": event.intervention,
        "breadcrumbs": [
            common.planning_crumb(),
            (_("Comptes rendus et événements"), reverse("field:safety_overview")),
        ],
    }
    return render(request, "field/safety/event_detail.html", context)


@require_POST
def event_acknowledge(request, event_id):
    membership = request.membership
    require(access.can_manage(membership))
    event = safety_access.get_event_for(membership, event_id)
    try:
        safety_actions.acknowledge_serious_event(event=event, by=membership)
    except FieldRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("L'événement est marqué pris en compte."))
    return redirect("field:serious_event", event.pk)
