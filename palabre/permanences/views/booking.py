"""Booking by the office (for a first contact or a case) and by a partner on a person's
behalf; cancelling a booking."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.cases import access as case_access
from palabre.core.actions import Refused, act_on
from palabre.organisations.access import require
from palabre.partners.access import partner_of
from palabre.permanences import access, actions, offer
from palabre.permanences.forms.booking import BookingForm
from palabre.permanences.models import AppointmentState, BookingChannel


def _case_from(request, membership):
    case_id = request.GET.get("dossier") or request.POST.get("dossier")
    if not case_id:
        return None
    return case_access.get_case_for(membership, case_id)


def choose(request):
    """The coming sessions with free slots, to book from (for a case when ``?dossier=``)."""
    membership = request.membership
    require(access.can_book(membership))
    case = _case_from(request, membership)
    venues = offer.by_venue(offer.sessions_with_free_slots(membership.organisation))
    return render(
        request,
        "permanences/booking_choose.html",
        {"venues": venues, "case": case, "book_url": "permanences:book"},
    )


def book_slot(request, occurrence_id):
    membership = request.membership
    require(access.can_book(membership))
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    case = _case_from(request, membership)
    requester = case.requester() if case else None
    initial = {"slot": request.GET.get("creneau", "")}
    if requester is not None:
        initial.update(phone=requester.phone, email=requester.email)
    form = BookingForm(
        request.POST or None,
        initial=initial,
        slots=actions.free_slots(occurrence),
        variant="staff",
        case=case,
    )
    extra = {}
    if requester is not None:
        extra = {"first_name": requester.first_name, "last_name": requester.last_name}
    book = partial(
        actions.book,
        occurrence=occurrence,
        channel=BookingChannel.STAFF,
        by=membership,
        case=case,
        party=requester,
        **extra,
    )
    done, appointment = act_on(request, form, book)
    if done:
        messages.success(request, _booked_message(appointment))
        if case is not None:
            return redirect("cases:detail", case_id=case.pk)
        return redirect("permanences:occurrence", occurrence_id=occurrence.pk)
    return render(
        request,
        "permanences/booking_form.html",
        {
            "form": form,
            "occurrence": occurrence,
            "case": case,
            "crumbs": [
                (_("Permanences"), reverse("permanences:list")),
                (_("Séance"), reverse("permanences:occurrence", args=[occurrence.pk])),
            ],
        },
    )


def _booked_message(appointment):
    told = {
        "EMAIL": _(" La confirmation part par e-mail."),
        "SMS": _(" La confirmation part par SMS."),
    }.get(appointment.notify_by, "")
    return _("Rendez-vous pris.") + told


def appointment_cancel(request, appointment_id):
    membership = request.membership
    require(access.can_book(membership))
    appointment = access.get_appointment_for(membership, appointment_id)
    if request.method == "POST":
        try:
            actions.cancel_appointment(appointment=appointment, by=membership)
            messages.success(request, _("Le rendez-vous est annulé."))
        except Refused as refused:
            messages.error(request, refused.message)
        return redirect("permanences:occurrence", occurrence_id=appointment.occurrence_id)
    return render(request, "permanences/booking_cancel.html", {"appointment": appointment})


# --- Partners -----------------------------------------------------------------------------------


def partner_home(request):
    """A partner account: the sessions it can book for a person, and its own bookings."""
    membership = request.membership
    require(access.can_book_as_partner(membership))
    bookings = (
        access.appointments_for(membership)
        .select_related("occurrence__permanence__venue")
        .exclude(state=AppointmentState.EXPIRED)
        .order_by("-starts_at")[:50]
    )
    return render(
        request,
        "permanences/booking_partner.html",
        {
            "venues": offer.by_venue(offer.sessions_with_free_slots(membership.organisation)),
            "bookings": bookings,
            "partner": partner_of(membership),
            "book_url": "permanences:partner_book",
        },
    )


def partner_book(request, occurrence_id):
    membership = request.membership
    require(access.can_book_as_partner(membership))
    occurrence = access.get_bookable_occurrence(membership, occurrence_id)
    form = BookingForm(
        request.POST or None,
        initial={"slot": request.GET.get("creneau", "")},
        slots=actions.free_slots(occurrence),
        variant="partner",
    )
    book = partial(
        actions.book,
        occurrence=occurrence,
        channel=BookingChannel.PARTNER,
        by=membership,
        partner=partner_of(membership),
    )
    done, appointment = act_on(request, form, book)
    if done:
        messages.success(request, _booked_message(appointment))
        return redirect("permanences:partner")
    return render(
        request,
        "permanences/booking_form.html",
        {
            "form": form,
            "occurrence": occurrence,
            "case": None,
            "crumbs": [(_("Rendez-vous en permanence"), reverse("permanences:partner"))],
        },
    )
