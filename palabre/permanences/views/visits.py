"""At the session: the mediators record who came, walk-ins and the informed count, and open
or continue a case for a person who came."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import access as case_access
from palabre.core.actions import Refused, act_on
from palabre.organisations.access import require
from palabre.permanences import access, actions
from palabre.permanences.forms.visits import LinkCaseForm, VisitCaseForm, VisitsForm, WalkInForm
from palabre.permanences.models import AppointmentState, BookingChannel


def _crumbs(occurrence):
    return [
        (_("Permanences"), reverse("permanences:list")),
        (_("Séance"), reverse("permanences:occurrence", args=[occurrence.pk])),
    ]


def record_visits(request, occurrence_id):
    membership = request.membership
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    require(access.can_record_visits(membership, occurrence))
    booked = list(
        occurrence.appointments.filter(
            state__in=[AppointmentState.BOOKED, AppointmentState.CAME, AppointmentState.NO_SHOW]
        )
        .exclude(channel=BookingChannel.WALK_IN)
        .order_by("starts_at")
    )
    form = VisitsForm(
        request.POST or None,
        appointments=booked,
        initial={"informed_count": occurrence.informed_count},
    )
    done, _result = act_on(
        request, form, partial(actions.record_visits, occurrence=occurrence, by=membership)
    )
    if done:
        messages.success(request, _("Les passages sont enregistrés."))
        return redirect("permanences:visits", occurrence_id=occurrence.pk)
    walk_ins = occurrence.appointments.filter(channel=BookingChannel.WALK_IN).select_related("case")
    came = [a for a in booked if a.state == AppointmentState.CAME]
    return render(
        request,
        "permanences/visits_form.html",
        {
            "occurrence": occurrence,
            "form": form,
            "walk_in_form": WalkInForm(),
            "came": came + list(walk_ins),
            "openable_cases": access.openable_case_ids(membership, came + list(walk_ins)),
            "started": occurrence.starts_at <= timezone.now(),
            "crumbs": _crumbs(occurrence),
        },
    )


def walk_in(request, occurrence_id):
    membership = request.membership
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    require(access.can_record_visits(membership, occurrence) and request.method == "POST")
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            actions.add_walk_in(occurrence=occurrence, by=membership, **form.cleaned_data)
            messages.success(request, _("Le passage sans rendez-vous est enregistré."))
        except Refused as refused:
            messages.error(request, refused.message)
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("permanences:visits", occurrence_id=occurrence.pk)


def _came_appointment(membership, appointment_id):
    appointment = access.get_appointment_for(membership, appointment_id)
    require(access.can_record_visits(membership, appointment.occurrence))
    return appointment


def open_case(request, appointment_id):
    """Opens a case for a person who came (the form of the first contact, prefilled), or
    attaches the visit to the case it continues."""
    membership = request.membership
    appointment = _came_appointment(membership, appointment_id)
    venue = appointment.occurrence.permanence.venue
    initial = {
        "requester_last_name": appointment.last_name or appointment.first_name,
        "requester_first_name": appointment.first_name if appointment.last_name else "",
        "requester_phone": appointment.phone,
        "requester_email": appointment.email,
        "commune": venue.commune_id,
        "quartier": venue.quartier_id,
        "referrer_name": appointment.partner.name if appointment.partner else "",
    }
    form = VisitCaseForm(
        request.POST or None, organisation=membership.organisation, initial=initial
    )
    done, case = act_on(
        request, form, partial(actions.open_case_from, appointment=appointment, by=membership)
    )
    if done:
        messages.success(request, _("Le dossier %(ref)s est ouvert.") % {"ref": case.reference})
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "permanences/visits_case.html",
        {
            "appointment": appointment,
            "form": form,
            "link_form": LinkCaseForm(),
            "crumbs": _crumbs(appointment.occurrence),
        },
    )


def link_case(request, appointment_id):
    membership = request.membership
    appointment = _came_appointment(membership, appointment_id)
    require(request.method == "POST")
    form = LinkCaseForm(request.POST)
    case = None
    if form.is_valid():
        case = (
            case_access.cases_for(membership)
            .filter(reference=form.cleaned_data["reference"].strip())
            .first()
        )
    if case is None:
        messages.error(request, _("Aucun dossier accessible ne porte cette référence."))
        return redirect("permanences:open_case", appointment_id=appointment.pk)
    actions.link_case(appointment=appointment, by=membership, case=case)
    messages.success(
        request, _("Le passage est rattaché au dossier %(ref)s.") % {"ref": case.reference}
    )
    return redirect("permanences:visits", occurrence_id=appointment.occurrence_id)
