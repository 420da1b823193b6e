"""Partners' requests for rounds (*demandes de passage*).

The partner (a landlord's account): the list of its organisation's requests with where each
stands, a new request for one of its residences, and one request — what was asked and its status,
nothing of the shifts. The coordination: the requests received, and one request with its two
answers: put it on the feuille de route of a shift of the period, or decline it with a reason.
"""

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.field import roadmap_requests_access as request_access
from palabre.field import roadmap_requests_actions as request_actions
from palabre.field.forms.roadmap_requests import (
    AcceptRequestForm,
    DeclineRequestForm,
    RoadmapRequestForm,
)
from palabre.field.roadmap_requests import RequestStatus
from palabre.field.views import common
from palabre.organisations.access import require
from palabre.partners.access import partner_of

PAGE_SIZE = 30
# The coordination's tabs: the query value, its label, the statuses it shows.
TABS = [
    ("a-traiter", gettext_lazy("À traiter"), [RequestStatus.PENDING]),
    ("acceptees", gettext_lazy("Acceptées"), [RequestStatus.ACCEPTED]),
    ("declinees", gettext_lazy("Déclinées"), [RequestStatus.DECLINED]),
    ("toutes", gettext_lazy("Toutes"), list(RequestStatus)),
]


@dataclass(frozen=True)
class Shown:
    """Where a request stands, in the words its partner reads: ``code`` (for the badge's colour),
    ``label`` and a ``detail`` (the evenings it was taken in hand, or the reason declined)."""

    code: str
    label: str
    detail: str = ""


def _evenings(days) -> str:
    named = [date_format(day, "d/m/Y") for day in days]
    if len(named) == 1:
        return named[0]
    return _("%(first)s et %(last)s") % {"first": ", ".join(named[:-1]), "last": named[-1]}


def shown(roadmap_request, now) -> Shown:
    """What the partner sees of its request: never a shift's team, hours or interventions."""
    if roadmap_request.status == RequestStatus.DECLINED:
        return Shown("DECLINED", _("Déclinée"), roadmap_request.decline_reason)
    if roadmap_request.status == RequestStatus.PENDING:
        return Shown("PENDING", _("En attente de réponse"))
    days = roadmap_request.carried_on(now)
    if days:
        if len(days) == 1:
            return Shown("DONE", _("Prise en compte le %(day)s") % {"day": _evenings(days)})
        return Shown("DONE", _("Prise en compte les %(days)s") % {"days": _evenings(days)})
    return Shown(
        "ACCEPTED",
        _("Acceptée"),
        _("La coordination l'a inscrite sur la feuille de route d'une tournée de la période."),
    )


def _period(roadmap_request) -> str:
    return _("du %(first)s au %(last)s") % {
        "first": date_format(roadmap_request.first_day, "d/m/Y"),
        "last": date_format(roadmap_request.last_day, "d/m/Y"),
    }


def _requests_crumb():
    return (_("Demandes de passage"), reverse("field:roadmap_requests"))


def _portal_crumb():
    return (_("Demandes de passage"), reverse("field:portal_roadmap_requests"))


# --- The partner's pages ------------------------------------------------------------------------


