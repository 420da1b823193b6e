"""Technical watch: the team reports what is broken and follows it; the partner answers.

The team (coordination, mediators of the service): the list of signals and their status, one
signal, reporting one from quick entry (the shift's territory), from an intervention (its place)
or, for the coordination, from the service's territory; and the partner of the public space.
The partner: its own signals in its pages, each with its two buttons. Without an account: the
e-mailed link opens one signal and the same two buttons; an expired or altered link says so and
changes nothing.
"""

import mimetypes
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.core.pages import form_step
from palabre.field import watch_access, watch_actions
from palabre.field.actions import FieldRefused
from palabre.field.forms.watch import RoutingForm, SignalForm
from palabre.field.territory import Place, places_of
from palabre.field.views import common
from palabre.field.watch import SignalStatus
from palabre.organisations.access import require
from palabre.partners.access import partner_of

PAGE_SIZE = 30
# The list's tabs: the query value, its label, the statuses it shows.
TABS = [
    ("ouverts", gettext_lazy("À traiter"), [SignalStatus.SENT, SignalStatus.ACKNOWLEDGED]),
    ("resolus", gettext_lazy("Résolus"), [SignalStatus.RESOLVED]),
    ("tous", gettext_lazy("Tous"), list(SignalStatus)),
]


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _signals_crumb():
    return (_("Veille technique"), reverse("field:signals"))


def _tab(request):
    wanted = request.GET.get("etat")
    return next((tab for tab in TABS if tab[0] == wanted), TABS[0])


