"""The planning of field shifts. The coordination plans, changes and cancels shifts and writes
their *feuille de route*; a mediator sees the shifts of their teams, and the interventions logged
on them with their notes. Nobody else reaches these pages."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.core.pages import form_page
from palabre.field import access, actions, nights
from palabre.field.forms.shifts import CancelShiftForm, RoadmapItemForm, ShiftForm
from palabre.field.territory import places_of
from palabre.field.views import common
from palabre.organisations.access import require
from palabre.organisations.models import Membership


def _posted(request):
    return request.POST if request.method == "POST" else None


def _with_people(shifts):
    people = Membership.objects.select_related("user").order_by("user__last_name")
    return shifts.prefetch_related(Prefetch("members", queryset=people))


# --- The month ----------------------------------------------------------------------------------


def month(request):
    membership = request.membership
    require(access.can_open(membership))
    today = timezone.localdate()
    first = common.first_of_month(request.GET.get("mois"), today)
    after = common.add_months(first, 1)
    day = today if first <= today < after else first
    shifts = _with_people(
        access.shifts_for(membership)
        .filter(date__gte=first, date__lt=after)
        .select_related("team")
        .annotate(logged=Count("interventions", distinct=True))
        .order_by("starts_at", "team__name")
    )
    rows = []
    for shift in shifts:
        members = list(shift.members.all())
        rows.append(
            {
                "shift": shift,
                "evening": common.evening(shift),
                "when": common.when(shift),
                "members": common.names(members),
                "mine": any(member.pk == membership.pk for member in members),
            }
        )
    counted = [row["shift"] for row in rows if not row["shift"].is_cancelled]
    context = {
        "month": date_format(first, "F Y"),
        "previous": date_format(common.add_months(first, -1), "F Y"),
        "previous_url": common.month_url(common.add_months(first, -1)),
        "next": date_format(after, "F Y"),
        "next_url": common.month_url(after),
        "rows": rows,
        "shift_count": len(counted),
        "hours": nights.length_label(
            sum((nights.duration(s.starts_at, s.ends_at) for s in counted), start=dt.timedelta())
        ),
        "intervention_count": sum(shift.logged for shift in counted),
        "can_manage": access.can_manage(membership),
        "create_url": f"{reverse('field:shift_create')}?date={day:%Y-%m-%d}",
    }
    return render(request, "field/month.html", context)


# --- Planning a shift ---------------------------------------------------------------------------


def _day_asked(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


def shift_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    form = ShiftForm(_posted(request), membership=membership, day=_day_asked(request))
    done, shift = act_on(
        request,
        form,
        partial(actions.plan_shift, organisation=membership.organisation, by=membership),
    )
    if done:
        messages.success(
            request,
            _("La tournée du %(evening)s est planifiée, %(when)s.")
            % {"evening": common.evening(shift), "when": common.when(shift)},
        )
        return redirect("field:shift", shift.pk)
    return form_page(
        request,
        form=form,
        title=_("Planifier une tournée"),
        submit=_("Planifier la tournée"),
        cancel_url=reverse("field:planning"),
        breadcrumbs=[common.planning_crumb()],
        fieldsets=form.fieldsets(),
    )


def shift_edit(request, shift_id):
    membership = request.membership
    require(access.can_manage(membership))
    shift = access.get_shift_for(membership, shift_id)
    if shift.is_cancelled:
        messages.info(request, _("Cette tournée est annulée : elle ne change plus."))
        return redirect("field:shift", shift.pk)
    form = ShiftForm(_posted(request), membership=membership, current=shift)
    done, _result = act_on(request, form, partial(actions.change_shift, shift=shift, by=membership))
    if done:
        messages.success(request, _("La tournée est enregistrée."))
        return redirect("field:shift", shift.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier la tournée"),
        submit=_("Enregistrer"),
        cancel_url=reverse("field:shift", args=[shift.pk]),
        breadcrumbs=[
            common.planning_crumb(),
            (common.title(shift), reverse("field:shift", args=[shift.pk])),
        ],
        fieldsets=form.fieldsets(),
    )


def shift_cancel(request, shift_id):
    membership = request.membership
    require(access.can_manage(membership))
    shift = access.get_shift_for(membership, shift_id)
    form = CancelShiftForm(_posted(request))
    done, _result = act_on(request, form, partial(actions.cancel_shift, shift=shift, by=membership))
    if done:
        messages.success(
            request,
            _("La tournée du %(evening)s est annulée.") % {"evening": common.evening(shift)},
        )
        return redirect("field:shift", shift.pk)
    return form_page(
        request,
        form=form,
        title=_("Annuler la tournée du %(evening)s") % {"evening": common.evening(shift)},
        submit=_("Annuler la tournée"),
        cancel_url=reverse("field:shift", args=[shift.pk]),
        breadcrumbs=[
            common.planning_crumb(),
            (common.title(shift), reverse("field:shift", args=[shift.pk])),
        ],
        intro=_(
            "%(when)s, équipe « %(team)s ». La tournée reste au planning, marquée annulée ; "
            "plus rien n'y sera saisi."
        )
        % {"when": common.when(shift), "team": shift.team.name},
    )


# --- One shift ----------------------------------------------------------------------------------


def _roadmap_form(membership, places, data=None):
    """A priority, on one of the residences of the shift's territory or none."""
    residences = access.residences_for(membership).filter(pk__in=[r.pk for r in places.residences])
    return RoadmapItemForm(data, residences=residences.order_by("name"))


