"""The pages of the co-ownerships a service follows (*prévention des copropriétés*): the list,
one building's follow-up (its syndic and contacts, prevention actions, follow-up points, the
mediations between co-owners), and the forms that change them. Who may do what:
``outreach.access``."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.core.pages import form_page, form_step
from palabre.organisations.access import require
from palabre.outreach import access
from palabre.outreach import coownership_actions as verbs
from palabre.outreach.codes import CoownershipDifficulty, OutreachStatus
from palabre.outreach.coownership_forms import (
    CasesForm,
    CloseForm,
    ContactForm,
    CoownershipForm,
    FilterForm,
    ReviewForm,
)
from palabre.outreach.forms import ConfirmForm

PAGE_SIZE = 30


def _posted(request):
    return request.POST if request.method == "POST" else None


def list_crumb():
    return (_("Copropriétés suivies"), reverse("outreach:coownership_list"))


def _here(coownership):
    return reverse("outreach:coownership_detail", args=[coownership.pk])


def coownership_list(request):
    membership = request.membership
    require(access.can_open(membership))
    form = FilterForm(request.GET or None, membership=membership)
    held = Q(prevention_actions__status=OutreachStatus.HELD)
    rows = (
        form.narrow(access.coownerships_for(membership))
        .select_related("commune", "syndic")
        .annotate(
            held_actions=Count("prevention_actions", filter=held, distinct=True),
            last_review=Max("reviews__held_on"),
        )
        .order_by("name")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "coownerships": page.object_list,
        "can_plan": access.can_plan(membership),
    }
    return render(request, "outreach/coownership_list.html", context)


def _labels(codes):
    return [label for code, label in CoownershipDifficulty.choices if code in (codes or [])]


def coownership_detail(request, coownership_id):
    membership = request.membership
    require(access.can_open(membership))
    coownership = access.get_coownership_for(membership, coownership_id)
    actions = coownership.prevention_actions.order_by("-starts_at")
    totals = actions.filter(status=OutreachStatus.HELD).aggregate(
        held=Count("pk"), hours=Sum("hours"), informed=Sum("people_informed")
    )
    reviews = list(coownership.reviews.select_related("recorded_by__user"))
    for review in reviews:
        review.difficulty_labels = _labels(review.difficulties)
    manager = access.can_plan(membership)
    context = {
        "coownership": coownership,
        "difficulties": _labels(coownership.difficulties),
        "contacts": coownership.contacts.all(),
        "actions": actions.select_related("commune"),
        "totals": totals,
        "reviews": reviews,
        "next_review": reviews[0].next_review_on if reviews else None,
        "cases": access.coownership_cases_for(membership, coownership).order_by("reference"),
        "can_plan": manager,
        "can_change": manager and coownership.is_followed,
        "can_review": access.can_review(membership) and coownership.is_followed,
        "crumbs": [list_crumb()],
    }
    return render(request, "outreach/coownership_detail.html", context)


def coownership_create(request):
    membership = request.membership
    require(access.can_plan(membership))
    form = CoownershipForm(_posted(request), membership=membership)
    verb = partial(verbs.follow_coownership, organisation=membership.organisation, by=membership)
    finished, coownership = act_on(request, form, verb)
    if finished:
        messages.success(request, _("Copropriété ajoutée aux suivis."))
        return redirect(_here(coownership))
    return form_page(
        request,
        form=form,
        title=_("Suivre une copropriété"),
        submit=_("Enregistrer"),
        cancel_url=reverse("outreach:coownership_list"),
        breadcrumbs=[list_crumb()],
        fieldsets=form.fieldsets(),
    )


def _step(request, coownership, form, verb, *, done, title, submit, intro=""):
    here = _here(coownership)
    return form_step(
        request,
        form,
        verb,
        done=done,
        then=here,
        title=title,
        submit=submit,
        cancel_url=here,
        breadcrumbs=[list_crumb(), (coownership.name, here)],
        intro=intro,
        fieldsets=form.fieldsets() if hasattr(form, "fieldsets") else None,
    )


def _changeable(request, coownership_id):
    membership = request.membership
    require(access.can_plan(membership))
    coownership = access.get_coownership_for(membership, coownership_id)
    require(coownership.is_followed)
    return membership, coownership


def coownership_edit(request, coownership_id):
    membership, coownership = _changeable(request, coownership_id)
    form = CoownershipForm(_posted(request), membership=membership, current=coownership)
    return _step(
        request,
        coownership,
        form,
        partial(verbs.change_coownership, coownership=coownership, by=membership),
        done=_("Copropriété modifiée."),
        title=_("Modifier la copropriété"),
        submit=_("Enregistrer"),
    )


def coownership_close(request, coownership_id):
    membership, coownership = _changeable(request, coownership_id)
    return _step(
        request,
        coownership,
        CloseForm(_posted(request)),
        partial(verbs.close_follow_up, coownership=coownership, by=membership),
        done=_("Suivi clos."),
        title=_("Clore le suivi de « %(name)s »") % {"name": coownership.name},
        submit=_("Clore le suivi"),
        intro=_(
            "La copropriété reste consultable avec son historique ; elle n'est plus proposée "
            "pour de nouvelles actions. Ses contacts seront effacés selon la durée de "
            "conservation du service."
        ),
    )


def coownership_resume(request, coownership_id):
    membership = request.membership
    require(access.can_plan(membership))
    coownership = access.get_coownership_for(membership, coownership_id)
    require(not coownership.is_followed)
    return _step(
        request,
        coownership,
        ConfirmForm(_posted(request)),
        partial(verbs.resume_follow_up, coownership=coownership, by=membership),
        done=_("Suivi repris."),
        title=_("Reprendre le suivi de « %(name)s »") % {"name": coownership.name},
        submit=_("Reprendre le suivi"),
    )


def contact_add(request, coownership_id):
    membership, coownership = _changeable(request, coownership_id)
    return _step(
        request,
        coownership,
        ContactForm(_posted(request)),
        partial(verbs.add_contact, coownership=coownership, by=membership),
        done=_("Contact ajouté."),
        title=_("Ajouter un contact"),
        submit=_("Ajouter"),
        intro=_(
            "Les personnes à joindre pour la copropriété : conseil syndical, gestionnaire du "
            "syndic, gardien·ne. Jamais la situation d'un ménage."
        ),
    )


def contact_edit(request, coownership_id, contact_id):
    membership, coownership = _changeable(request, coownership_id)
    contact = access.get_contact_for(membership, coownership, contact_id)
    return _step(
        request,
        coownership,
        ContactForm(_posted(request), current=contact),
        partial(verbs.change_contact, contact=contact, by=membership),
        done=_("Contact modifié."),
        title=_("Modifier le contact"),
        submit=_("Enregistrer"),
    )


def contact_remove(request, coownership_id, contact_id):
    membership, coownership = _changeable(request, coownership_id)
    contact = access.get_contact_for(membership, coownership, contact_id)
    return _step(
        request,
        coownership,
        ConfirmForm(_posted(request)),
        partial(verbs.remove_contact, contact=contact, by=membership),
        done=_("Contact retiré."),
        title=_("Retirer le contact « %(name)s »") % {"name": contact.name},
        submit=_("Retirer"),
    )


def review_add(request, coownership_id):
    membership = request.membership
    require(access.can_review(membership))
    coownership = access.get_coownership_for(membership, coownership_id)
    require(coownership.is_followed)
    return _step(
        request,
        coownership,
        ReviewForm(_posted(request), coownership=coownership),
        partial(verbs.record_review, coownership=coownership, by=membership),
        done=_("Point de suivi noté."),
        title=_("Noter un point de suivi"),
        submit=_("Enregistrer"),
        intro=_("Des codes seulement : ni nom, ni situation d'un ménage."),
    )


def cases_link(request, coownership_id):
    membership, coownership = _changeable(request, coownership_id)
    return _step(
        request,
        coownership,
        CasesForm(_posted(request), membership=membership, coownership=coownership),
        partial(verbs.link_cases, coownership=coownership, by=membership),
        done=_("Médiations liées."),
        title=_("Médiations entre copropriétaires"),
        submit=_("Enregistrer"),
    )
