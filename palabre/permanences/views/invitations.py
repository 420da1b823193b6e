"""The pages of an invitation's link (docs/adr/0026), without an account: the person chooses a slot
at one of the service's permanences, asks to be called back, or says they do not wish to take
part. The link serves once.

These pages show the service's name and contacts and its permanences, nothing else: not the
person's name, nor the other side's, nor the conflict, nor what they answered before. A link that
no longer serves says why in French (410); an address Palabre did not make is a 404.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.cases import invitation_actions, invitation_links
from palabre.core import throttle
from palabre.core.actions import act_on
from palabre.permanences import actions, invitation_booking, offer
from palabre.permanences.forms.invitations import (
    CallbackForm,
    CodeForm,
    DeclineForm,
    InvitationBookingForm,
)
from palabre.permanences.models import Occurrence

CODES_PER_HOUR = 20


def _gone(request, *, service=None, reason="", status=410):
    return render(
        request,
        "permanences/invitations/gone.html",
        {"service": service, "reason": reason},
        status=status,
    )


def _open(request, token):
    """``(invitation, None)`` when the link can take an answer, else ``(None, the page that
    says why)``."""
    invitation = invitation_links.from_token(token)
    if invitation is None:
        return None, _gone(request, status=404)
    if invitation.answered_at is not None:
        return None, redirect("rdv:invitation", token=invitation_links.token_of(invitation))
    problem = invitation_actions.refusal(invitation)
    if problem:
        return None, _gone(request, service=invitation.organisation, reason=problem)
    return invitation, None


@login_not_required
def enter_code(request):
    """For who typed the service's address and the code apart, or mistyped the link."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(request, scope="invitation-code", limit=CODES_PER_HOUR):
            form.add_error(
                None, _("Trop d'essais depuis cette connexion. Réessayez dans une heure.")
            )
        else:
            invitation = invitation_links.from_token(form.cleaned_data["code"])
            if invitation is not None:
                return redirect("rdv:invitation", token=invitation_links.token_of(invitation))
            form.add_error(
                "code",
                _(
                    "Ce code ne correspond à aucune invitation : vérifiez-le, caractère par "
                    "caractère."
                ),
            )
    return render(
        request,
        "permanences/invitations/code.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_not_required
def landing(request, token):
    invitation = invitation_links.from_token(token)
    if invitation is None:
        return _gone(request, status=404)
    service = invitation.organisation
    token = invitation_links.token_of(invitation)
    if invitation.answered_at is not None:
        return render(
            request,
            "permanences/invitations/answered.html",
            {"service": service, "answered_at": invitation.answered_at},
        )
    problem = invitation_actions.refusal(invitation)
    if problem:
        return _gone(request, service=service, reason=problem)
    return render(
        request,
        "permanences/invitations/landing.html",
        {"service": service, "token": token, "expires_at": invitation.expires_at},
    )


@login_not_required
def slots(request, token):
    invitation, refused = _open(request, token)
    if refused:
        return refused
    service = invitation.organisation
    venues = offer.by_venue(offer.sessions_with_free_slots(service, public_only=True))
    return render(
        request,
        "permanences/invitations/slots.html",
        {"service": service, "token": invitation_links.token_of(invitation), "venues": venues},
    )


def _occurrence(invitation, occurrence_id) -> Occurrence:
    try:
        return (
            Occurrence.objects.of(invitation.organisation_id)
            .planned()
            .select_related("permanence__venue__commune")
            .get(pk=occurrence_id, permanence__is_public=True, permanence__venue__is_active=True)
        )
    except (Occurrence.DoesNotExist, ValueError) as error:
        raise Http404 from error


@login_not_required
def book(request, token, occurrence_id):
    invitation, refused = _open(request, token)
    if refused:
        return refused
    occurrence = _occurrence(invitation, occurrence_id)
    form = InvitationBookingForm(
        request.POST or None,
        initial={"slot": request.GET.get("creneau", "")},
        slots=actions.free_slots(occurrence),
        case=invitation.case,
    )
    take = partial(
        invitation_booking.book_by_invitation, invitation=invitation, occurrence=occurrence
    )
    done, appointment = act_on(request, form, take)
    if done:
        messages.success(request, _("Votre rendez-vous est pris. Merci de votre réponse."))
        return redirect("rdv:manage", secret=appointment.secret)
    context = {
        "service": invitation.organisation,
        "token": invitation_links.token_of(invitation),
        "occurrence": occurrence,
        "form": form,
    }
    return render(
        request,
        "permanences/invitations/book.html",
        context,
        status=400 if form.errors else 200,
    )


def _answer(request, token, form_class, verb, template, done_message):
    invitation, refused = _open(request, token)
    if refused:
        return refused
    form = form_class(request.POST if request.method == "POST" else None)
    if act_on(request, form, partial(verb, invitation=invitation))[0]:
        messages.success(request, done_message)
        return redirect("rdv:invitation", token=invitation_links.token_of(invitation))
    context = {
        "service": invitation.organisation,
        "token": invitation_links.token_of(invitation),
        "form": form,
    }
    return render(request, template, context, status=400 if form.errors else 200)


@login_not_required
def callback(request, token):
    return _answer(
        request,
        token,
        CallbackForm,
        invitation_actions.ask_callback,
        "permanences/invitations/callback.html",
        _("C'est noté : le service vous rappellera aux moments que vous avez choisis."),
    )


@login_not_required
def decline(request, token):
    return _answer(
        request,
        token,
        DeclineForm,
        invitation_actions.decline,
        "permanences/invitations/decline.html",
        _("C'est noté. Merci de nous avoir répondu."),
    )
