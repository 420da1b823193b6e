"""What the network's pages share: the crumbs of the sections, the posted data and the page
that shares a document with an event or a pole."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.network import actions
from palabre.network.forms.events import DocumentForm


def home_crumb():
    return (_("Réseau"), reverse("network:home"))


def members_crumb():
    return (_("Structures membres"), reverse("network:members"))


def poles_crumb():
    return (_("Pôles régionaux"), reverse("network:poles"))


def events_crumb():
    return (_("Événements"), reverse("network:events"))


def posted(request):
    return request.POST if request.method == "POST" else None


def share_document_page(request, *, place, done_message, intro, back_url, crumbs):
    """Shares a document with ``place`` (``{"event": event}`` or ``{"pole": pole}``), then goes
    back to its page; the form comes back with its errors otherwise."""
    (target,) = place.values()
    form = DocumentForm(posted(request), request.FILES or None)
    done, _document = act_on(
        request,
        form,
        partial(actions.share_document, network=target.network, by=request.membership, **place),
    )
    if done:
        messages.success(request, done_message)
        return redirect(back_url)
    return render(
        request,
        "network/document_form.html",
        {"form": form, "intro": intro, "cancel_url": back_url, "crumbs": crumbs},
    )