def _listing(request, signals, url_name):
    """The page of ``signals`` in the chosen tab, and the tabs to switch."""
    key, _label, statuses = _tab(request)
    page_obj = Paginator(
        signals.filter(status__in=statuses).order_by("-sent_at"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    tabs = [
        {"label": label, "url": f"{reverse(url_name)}?etat={value}", "current": value == key}
        for value, label, _statuses in TABS
    ]
    rows = [{"signal": signal, "overdue": signal.is_overdue(now)} for signal in page_obj]
    return {"page_obj": page_obj, "rows": rows, "tabs": tabs}


# --- The team's pages ---------------------------------------------------------------------------


def signal_list(request):
    membership = request.membership
    require(watch_access.can_follow(membership))
    signals = watch_access.signals_for(membership).select_related(
        "partner", "residence", "quartier", "commune"
    )
    can_route = watch_access.can_route(membership)
    context = {
        **_listing(request, signals, "field:signals"),
        "overdue_count": signals.overdue().count(),
        "can_route": can_route,
        "public_space_partner": (
            watch_actions.public_space_partner(membership.organisation_id) if can_route else None
        ),
        "breadcrumbs": [common.planning_crumb()],
    }
    return render(request, "field/watch/list.html", context)


def signal_detail(request, signal_id):
    membership = request.membership
    require(watch_access.can_follow(membership))
    signal = watch_access.get_signal_for(membership, signal_id)
    context = {
        "signal": signal,
        "overdue": signal.is_overdue(),
        "photo_url": reverse("field:signal_photo", args=[signal.pk]) if signal.photo else "",
        "reported_by": (
            common.names([signal.reported_by])[0] if signal.reported_by_id is not None else ""
        ),
        "reminders": list(signal.reminders.all()),
        "no_address": not watch_actions.recipients_of(signal.partner),
        "breadcrumbs": [common.planning_crumb(), _signals_crumb()],
    }
    return render(request, "field/watch/detail.html", context)


def _report_page(request, *, places, then, page, place=None, place_kind="", **where):
    """The reporting form, then ``report_signal`` with ``where`` (shift, intervention), then
    ``then(signal)``; invalid input comes back with its errors (status 400), nothing saved.
    ``page``: the title, ``context_of`` (what the signal is reported from), ``cancel_url`` and
    ``breadcrumbs``."""
    membership = request.membership
    data, files = _posted(request)
    form = SignalForm(data, files, places=places, place=place, place_kind=place_kind)
    report = partial(
        watch_actions.report_signal, organisation=membership.organisation, by=membership, **where
    )
    done, signal = act_on(request, form, report)
    if done:
        messages.success(
            request,
            _("Signalement envoyé à %(partner)s, à résoudre avant le %(due)s.")
            % {
                "partner": signal.partner.name,
                "due": date_format(timezone.localtime(signal.due_at), _("d/m/Y à H:i")),
            },
        )
        if not watch_actions.recipients_of(signal.partner):
            messages.warning(
                request,
                _(
                    "%(partner)s n'a pas d'adresse e-mail dans l'annuaire : il ne verra le "
                    "signalement que dans son espace partenaire. Prévenez-le si besoin."
                )
                % {"partner": signal.partner.name},
            )
        return redirect(then(signal))
    context = {**page, "form": form, "has_places": bool(places)}
    return render(request, "field/watch/form.html", context, status=400 if form.errors else 200)


def signal_create(request):
    """The coordination reports from anywhere in the service's territory, off any shift."""
    membership = request.membership
    require(watch_access.can_route(membership))
    return _report_page(
        request,
        places=watch_access.service_places(membership),
        then=lambda signal: reverse("field:signal", args=[signal.pk]),
        page={
            "title": _("Nouveau signalement technique"),
            "context_of": "",
            "cancel_url": reverse("field:signals"),
            "breadcrumbs": [common.planning_crumb(), _signals_crumb()],
        },
    )


def shift_signal_create(request, shift_id):
    """From quick entry: a place of the shift's territory; back to quick entry once sent."""
    membership = request.membership
    require(watch_access.can_follow(membership))
    shift = watch_access.get_reporting_shift_for(membership, shift_id)
    entry_url = reverse("field:shift_entry", args=[shift.pk])
    return _report_page(
        request,
        places=places_of(shift),
        then=lambda _signal: entry_url,
        shift=shift,
        page={
            "title": _("Signaler un problème technique"),
            "context_of": f"{common.title(shift)}, {common.when(shift)}",
            "cancel_url": entry_url,
            "breadcrumbs": [common.planning_crumb(), (common.title(shift), entry_url)],
        },
    )


def intervention_signal_create(request, intervention_id):
    """From an intervention: its place, already chosen; back to its shift once sent."""
    membership = request.membership
    require(watch_access.can_follow(membership))
    intervention = watch_access.get_reporting_intervention_for(membership, intervention_id)
    shift = intervention.shift
    shift_url = reverse("field:shift", args=[shift.pk])
    return _report_page(
        request,
        places=places_of(shift),
        then=lambda _signal: shift_url,
        place=Place.of(intervention),
        place_kind=intervention.place_kind,
        intervention=intervention,
        page={
            "title": _("Signaler un problème technique"),
            "context_of": _("Depuis l'intervention « %(intervention)s », %(shift)s")
            % {"intervention": intervention, "shift": common.title(shift)},
            "cancel_url": shift_url,
            "breadcrumbs": [common.planning_crumb(), (common.title(shift), shift_url)],
        },
    )


def routing(request):
    membership = request.membership
    require(watch_access.can_route(membership))
    organisation = membership.organisation
    form = RoutingForm(
        request.POST if request.method == "POST" else None,
        candidates=watch_access.public_space_candidates(membership),
        current=watch_actions.public_space_partner(organisation.pk),
    )
    return form_step(
        request,
        form,
        partial(watch_actions.set_public_space_partner, organisation=organisation, by=membership),
        done=_("Le destinataire des signalements sur l'espace public est enregistré."),
        then="field:signals",
        title=_("Destinataires des signalements techniques"),
        submit=_("Enregistrer"),
        cancel_url=reverse("field:signals"),
        breadcrumbs=[common.planning_crumb(), _signals_crumb()],
        intro=_(
            "Un signalement dans une résidence part à son bailleur. Les autres partent au "
            "partenaire choisi ici."
        ),
    )


def _photo_response(signal):
    if not signal.photo:
        raise Http404
    content_type = mimetypes.guess_type(signal.photo.name)[0] or "application/octet-stream"
    # A kept photo is small (1600 px at most, re-encoded): read whole, its file closed at once.
    with signal.photo.open("rb") as photo:
        response = HttpResponse(photo.read(), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def signal_photo(request, signal_id):
    """The photo, for whoever may open the signal: its team, or the partner it went to."""
    return _photo_response(watch_access.get_photo_signal_for(request.membership, signal_id))


# --- The partner's pages ------------------------------------------------------------------------


def portal_list(request):
    membership = request.membership
    require(watch_access.can_answer(membership))
    signals = watch_access.portal_signals(membership)
    context = {
        **_listing(request, signals, "field:portal_signals"),
        "partner": partner_of(membership),
        "overdue_count": signals.overdue().count(),
    }
    return render(request, "field/watch/portal_list.html", context)


def portal_detail(request, signal_id):
    membership = request.membership
    require(watch_access.can_answer(membership))
    signal = watch_access.get_portal_signal_for(membership, signal_id)
    context = {
        "signal": signal,
        "overdue": signal.is_overdue(),
        "photo_url": reverse("field:signal_photo", args=[signal.pk]) if signal.photo else "",
        "steps": _steps(
            signal, lambda step: reverse("field:portal_signal_step", args=[signal.pk, step])
        ),
        "service": membership.organisation,
    }
    return render(request, "field/watch/portal_detail.html", context)


@require_POST
def portal_step(request, signal_id, step):
    membership = request.membership
    require(watch_access.can_answer(membership) and step in watch_actions.STEPS)
    signal = watch_access.get_portal_signal_for(membership, signal_id)
    _answer(request, partial(watch_actions.STEPS[step], signal=signal, by=membership), step)
    return redirect("field:portal_signal", signal.pk)


def _steps(signal, url_of) -> list[dict]:
    """The buttons the signal still offers: acknowledge while sent, resolve until resolved."""
    offered = []
    if signal.status == SignalStatus.SENT:
        offered.append(("pris-en-compte", _("Je prends en compte"), "outline-primary"))
    if signal.status != SignalStatus.RESOLVED:
        offered.append(("resolu", _("C'est réglé"), "success"))
    return [
        {"step": step, "label": label, "url": url_of(step), "variant": variant}
        for step, label, variant in offered
    ]


def _answer(request, verb, step):
    try:
        verb()
    except FieldRefused as refused:
        messages.error(request, refused.message)
        return
    if step == "resolu":
        messages.success(request, _("Merci : le signalement est marqué résolu. L'équipe le voit."))
    else:
        messages.success(request, _("Merci : l'équipe voit que le signalement est pris en compte."))


# --- The account-free link ----------------------------------------------------------------------


def _refused(request, refusal):
    return render(request, "field/watch/link_refused.html", {"reason": refusal.message}, status=410)


@login_not_required
def link_page(request, token):
    """One signal and its two buttons, for whoever holds the e-mailed link."""
    try:
        signal = watch_actions.signal_from_token(token)
    except FieldRefused as refusal:
        return _refused(request, refusal)
    here = reverse("field:signal_link", args=[token])
    if request.method == "POST":
        step = request.POST.get("step", "")
        _answer(request, partial(watch_actions.answer_by_link, token=token, step=step), step)
        return redirect(here)
    context = {
        "signal": signal,
        "overdue": signal.is_overdue(),
        "photo_url": (reverse("field:signal_link_photo", args=[token]) if signal.photo else ""),
        "steps": _steps(signal, lambda _step: here),
        "service": signal.organisation,
    }
    return render(request, "field/watch/link.html", context)


@login_not_required
def link_photo(request, token):
    try:
        signal = watch_actions.signal_from_token(token)
    except FieldRefused as error:
        raise Http404 from error
    return _photo_response(signal)