def portal_list(request):
    membership = request.membership
    require(request_access.can_ask(membership))
    now = timezone.now()
    page_obj = Paginator(
        request_access.portal_requests(membership).order_by("-created_at"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [
        {"asked": asked, "period": _period(asked), "shown": shown(asked, now)} for asked in page_obj
    ]
    context = {
        "partner": partner_of(membership),
        "page_obj": page_obj,
        "rows": rows,
        "can_create": request_access.askable_residences(membership).exists(),
    }
    return render(request, "field/roadmap/portal_list.html", context)


def portal_create(request):
    membership = request.membership
    require(request_access.can_ask(membership))
    residences = request_access.askable_residences(membership).order_by("name")
    form = RoadmapRequestForm(
        request.POST if request.method == "POST" else None, residences=residences
    )
    done, asked = act_on(
        request,
        form,
        partial(request_actions.ask_for_rounds, partner=partner_of(membership), by=membership),
    )
    if done:
        messages.success(
            request,
            _(
                "Votre demande est envoyée à la coordination de %(service)s. Vous verrez ici sa "
                "réponse."
            )
            % {"service": membership.organisation.name},
        )
        return redirect("field:portal_roadmap_request", asked.pk)
    context = {
        "form": form,
        "has_residences": residences.exists(),
        "service": membership.organisation,
        "breadcrumbs": [_portal_crumb()],
    }
    status = 400 if form.errors else 200
    return render(request, "field/roadmap/portal_form.html", context, status=status)


def portal_detail(request, request_id):
    membership = request.membership
    require(request_access.can_ask(membership))
    asked = request_access.get_portal_request_for(membership, request_id)
    context = {
        "asked": asked,
        "period": _period(asked),
        "shown": shown(asked, timezone.now()),
        "service": membership.organisation,
        "breadcrumbs": [_portal_crumb()],
    }
    return render(request, "field/roadmap/portal_detail.html", context)


# --- The coordination's pages -------------------------------------------------------------------


def _tab(request):
    wanted = request.GET.get("etat")
    return next((tab for tab in TABS if tab[0] == wanted), TABS[0])


def request_list(request):
    membership = request.membership
    require(request_access.can_review(membership))
    key, _label, statuses = _tab(request)
    requests = request_access.requests_for(membership).select_related("partner", "residence")
    page_obj = Paginator(
        requests.filter(status__in=statuses).order_by("first_day", "created_at"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {"asked": asked, "period": _period(asked), "past": asked.last_day < today}
        for asked in page_obj
    ]
    tabs = [
        {
            "label": label,
            "url": f"{reverse('field:roadmap_requests')}?etat={value}",
            "current": value == key,
        }
        for value, label, _statuses in TABS
    ]
    context = {
        "page_obj": page_obj,
        "rows": rows,
        "tabs": tabs,
        "pending_count": requests.pending().count(),
        "breadcrumbs": [common.planning_crumb()],
    }
    return render(request, "field/roadmap/list.html", context)


def _detail_page(request, asked, *, accept_form=None, decline_form=None):
    membership = request.membership
    now = timezone.now()
    shifts = request_access.candidate_shifts(membership, asked, now)
    if accept_form is None:
        accept_form = AcceptRequestForm(shifts=shifts)
    if decline_form is None:
        decline_form = DeclineRequestForm()
    carrying = [
        {
            "shift": item.shift,
            "title": common.title(item.shift),
            "when": common.when(item.shift),
            "over": item.shift.ends_at <= now,
        }
        for item in asked.items.all()
    ]
    context = {
        "asked": asked,
        "period": _period(asked),
        "shown": shown(asked, now),
        "carrying": carrying,
        # Accepted, then taken off its shifts (or they were cancelled): the partner still reads
        # « acceptée ».
        "orphaned": asked.status == RequestStatus.ACCEPTED
        and not any(not row["shift"].is_cancelled for row in carrying),
        "can_accept": asked.status != RequestStatus.DECLINED,
        "has_candidates": shifts.exists(),
        "can_decline": asked.status == RequestStatus.PENDING,
        "accept_form": accept_form,
        "decline_form": decline_form,
        "asked_by": common.names([asked.asked_by])[0] if asked.asked_by_id else "",
        "breadcrumbs": [common.planning_crumb(), _requests_crumb()],
    }
    failed = accept_form.errors or decline_form.errors
    return render(request, "field/roadmap/detail.html", context, status=400 if failed else 200)


def request_detail(request, request_id):
    membership = request.membership
    require(request_access.can_review(membership))
    asked = request_access.get_request_for(membership, request_id)
    return _detail_page(request, asked)


@require_POST
def request_accept(request, request_id):
    membership = request.membership
    require(request_access.can_review(membership))
    asked = request_access.get_request_for(membership, request_id)
    form = AcceptRequestForm(
        request.POST, shifts=request_access.candidate_shifts(membership, asked, timezone.now())
    )
    done, item = act_on(
        request, form, partial(request_actions.accept_request, roadmap_request=asked, by=membership)
    )
    if done:
        messages.success(
            request,
            _("La demande est inscrite sur la feuille de route de la %(shift)s.")
            % {"shift": common.title(item.shift).lower()},
        )
        return redirect("field:roadmap_request", asked.pk)
    return _detail_page(request, asked, accept_form=form)


@require_POST
def request_decline(request, request_id):
    membership = request.membership
    require(request_access.can_review(membership))
    asked = request_access.get_request_for(membership, request_id)
    form = DeclineRequestForm(request.POST)
    done, _declined = act_on(
        request,
        form,
        partial(request_actions.decline_request, roadmap_request=asked, by=membership),
    )
    if done:
        messages.success(request, _("La demande est déclinée ; le partenaire voit le motif."))
        return redirect("field:roadmap_request", asked.pk)
    return _detail_page(request, asked, decline_form=form)


# --- « Aujourd'hui » ----------------------------------------------------------------------------

PANEL_LINES = 5


def today_panel(membership, day):
    """The coordination's requests waiting for an answer, the oldest first; nothing when none
    waits (and nothing for anyone else)."""
    if not request_access.can_review(membership):
        return None
    waiting = request_access.requests_for(membership).pending()
    count = waiting.count()
    if not count:
        return None
    lines = [
        {
            "url": reverse("field:roadmap_request", args=[asked.pk]),
            "label": asked.place,
            "detail": f"{asked.partner.name} · {_period(asked)}",
        }
        for asked in waiting.select_related("partner", "residence").order_by("created_at")[
            :PANEL_LINES
        ]
    ]
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "demandes-de-passage",
            "title": _("Demandes de passage à traiter"),
            "count": count,
            "lines": lines,
            "empty": "",
            "more_url": reverse("field:roadmap_requests"),
        },
    }
