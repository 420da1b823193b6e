"""Staffing: the coordination fills each session of the month with mediators who are
available; mediators take or give up sessions and declare their availability and absences.
Permanences are held in pairs: a session with fewer than two mediators is flagged."""

import datetime as dt
from collections import defaultdict
from functools import partial

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from palabre.core.actions import Refused, act_on
from palabre.organisations.access import require
from palabre.organisations.models import Membership
from palabre.permanences import access, actions
from palabre.permanences.forms.staffing import AbsenceForm, AvailabilityForm, DutyForm
from palabre.permanences.models import Absence, AppointmentState, Availability, Duty
from palabre.permanences.schedule import clock

PAIR = 2
HORIZON = dt.timedelta(weeks=8)


# --- Availability of many mediators for many sessions ------------------------------------------


def available_for(occurrences, candidates) -> dict:
    """For each occurrence id, the candidates available for it: the rule of
    ``actions.is_available`` (a weekly window covering the hours, no absence that day), answered
    for a whole month in two queries instead of two per pair."""
    occurrences, candidates = list(occurrences), list(candidates)
    result = {occurrence.pk: [] for occurrence in occurrences}
    if not occurrences or not candidates:
        return result
    ids = [candidate.pk for candidate in candidates]
    days = [timezone.localdate(occurrence.starts_at) for occurrence in occurrences]
    windows = defaultdict(list)
    for mediator_id, weekday, starts_at, ends_at in Availability.objects.filter(
        mediator_id__in=ids
    ).values_list("mediator_id", "weekday", "starts_at", "ends_at"):
        windows[mediator_id].append((weekday, starts_at, ends_at))
    absences = defaultdict(list)
    for mediator_id, starts_on, ends_on in Absence.objects.filter(
        mediator_id__in=ids, starts_on__lte=max(days), ends_on__gte=min(days)
    ).values_list("mediator_id", "starts_on", "ends_on"):
        absences[mediator_id].append((starts_on, ends_on))
    for occurrence in occurrences:
        start = timezone.localtime(occurrence.starts_at)
        end = timezone.localtime(occurrence.ends_at)
        for candidate in candidates:
            if any(first <= start.date() <= last for first, last in absences[candidate.pk]):
                continue
            if any(
                weekday == start.weekday() and opens <= start.time() and closes >= end.time()
                for weekday, opens, closes in windows[candidate.pk]
            ):
                result[occurrence.pk].append(candidate)
    return result


def _with_duties(occurrences):
    duties = Duty.objects.select_related("mediator__user")
    return occurrences.prefetch_related(Prefetch("duties", queryset=duties))


def _day(occurrence) -> str:
    return date_format(timezone.localtime(occurrence.starts_at), "l j F Y")


def _hours(occurrence) -> str:
    return _("%(start)s – %(end)s") % {
        "start": clock(timezone.localtime(occurrence.starts_at).time()),
        "end": clock(timezone.localtime(occurrence.ends_at).time()),
    }


def _session(occurrence, **extra) -> dict:
    return {
        "occurrence": occurrence,
        "day": _day(occurrence),
        "hours": _hours(occurrence),
        "venue": occurrence.permanence.venue.name,
        **extra,
    }


# --- The month of the coordination --------------------------------------------------------------


