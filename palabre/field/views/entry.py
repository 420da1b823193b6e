"""Quick entry: the one screen a correspondent uses on a phone during the shift.

``/terrain/saisie/`` opens the member's shift of the moment (the one running, or the only one
begun or about to begin, or last night's being written up); with several, it asks which. The
form posts to the shift's own address, works without JavaScript, and after each entry comes back
empty, with the last interventions of the shift below it. At most 12 queries per page (tested).
With JavaScript, the page keeps each entry on the phone first and sends it by ``outbox.send``.

``intervention_edit`` corrects an intervention from the version it shows: an edit made against
an older one is refused, and the page shows both (``actions.change_intervention``).
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.field import access, actions, safety_access
from palabre.field.forms.entry import InterventionEditForm, QuickEntryForm
from palabre.field.territory import places_of
from palabre.field.views import common, outbox
from palabre.organisations.access import require

RECENT = 8


def start(request):
    membership = request.membership
    require(access.can_open(membership))
    now = timezone.now()
    shifts = list(access.loggable_shifts_for(membership).around(now).order_by("starts_at"))
    running = [shift for shift in shifts if shift.is_running(now)]
    chosen = running[0] if len(running) == 1 else shifts[0] if len(shifts) == 1 else None
    if chosen is not None and "choisir" not in request.GET:
        return _page(request, chosen, now, others=len(shifts) > 1)
    context = {
        "rows": [_line(shift, now) for shift in shifts],
        "can_manage": access.can_manage(membership),
    }
    if not shifts:
        # Nothing of the moment: the last shift can still be written up, the next one is said.
        loggable = access.loggable_shifts_for(membership)
        last = loggable.filter(starts_at__lte=now).order_by("-starts_at").first()
        coming = loggable.filter(starts_at__gt=now).order_by("starts_at").first()
        context["last"] = _line(last, now) if last else None
        context["coming"] = _line(coming, now) if coming else None
    return render(request, "field/entry_choose.html", context)


def _line(shift, now) -> dict:
    return {
        "shift": shift,
        "title": common.title(shift),
        "when": common.when(shift),
        "running": shift.is_running(now),
        "ended": shift.ends_at < now,
    }


def shift_entry(request, shift_id):
    membership = request.membership
    require(access.can_open(membership))
    shift = access.get_loggable_shift_for(membership, shift_id)
    now = timezone.now()
    if request.method != "POST":
        return _page(request, shift, now)
    places = places_of(shift)
    form = QuickEntryForm(request.POST, shift=shift, places=places, now=now)
    done, intervention = act_on(
        request, form, partial(actions.record_intervention, shift=shift, by=membership)
    )
    if done:
        messages.success(
            request,
            _("Intervention enregistrée : %(type)s à %(time)s.")
            % {
                "type": intervention.get_type_display(),
                "time": timezone.localtime(intervention.happened_at).strftime("%H:%M"),
            },
        )
        return redirect("field:shift_entry", shift.pk)
    return _page(request, shift, now, form=form, places=places)


def _page(request, shift, now, *, form=None, places=None, others=False):
    places = places if places is not None else places_of(shift)
    recent = list(
        shift.interventions.select_related("residence", "quartier", "commune").order_by(
            "-happened_at", "-created_at"
        )[:RECENT]
    )
    if form is None:
        form = QuickEntryForm(
            shift=shift, places=places, last=recent[0] if recent else None, now=now
        )
    context = {
        "shift": shift,
        "title": common.title(shift),
        "when": common.when(shift),
        "running": shift.is_running(now),
        "form": form,
        "has_places": bool(places),
        "roadmap": list(shift.roadmap.select_related("residence", "partner_request__partner")),
        "recent": recent,
        "logged": shift.logged,
        "post_url": reverse("field:shift_entry", args=[shift.pk]),
        "choose_url": f"{reverse('field:entry')}?choisir=1" if others else "",
        "can_manage": access.can_manage(request.membership),
        "check_in_url": _check_in_url(request.membership, shift),
        **outbox.page_context(shift),
    }
    return render(request, "field/entry.html", context)


def _check_in_url(membership, shift) -> str:
    """The shift's check-in page, for the people on it (only they check in there)."""
    if not safety_access.shifts_on_for(membership).filter(pk=shift.pk).exists():
        return ""
    return reverse("field:check_in", args=[shift.pk])


def intervention_edit(request, intervention_id):
    membership = request.membership
    require(access.can_open(membership))
    intervention = access.get_editable_intervention_for(membership, intervention_id)
    shift = intervention.shift
    now = timezone.now()
    places = places_of(shift)
    form = InterventionEditForm(
        request.POST if request.method == "POST" else None,
        shift=shift,
        places=places,
        now=now,
        intervention=intervention,
    )
    conflict = {}
    done, changed = act_on(
        request,
        form,
        partial(common.change, intervention=intervention, by=membership, conflict=conflict),
    )
    if done:
        messages.success(
            request,
            _("Intervention modifiée : %(type)s à %(time)s.")
            % {
                "type": changed.get_type_display(),
                "time": timezone.localtime(changed.happened_at).strftime("%H:%M"),
            },
        )
        return redirect("field:shift_entry", shift.pk)
    refused = conflict.get("refused")
    context = {
        "intervention": intervention,
        "shift": shift,
        "title": common.title(shift),
        "when": common.when(shift),
        "form": form,
        "post_url": reverse("field:intervention_edit", args=[intervention.pk]),
        "entry_url": reverse("field:shift_entry", args=[shift.pk]),
        # After a conflict the form keeps what the person asked for, from the version they
        # have now seen: saving it again is a choice made knowing both.
        "version": refused.current.version if refused else form["version"].value(),
        "comparison": common.compare(refused.current, refused.proposed) if refused else None,
        **outbox.page_context(shift),
    }
    return render(request, "field/intervention_edit.html", context)