def shift_detail(request, shift_id):
    membership = request.membership
    require(access.can_open(membership))
    shift = access.get_shift_for(membership, shift_id)
    can_manage = access.can_manage(membership)
    members = list(shift.members.select_related("user").order_by("user__last_name"))
    interventions = list(
        access.interventions_for(membership)
        .filter(shift=shift)
        .select_related("residence", "quartier", "commune")
        .order_by("happened_at")
    )
    context = {
        "shift": shift,
        "title": common.title(shift),
        "when": common.when(shift),
        "members": common.names(members),
        "territory": [
            (_("Communes"), ", ".join(str(c) for c in shift.communes.order_by("name"))),
            (_("Quartiers"), ", ".join(str(q) for q in shift.quartiers.order_by("name"))),
            (_("Résidences"), ", ".join(str(r) for r in shift.residences.order_by("name"))),
        ],
        "roadmap": list(shift.roadmap.select_related("residence", "partner_request__partner")),
        "roadmap_form": (
            _roadmap_form(membership, places_of(shift))
            if can_manage and not shift.is_cancelled
            else None
        ),
        "interventions": interventions,
        "people_met": sum(i.people_met for i in interventions),
        "can_manage": can_manage,
        "can_log": access.can_log_on(membership, shift),
        "breadcrumbs": [common.planning_crumb()],
    }
    return render(request, "field/shift_detail.html", context)


@require_POST
def roadmap_add(request, shift_id):
    membership = request.membership
    require(access.can_manage(membership))
    shift = access.get_shift_for(membership, shift_id)
    form = _roadmap_form(membership, places_of(shift), request.POST)
    done, _item = act_on(
        request, form, partial(actions.add_roadmap_item, shift=shift, by=membership)
    )
    if done:
        messages.success(request, _("La priorité est ajoutée à la feuille de route."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{reverse('field:shift', args=[shift.pk])}#feuille-de-route")


@require_POST
def roadmap_remove(request, item_id):
    membership = request.membership
    require(access.can_manage(membership))
    item = access.get_roadmap_item_for(membership, item_id)
    shift_id = item.shift_id
    actions.remove_roadmap_item(item=item, by=membership)
    messages.success(request, _("La priorité est retirée de la feuille de route."))
    return redirect(f"{reverse('field:shift', args=[shift_id])}#feuille-de-route")
