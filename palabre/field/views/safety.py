"""Lone-worker safety. On the shift, the member's phone page: one big « Je pointe » button, the
alarm, the place they choose to share, the on-call number to call. For the coordination: the
team's interval and on-call contact, and the on-call board of a shift.

``/terrain/pointage/`` opens the member's running shift. Only the people on a shift check in and
raise its alarm, whatever their role; the alerts themselves are decided by the server
(``safety_delivery``), never by the phone.
"""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.core.pages import form_step
from palabre.field import access, safety_access, safety_actions
from palabre.field.actions import FieldRefused
from palabre.field.forms.safety import SafetyForm, TeamSafetyForm
from palabre.field.safety import (
    CheckIn,
    CheckInKind,
    SafetyAlert,
    expected_by,
    local_clock,
)
from palabre.field.territory import places_of
from palabre.field.views import common
from palabre.organisations.access import require


def _page_url(shift) -> str:
    return reverse("field:check_in", args=[shift.pk])


def start(request):
    membership = request.membership
    require(safety_access.goes_out(membership))
    now = timezone.now()
    shifts = list(
        safety_access.shifts_on_for(membership)
        .filter(starts_at__lte=now, ends_at__gte=now)
        .order_by("starts_at")
    )
    if len(shifts) == 1:
        return redirect(_page_url(shifts[0]))
    rows = [
        {"shift": shift, "title": common.title(shift), "when": common.when(shift)}
        for shift in shifts
    ]
    return render(request, "field/safety/start.html", {"rows": rows})


def _state(shift, member, now) -> dict:
    """Where the member stands: their last check-in, when the next is expected, whether they
    said they had finished, the place they last shared."""
    entries = CheckIn.objects.filter(
        organisation=shift.organisation_id, shift=shift, member=member
    ).select_related("residence__quartier", "quartier", "commune")
    last = entries.order_by("-at").first()
    shared = entries.exclude(residence=None, quartier=None, commune=None).order_by("-at").first()
    done = last is not None and last.kind == CheckInKind.DONE
    minutes = shift.team.check_in_minutes
    due = None
    if minutes and not done:
        news = max(last.at, shift.starts_at) if last else shift.starts_at
        due = expected_by(
            last_news_at=news, every=dt.timedelta(minutes=minutes), ends_at=shift.ends_at
        )
    return {
        "last": last,
        "last_time": local_clock(last.at) if last else "",
        "done": done,
        "due": due,
        "due_time": local_clock(due) if due else "",
        "late": due is not None and due <= now,
        "shared": shared,
    }


def check_in(request, shift_id):
    membership = request.membership
    require(safety_access.goes_out(membership))
    shift = safety_access.get_shift_on_for(membership, shift_id)
    now = timezone.now()
    places = places_of(shift)
    if request.method == "POST":
        form = SafetyForm(request.POST, places=places)
        done, entry = act_on(
            request, form, partial(safety_actions.check_in, shift=shift, by=membership)
        )
        if done:
            messages.success(
                request, _("Pointage enregistré à %(time)s.") % {"time": local_clock(entry.at)}
            )
            return redirect(_page_url(shift))
    else:
        form = None
    state = _state(shift, membership, now)
    if form is None:
        form = SafetyForm(places=places, shared=state["shared"].place if state["shared"] else None)
    context = {
        "shift": shift,
        "title": common.title(shift),
        "when": common.when(shift),
        "running": shift.is_running(now),
        "minutes": shift.team.check_in_minutes,
        "on_call": safety_actions.on_call_of(shift),
        "form": form,
        **state,
    }
    return render(request, "field/safety/check_in.html", context)


def _refused(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
def alarm(request, shift_id):
    membership = request.membership
    require(safety_access.goes_out(membership))
    shift = safety_access.get_shift_on_for(membership, shift_id)
    form = SafetyForm(request.POST, places=places_of(shift))
    if not form.is_valid():
        _refused(request, form)
        return redirect(_page_url(shift))
    try:
        alert = safety_actions.raise_alarm(shift=shift, by=membership, **form.alarm_kwargs())
    except FieldRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.warning(
            request,
            _(
                "Alarme envoyée à l'astreinte à %(time)s. En danger immédiat : appelez le 17 "
                "ou le 112."
            )
            % {"time": local_clock(alert.raised_at)},
        )
    return redirect(_page_url(shift))


@require_POST
def check_out(request, shift_id):
    membership = request.membership
    require(safety_access.goes_out(membership))
    shift = safety_access.get_shift_on_for(membership, shift_id)
    try:
        safety_actions.end_watch(shift=shift, by=membership)
    except FieldRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Fin de tournée enregistrée : plus aucun pointage n'est attendu de vous.")
        )
    return redirect(_page_url(shift))


# --- The coordination ---------------------------------------------------------------------------


def shift_safety(request, shift_id):
    """The on-call board of a shift: each member's last check-in and next deadline, and the
    alerts sent."""
    membership = request.membership
    require(access.can_manage(membership))
    shift = safety_access.get_watched_shift_for(membership, shift_id)
    now = timezone.now()
    members = list(shift.members.select_related("user").order_by("user__last_name"))
    rows = []
    for member in members:
        state = _state(shift, member, now)
        rows.append({"name": common.names([member])[0], **state})
    alerts = (
        SafetyAlert.objects.filter(organisation=shift.organisation_id, shift=shift)
        .select_related("member__user", "residence__quartier", "quartier", "commune")
        .order_by("-raised_at")
    )
    context = {
        "shift": shift,
        "title": _("Sécurité — %(shift)s") % {"shift": common.title(shift)},
        "when": common.when(shift),
        "minutes": shift.team.check_in_minutes,
        "on_call": safety_actions.on_call_of(shift),
        "rows": rows,
        "alerts": [
            {
                "alert": alert,
                "name": common.names([alert.member])[0],
                "time": local_clock(alert.raised_at),
                "place": alert.place_name(),
            }
            for alert in alerts
        ],
        "breadcrumbs": [
            common.planning_crumb(),
            (common.title(shift), reverse("field:shift", args=[shift.pk])),
        ],
    }
    return render(request, "field/safety/shift_safety.html", context)


def team_safety(request, team_id):
    membership = request.membership
    require(access.can_manage(membership))
    team = access.get_team_for(membership, team_id)
    form = TeamSafetyForm(request.POST if request.method == "POST" else None, team=team)
    return form_step(
        request,
        form,
        partial(safety_actions.set_team_safety, team=team, by=membership),
        done=_("La sécurité de l'équipe est enregistrée."),
        then="field:teams",
        title=_("Sécurité de l'équipe « %(name)s »") % {"name": team.name},
        submit=_("Enregistrer"),
        cancel_url=reverse("field:teams"),
        breadcrumbs=[common.planning_crumb(), (_("Équipes de terrain"), reverse("field:teams"))],
        intro=_(
            "Le pointage complète un dispositif d'alarme pour travailleur isolé, il ne le "
            "remplace pas. Un pointage manqué est détecté par le serveur, même si le téléphone "
            "est éteint ou sans réseau, et alerte l'astreinte par e-mail et SMS."
        ),
    )