def _first_of_month(value, today: dt.date) -> dt.date:
    """``2027-01`` → 1 January 2027; anything else → the month after today's."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if 2000 <= year <= 2999:
            return dt.date(year, month, 1)
    except (AttributeError, ValueError):
        pass
    return _shift(today.replace(day=1), 1)


def _shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_url(first: dt.date) -> str:
    return f"{reverse('permanences:staffing')}?mois={first:%Y-%m}"


def _month_of(occurrence) -> dt.date:
    return timezone.localdate(occurrence.starts_at).replace(day=1)


def _team(membership):
    return Membership.objects.mediators_of(membership.organisation_id).select_related("user")


def staffing_month(request):
    membership = request.membership
    require(access.can_plan(membership))
    first = _first_of_month(request.GET.get("mois"), timezone.localdate())
    after = _shift(first, 1)
    tz = timezone.get_current_timezone()
    occurrences = list(
        _with_duties(
            access.occurrences_for(membership)
            .planned()
            .filter(
                starts_at__gte=dt.datetime.combine(first, dt.time(), tzinfo=tz),
                starts_at__lt=dt.datetime.combine(after, dt.time(), tzinfo=tz),
            )
        ).order_by("starts_at")
    )
    team = sorted(_team(membership), key=lambda m: (m.user.last_name, m.user.first_name))
    available = available_for(occurrences, team)
    sessions = []
    for occurrence in occurrences:
        duties = list(occurrence.duties.all())
        on_duty = {duty.mediator_id for duty in duties}
        choices = [m for m in available[occurrence.pk] if m.pk not in on_duty]
        form = DutyForm(mediators=choices, auto_id=f"id_%s_{occurrence.pk.hex}")
        sessions.append(
            _session(
                occurrence,
                duties=duties,
                short=len(duties) < PAIR,
                form=form if choices else None,
            )
        )
    context = {
        "month": date_format(first, "F Y"),
        "previous_url": _month_url(_shift(first, -1)),
        "previous": date_format(_shift(first, -1), "F Y"),
        "next_url": _month_url(after),
        "next": date_format(after, "F Y"),
        "sessions": sessions,
        "short_count": sum(1 for session in sessions if session["short"]),
        "team": team,
    }
    return render(request, "permanences/staffing_month.html", context)


@require_POST
def duty_add(request, occurrence_id):
    membership = request.membership
    require(access.can_plan(membership))
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    on_duty = set(occurrence.duties.values_list("mediator_id", flat=True))
    choices = [
        m for m in actions.available_mediators(occurrence, _team(membership)) if m.pk not in on_duty
    ]
    form = DutyForm(request.POST, mediators=choices)
    done, duty = act_on(
        request, form, partial(actions.add_duty, occurrence=occurrence, by=membership)
    )
    if done:
        messages.success(
            request,
            _("%(name)s tient la séance du %(day)s.")
            % {"name": duty.mediator.user.get_full_name(), "day": _day(occurrence)},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_month_url(_month_of(occurrence)))


# --- Giving up a session ------------------------------------------------------------------------


def _consequences(duty, own: bool) -> list[str]:
    occurrence = duty.occurrence
    left = occurrence.duties.count() - 1
    if own:
        after = {
            0: _("Après votre départ, cette séance n'aura plus aucun médiateur."),
            1: _("Après votre départ, cette séance n'aura plus qu'un médiateur."),
        }.get(left, _("Après votre départ, cette séance gardera %(n)s médiateurs.") % {"n": left})
    else:
        after = {
            0: _("Après ce retrait, cette séance n'aura plus aucun médiateur."),
            1: _("Après ce retrait, cette séance n'aura plus qu'un médiateur."),
        }.get(left, _("Après ce retrait, cette séance gardera %(n)s médiateurs.") % {"n": left})
    booked = occurrence.appointments.filter(
        state__in=[AppointmentState.PENDING, AppointmentState.BOOKED]
    ).count()
    if booked:
        appointments = ngettext(
            "%(n)s rendez-vous est déjà pris à cette séance.",
            "%(n)s rendez-vous sont déjà pris à cette séance.",
            booked,
        ) % {"n": booked}
    else:
        appointments = _("Aucun rendez-vous n'est encore pris à cette séance.")
    said = [after, appointments]
    if own and left < PAIR:
        said.append(
            _(
                "La coordination verra dans le planning de l'équipe que la séance manque de "
                "médiateurs."
            )
        )
    return said


def duty_remove(request, duty_id):
    membership = request.membership
    duty = access.get_duty_for(membership, duty_id)
    occurrence = duty.occurrence
    own = duty.mediator_id == membership.pk
    back = reverse("permanences:mine") if own else _month_url(_month_of(occurrence))
    form = forms.Form(request.POST if request.method == "POST" else None)
    name = duty.mediator.user.get_full_name()
    done, _result = act_on(request, form, partial(actions.remove_duty, duty=duty, by=membership))
    if done:
        if own:
            text = _("Vous ne tenez plus la séance du %(day)s.") % {"day": _day(occurrence)}
        else:
            text = _("%(name)s ne tient plus la séance du %(day)s.") % {
                "name": name,
                "day": _day(occurrence),
            }
        messages.success(request, text)
        return redirect(back)
    if own:
        crumbs = [(_("Mes permanences"), reverse("permanences:mine"))]
        title = _("Me retirer de la séance")
    else:
        crumbs = [(_("Planning de l'équipe"), back)]
        title = _("Retirer %(name)s de la séance") % {"name": name}
    context = {
        "title": title,
        "crumbs": crumbs,
        "session": _session(occurrence),
        "name": name,
        "own": own,
        "consequences": _consequences(duty, own),
        "form": form,
        "back": back,
    }
    return render(request, "permanences/staffing_remove.html", context)


# --- A mediator's own sessions ------------------------------------------------------------------


def my_duties(request):
    membership = request.membership
    require(access.takes_duties(membership))
    now = timezone.now()
    occurrences = list(
        _with_duties(
            access.occurrences_for(membership)
            .planned()
            .upcoming(now)
            .filter(starts_at__lt=now + HORIZON)
        ).order_by("starts_at")
    )
    held, open_sessions = [], []
    for occurrence in occurrences:
        duties = list(occurrence.duties.all())
        mine = next((duty for duty in duties if duty.mediator_id == membership.pk), None)
        if mine is not None:
            colleagues = [duty.mediator.user.get_full_name() for duty in duties if duty != mine]
            held.append(_session(occurrence, duty=mine, colleagues=colleagues))
        elif len(duties) < PAIR:
            open_sessions.append((occurrence, duties))
    available = available_for([occurrence for occurrence, _duties in open_sessions], [membership])
    needing = [
        _session(occurrence, on_duty=[duty.mediator.user.get_full_name() for duty in duties])
        for occurrence, duties in open_sessions
        if available[occurrence.pk]
        and not any(
            session["occurrence"].starts_at < occurrence.ends_at
            and session["occurrence"].ends_at > occurrence.starts_at
            for session in held
        )
    ]
    return render(
        request,
        "permanences/staffing_mine.html",
        {"held": held, "needing": needing, "weeks": HORIZON.days // 7},
    )


@require_POST
def duty_take(request, occurrence_id):
    membership = request.membership
    require(access.takes_duties(membership))
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    try:
        if occurrence.ends_at <= timezone.now():
            raise Refused(_("Cette séance est passée."))
        actions.add_duty(occurrence=occurrence, by=membership, mediator=membership)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Vous tenez la séance du %(day)s.") % {"day": _day(occurrence)})
    return redirect("permanences:mine")


# --- Availability and absences ------------------------------------------------------------------


def _availability_url(member, membership) -> str:
    url = reverse("permanences:availability")
    return url if member.pk == membership.pk else f"{url}?membre={member.pk}"


def availability(request):
    membership = request.membership
    if "membre" in request.GET:
        member = access.get_team_member_for(membership, request.GET["membre"])
    else:
        require(access.takes_duties(membership))
        member = membership
    own = member.pk == membership.pk
    here = _availability_url(member, membership)
    part = request.POST.get("part") if request.method == "POST" else None
    window_form = AvailabilityForm(
        request.POST if part == "plages" else None, windows=member.availabilities.all()
    )
    absence_form = AbsenceForm(request.POST if part == "absence" else None)
    if part == "plages":
        done, _result = act_on(
            request, window_form, partial(actions.set_availability, mediator=member)
        )
        if done:
            messages.success(request, _("Les disponibilités sont enregistrées."))
            return redirect(here)
    elif part == "absence":
        done, _result = act_on(request, absence_form, partial(actions.add_absence, mediator=member))
        if done:
            messages.success(request, _("L'absence est enregistrée."))
            return redirect(here)
    name = member.user.get_full_name()
    context = {
        "title": _("Mes disponibilités")
        if own
        else _("Disponibilités de %(name)s") % {"name": name},
        "crumbs": [] if own else [(_("Planning de l'équipe"), reverse("permanences:staffing"))],
        "own": own,
        "here": here,
        "window_form": window_form,
        "absence_form": absence_form,
        "absences": member.absences.filter(ends_on__gte=timezone.localdate()),
    }
    failed = window_form.errors or absence_form.errors
    return render(
        request, "permanences/staffing_availability.html", context, status=400 if failed else 200
    )


@require_POST
def absence_delete(request, absence_id):
    membership = request.membership
    absence = access.get_absence_for(membership, absence_id)
    try:
        actions.remove_absence(absence=absence)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("L'absence est supprimée."))
    return redirect(_availability_url(absence.mediator, membership))
