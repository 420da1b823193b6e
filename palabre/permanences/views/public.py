"""Pages without an account: a resident finds a permanence near home, books a slot, confirms
it with the code received, and later sees or cancels it through the link in every message."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.cases import invitation_actions, invitation_links
from palabre.core import throttle
from palabre.core.actions import Refused, act_on
from palabre.permanences import actions, offer, schedule
from palabre.permanences.forms.booking import BookingForm, CodeForm, FinderForm
from palabre.permanences.models import Appointment, BookingChannel, Occurrence, Permanence
from palabre.referrals.access import get_public_service

BOOKINGS_PER_HOUR = 5


@login_not_required
def finder(request, slug):
    """The public permanences of a service, by commune and quartier, with their next free
    slots."""
    service = get_public_service(slug)
    permanences = list(
        Permanence.objects.of(service)
        .filter(is_public=True, venue__is_active=True)
        .select_related("venue__commune", "venue__quartier")
        .order_by("venue__commune__name", "venue__quartier__name", "venue__name")
    )
    communes = sorted({p.venue.commune for p in permanences}, key=lambda c: c.name)
    quartiers = sorted(
        {p.venue.quartier for p in permanences if p.venue.quartier}, key=lambda q: q.name
    )
    form = FinderForm(
        request.GET or None,
        communes=[(str(c.pk), c.name) for c in communes],
        quartiers=[(str(q.pk), q.name) for q in quartiers],
    )
    if form.is_valid():
        if form.cleaned_data["commune"]:
            permanences = [
                p for p in permanences if str(p.venue.commune_id) == form.cleaned_data["commune"]
            ]
        if form.cleaned_data["quartier"]:
            permanences = [
                p for p in permanences if str(p.venue.quartier_id) == form.cleaned_data["quartier"]
            ]
    firsts = offer.by_permanence(offer.sessions_with_free_slots(service, public_only=True))
    rows = [
        {
            "permanence": permanence,
            "rule": schedule.describe(permanence),
            "next_slots": firsts.get(permanence.pk, []),
        }
        for permanence in permanences
    ]
    return render(
        request,
        "permanences/public_finder.html",
        {"service": service, "form": form, "rows": rows},
    )


def _public_occurrence(service, occurrence_id) -> Occurrence:
    try:
        return (
            Occurrence.objects.of(service)
            .planned()
            .select_related("permanence__venue__commune")
            .get(pk=occurrence_id, permanence__is_public=True)
        )
    except (Occurrence.DoesNotExist, ValueError) as error:
        raise Http404 from error


@login_not_required
def book(request, slug, occurrence_id):
    service = get_public_service(slug)
    occurrence = _public_occurrence(service, occurrence_id)
    form = BookingForm(
        request.POST or None,
        initial={"slot": request.GET.get("creneau", "")},
        slots=actions.free_slots(occurrence),
        variant="public",
    )
    context = {"service": service, "occurrence": occurrence, "form": form}
    if request.method == "POST":
        if not throttle.allow(request, scope="public-booking", limit=BOOKINGS_PER_HOUR):
            messages.error(
                request,
                _(
                    "Trop de réservations depuis cette connexion. Réessayez dans une heure "
                    "ou appelez le service."
                ),
            )
            return render(request, "permanences/public_book.html", context, status=429)
        take = partial(actions.book, occurrence=occurrence, channel=BookingChannel.PUBLIC)
        done, appointment = act_on(request, form, take)
        if done:
            return redirect("rdv:confirm", secret=appointment.secret)
    return render(
        request, "permanences/public_book.html", context, status=400 if form.errors else 200
    )


def _appointment(secret) -> Appointment:
    if "\x00" in secret:  # in no secret Palabre makes, and PostgreSQL refuses it in a query
        raise Http404
    try:
        return Appointment.objects.select_related(
            "occurrence__permanence__venue__commune", "organisation"
        ).get(secret=secret)
    except Appointment.DoesNotExist as error:
        raise Http404 from error


def masked(appointment) -> str:
    """Where the code went, without showing it whole: « l***@exemple.fr », « 06 •• •• •• 78 »."""
    if appointment.notify_by == "EMAIL":
        local, _at, domain = appointment.email.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = "".join(ch for ch in appointment.phone if ch.isdigit())
    return f"{digits[:2]} •• •• •• {digits[-2:]}" if len(digits) >= 4 else "••"


@login_not_required
def confirm(request, secret):
    appointment = _appointment(secret)
    if appointment.state != "PENDING":
        return redirect("rdv:manage", secret=secret)
    form = CodeForm(request.POST or None)
    if act_on(request, form, partial(actions.confirm_code, appointment=appointment))[0]:
        messages.success(request, _("Votre rendez-vous est confirmé."))
        return redirect("rdv:manage", secret=secret)
    return render(
        request,
        "permanences/public_confirm.html",
        {"appointment": appointment, "form": form, "sent_to": masked(appointment)},
        status=400 if form.errors else 200,
    )


@login_not_required
def short(request, secret):
    """The address a text message carries: the person's own page, under a shorter path."""
    return redirect("rdv:manage", secret=_appointment(secret).secret)


@login_not_required
def manage(request, secret):
    appointment = _appointment(secret)
    if appointment.state == "PENDING":
        return redirect("rdv:confirm", secret=secret)
    if request.method == "POST":
        try:
            actions.cancel_appointment(appointment=appointment)
            messages.success(
                request, _("Votre rendez-vous est annulé. Merci de nous avoir prévenus.")
            )
        except Refused as refused:
            messages.error(request, refused.message)
        return redirect("rdv:manage", secret=secret)
    return render(
        request,
        "permanences/public_manage.html",
        {
            "appointment": appointment,
            "service": appointment.organisation,
            "can_cancel": appointment.is_active and appointment.state == "BOOKED",
            "again_url": _book_again_url(appointment),
        },
    )


def _book_again_url(appointment) -> str:
    """Where a cancelled appointment is booked again: through the invitation it was chosen with
    while that link still serves (the new slot stays tied to the case), else the finder."""
    invitation = appointment.invitation
    if invitation is not None and not invitation_actions.refusal(invitation):
        return reverse("rdv:invitation", args=[invitation_links.token_of(invitation)])
    return reverse("rdv:finder", args=[appointment.organisation.slug])
