"""The pages of outreach actions: the list (to come, past), one action, planning and editing it,
recording its results, cancelling it. Who may do what: ``outreach.access``."""

from functools import partial

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.core.lookup import get_or_404
from palabre.core.pages import form_step
from palabre.organisations.access import require
from palabre.outreach import access
from palabre.outreach import actions as verbs
from palabre.outreach.forms import ActionForm, ConfirmForm, FilterForm, ResultsForm

PAGE_SIZE = 30
TABS = [
    ("a-venir", gettext_lazy("À venir")),
    ("passees", gettext_lazy("Passées")),
]


def _posted(request):
    return request.POST if request.method == "POST" else None


def list_crumb():
    return (_("Aller-vers"), reverse("outreach:list"))


def action_list(request):
    membership = request.membership
    require(access.can_open(membership))
    wanted = request.GET.get("quand")
    tab = wanted if wanted in dict(TABS) else TABS[0][0]
    now = timezone.now()
    form = FilterForm(request.GET or None, membership=membership)
    actions = form.narrow(access.actions_for(membership)).select_related("commune", "venue")
    if tab == "a-venir":
        actions = actions.filter(ends_at__gte=now).order_by("starts_at")
    else:
        actions = actions.filter(ends_at__lt=now).order_by("-starts_at")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tabs = []
    for code, label in TABS:
        query["quand"] = code
        tabs.append({"label": label, "url": f"?{query.urlencode()}", "current": code == tab})
    context = {
        "form": form,
        "tab": tab,
        "tabs": tabs,
        "page_obj": page,
        "actions": page.object_list,
        "can_plan": access.can_plan(membership),
    }
    return render(request, "outreach/list.html", context)


def action_detail(request, action_id):
    membership = request.membership
    require(access.can_open(membership))
    action = access.get_action_for(membership, action_id)
    photos = list(action.photos.all())
    context = {
        "action": action,
        "team": action.team.select_related("user").order_by("user__last_name"),
        "partners": action.partners.order_by("name"),
        "cases": access.linked_cases_for(membership, action).order_by("reference"),
        "topics": [label for code, label in _topic_labels() if code in (action.topics or [])],
        "photos": photos,
        "can_plan": access.can_plan(membership) and action.status != "CANCELLED",
        "can_cancel": access.can_plan(membership) and action.is_planned,
        "can_record": access.can_record_results(membership, action),
        "crumbs": [list_crumb()],
    }
    return render(request, "outreach/detail.html", context)


def _topic_labels():
    from palabre.cases.codes import ConflictCategory

    return ConflictCategory.choices


def _initial_from_coownership(request, membership) -> dict:
    """Planning from a co-ownership's page: its place is the action's."""
    try:
        coownership = get_or_404(
            access.coownership_choices_for(membership), request.GET.get("copropriete")
        )
    except Http404:
        return {}
    return {
        "coownership": coownership.pk,
        "place_name": coownership.name,
        "address": coownership.address,
        "commune": coownership.commune_id,
        "quartier": coownership.quartier_id,
    }


def action_create(request):
    membership = request.membership
    require(access.can_plan(membership))
    form = ActionForm(
        _posted(request),
        membership=membership,
        initial=_initial_from_coownership(request, membership),
    )
    verb = partial(verbs.plan_action, organisation=membership.organisation, by=membership)
    return form_step(
        request,
        form,
        verb,
        done=_("Action prévue."),
        then="outreach:list",
        title=_("Prévoir une action d'aller-vers"),
        submit=_("Enregistrer"),
        cancel_url=reverse("outreach:list"),
        breadcrumbs=[list_crumb()],
        fieldsets=form.fieldsets(),
    )


def action_edit(request, action_id):
    membership = request.membership
    require(access.can_plan(membership))
    action = access.get_action_for(membership, action_id)
    require(action.status != "CANCELLED")
    form = ActionForm(_posted(request), membership=membership, current=action)
    here = reverse("outreach:detail", args=[action.pk])
    return form_step(
        request,
        form,
        partial(verbs.change_action, action=action, by=membership),
        done=_("Action modifiée."),
        then=here,
        title=_("Modifier l'action"),
        submit=_("Enregistrer"),
        cancel_url=here,
        breadcrumbs=[list_crumb(), (action.title, here)],
        fieldsets=form.fieldsets(),
    )


def action_results(request, action_id):
    membership = request.membership
    action = access.get_action_for(membership, action_id)
    require(access.can_record_results(membership, action))
    form = ResultsForm(_posted(request), membership=membership, action=action)
    here = reverse("outreach:detail", args=[action.pk])
    return form_step(
        request,
        form,
        partial(verbs.record_results, action=action, by=membership),
        done=_("Résultats enregistrés : l'action est tenue."),
        then=here,
        title=_("Résultats de l'action"),
        submit=_("Enregistrer"),
        cancel_url=here,
        breadcrumbs=[list_crumb(), (action.title, here)],
        intro=_("Des nombres et des sujets seulement : ni nom, ni adresse, ni situation."),
        fieldsets=form.fieldsets(),
    )


def action_cancel(request, action_id):
    membership = request.membership
    require(access.can_plan(membership))
    action = access.get_action_for(membership, action_id)
    here = reverse("outreach:detail", args=[action.pk])
    return form_step(
        request,
        ConfirmForm(_posted(request) if request.method == "POST" else None),
        partial(verbs.cancel_action, action=action, by=membership),
        done=_("Action annulée."),
        then=here,
        title=_("Annuler l'action « %(title)s »") % {"title": action.title},
        submit=_("Annuler l'action"),
        cancel_url=here,
        breadcrumbs=[list_crumb(), (action.title, here)],
        intro=_(
            "L'action reste dans la liste, marquée annulée ; elle ne compte pas dans les bilans."
        ),
    )
