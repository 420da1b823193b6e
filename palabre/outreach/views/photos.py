"""The photos of an action: added by whoever records its results, seen by whoever opens the
action, served by Palabre only; and the public address of a photo with consent."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.outreach import access, public
from palabre.outreach import actions as verbs
from palabre.outreach.actions import OutreachRefused
from palabre.outreach.forms import PhotoForm
from palabre.outreach.views.actions import list_crumb


def _response(photo, cache: str):
    content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
    with photo.image.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=content_type)
    response["Cache-Control"] = cache
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def photo_add(request, action_id):
    membership = request.membership
    action = access.get_action_for(membership, action_id)
    require(access.can_record_results(membership, action))
    here = reverse("outreach:detail", args=[action.pk])
    form = PhotoForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )

    def verb(photo, caption, consent):
        return verbs.add_photo(
            action=action, by=membership, photo=photo, caption=caption, consent=consent
        )

    finished, _photo = act_on(request, form, verb)
    if finished:
        messages.success(request, _("Photo ajoutée."))
        return redirect(here)
    context = {
        "form": form,
        "action": action,
        "cancel_url": here,
        "crumbs": [list_crumb(), (action.title, here)],
    }
    return render(request, "outreach/photo_form.html", context)


def photo(request, action_id, photo_id):
    membership = request.membership
    require(access.can_open(membership))
    action = access.get_action_for(membership, action_id)
    return _response(access.get_photo_for(membership, action, photo_id), "private, no-store")


@require_POST
def photo_consent(request, action_id, photo_id):
    membership = request.membership
    action = access.get_action_for(membership, action_id)
    require(access.can_record_results(membership, action))
    verbs.record_consent(photo=access.get_photo_for(membership, action, photo_id), by=membership)
    messages.success(request, _("Consentement noté : la photo peut paraître sur la page publique."))
    return redirect("outreach:detail", action.pk)


@require_POST
def photo_remove(request, action_id, photo_id):
    membership = request.membership
    action = access.get_action_for(membership, action_id)
    require(access.can_record_results(membership, action))
    try:
        verbs.remove_photo(photo=access.get_photo_for(membership, action, photo_id), by=membership)
    except OutreachRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Photo retirée."))
    return redirect("outreach:detail", action.pk)


@login_not_required
def public_photo(request, token):
    """A photo with consent, for the public page of the service: no login, a signed address."""
    photo = public.photo_from_token(token)
    if photo is None:
        raise Http404
    return _response(photo, "public, max-age=3600")
