"""Events of the network: the list, an event's page with its registrations, attendance and
documents, and the download of a shared document (never from MEDIA_URL). Network staff only."""

from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.core.pages import form_page
from palabre.network import access, actions
from palabre.network.forms.events import (
    AttendanceForm,
    EventForm,
    RegistrationForm,
)
from palabre.network.models import Attendance, EventKind
from palabre.network.views.common import (
    events_crumb,
    home_crumb,
    posted,
    share_document_page,
)
from palabre.organisations.access import require


def event_list(request):
    membership = request.membership
    require(access.can_manage(membership))
    today = timezone.localdate()
    kind = request.GET.get("type", "")
    events = access.events_for(membership)
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    context = {
        "coming": events.coming(today).order_by("starts_on"),
        "past": events.past(today).order_by("-starts_on")[:30],
        "kinds": EventKind.choices,
        "kind": kind,
        "crumbs": [home_crumb()],
    }
    return render(request, "network/event_list.html", context)


def _event_crumbs(event):
    return [home_crumb(), events_crumb(), (event.title, reverse("network:event", args=[event.pk]))]


def _event_page(request, membership, event, registrations, attendance_form=None):
    started = event.starts_on <= timezone.localdate()
    if attendance_form is None and started:
        attendance_form = AttendanceForm(registrations=registrations)
    context = {
        "event": event,
        "registrations": registrations,
        "present": sum(r.attendance == Attendance.PRESENT for r in registrations),
        "absent": sum(r.attendance == Attendance.ABSENT for r in registrations),
        "started": started,
        "attendance_form": attendance_form,
        "documents": access.documents_for(membership).filter(event=event),
        "crumbs": [home_crumb(), events_crumb()],
    }
    return render(request, "network/event_detail.html", context)


def _registrations(event):
    return list(event.registrations.select_related("member", "contact"))


def event_detail(request, event_id):
    membership = request.membership
    event = access.get_event_for(membership, event_id)
    return _event_page(request, membership, event, _registrations(event))


def event_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    network = access.network_of(membership)
    form = EventForm(posted(request), organisation=network)
    done, event = act_on(
        request, form, partial(actions.create_event, network=network, by=membership)
    )
    if done:
        messages.success(request, _("L'événement est créé."))
        return redirect("network:event", event.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouvel événement"),
        submit=_("Créer l'événement"),
        cancel_url=reverse("network:events"),
        breadcrumbs=[home_crumb(), events_crumb()],
    )


def event_edit(request, event_id):
    membership = request.membership
    event = access.get_event_for(membership, event_id)
    form = EventForm(posted(request), organisation=event.network, current=event)
    done, _event = act_on(request, form, partial(actions.update_event, event=event, by=membership))
    if done:
        messages.success(request, _("L'événement est enregistré."))
        return redirect("network:event", event.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier l'événement"),
        submit=_("Enregistrer"),
        cancel_url=reverse("network:event", args=[event.pk]),
        breadcrumbs=_event_crumbs(event),
    )


def registration_create(request, event_id):
    membership = request.membership
    event = access.get_event_for(membership, event_id)
    form = RegistrationForm(posted(request), network=event.network)
    done, registration = act_on(
        request, form, partial(actions.register, event=event, by=membership)
    )
    if done:
        messages.success(request, _("%s est inscrit·e.") % registration.person)
        return redirect("network:event", event.pk)
    return form_page(
        request,
        form=form,
        title=_("Inscrire une personne"),
        intro=_(
            "Choisissez un contact d'une structure membre, ou indiquez le nom d'une autre "
            "personne et sa structure."
        ),
        submit=_("Inscrire"),
        cancel_url=reverse("network:event", args=[event.pk]),
        breadcrumbs=_event_crumbs(event),
    )


@require_POST
def registration_delete(request, registration_id):
    membership = request.membership
    require(access.can_manage(membership))
    registration = access.get_registration_for(membership, registration_id)
    event = registration.event
    actions.cancel_registration(registration=registration, by=membership)
    messages.success(request, _("L'inscription est retirée."))
    return redirect("network:event", event.pk)


@require_POST
def attendance(request, event_id):
    membership = request.membership
    event = access.get_event_for(membership, event_id)
    registrations = _registrations(event)
    form = AttendanceForm(request.POST, registrations=registrations)
    done, _changed = act_on(
        request, form, partial(actions.record_attendance, event=event, by=membership)
    )
    if done:
        messages.success(request, _("Les présences sont enregistrées."))
        return redirect("network:event", event.pk)
    return _event_page(request, membership, event, registrations, attendance_form=form)


def event_document_create(request, event_id):
    event = access.get_event_for(request.membership, event_id)
    return share_document_page(
        request,
        place={"event": event},
        done_message=_("Le document est partagé."),
        intro=format_html(
            _(
                "Pour l'événement « {title} ». Le document n'est accessible qu'à l'équipe du "
                "réseau connectée."
            ),
            title=event.title,
        ),
        back_url=reverse("network:event", args=[event.pk]),
        crumbs=_event_crumbs(event),
    )


@never_cache
def document_download(request, document_id):
    document = access.get_document_for(request.membership, document_id)
    try:
        content = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(content, as_attachment=True, filename=document.filename)
