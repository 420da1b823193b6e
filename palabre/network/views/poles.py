"""Regional poles: their members, referents, meetings and the documents of their exchange of
practices. Network staff only."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.core.pages import form_page
from palabre.network import access, actions
from palabre.network.forms.poles import PoleForm
from palabre.network.models import Region
from palabre.network.views.common import home_crumb, poles_crumb, posted, share_document_page
from palabre.organisations.access import require


def _region_labels(pole):
    labels = dict(Region.choices)
    return [str(labels[code]) for code in pole.regions if code in labels]


def pole_list(request):
    membership = request.membership
    require(access.can_manage(membership))
    poles = access.poles_for(membership).annotate(
        member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
        referent_count=Count("referents", distinct=True),
    )
    context = {
        "poles": [(pole, _region_labels(pole)) for pole in poles],
        "crumbs": [home_crumb()],
    }
    return render(request, "network/pole_list.html", context)


def pole_detail(request, pole_id):
    membership = request.membership
    pole = access.get_pole_for(membership, pole_id)
    today = timezone.localdate()
    events = access.events_for(membership).filter(pole=pole)
    context = {
        "pole": pole,
        "regions": _region_labels(pole),
        "members": access.members_for(membership).filter(pole=pole).active(),
        "referents": pole.referents.select_related("member"),
        "coming": events.coming(today).order_by("starts_on"),
        "past": events.past(today).order_by("-starts_on")[:10],
        "documents": access.documents_for(membership).filter(pole=pole),
        "crumbs": [home_crumb(), poles_crumb()],
    }
    return render(request, "network/pole_detail.html", context)


def pole_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    network = access.network_of(membership)
    form = PoleForm(posted(request), network=network)
    done, pole = act_on(request, form, partial(actions.create_pole, network=network, by=membership))
    if done:
        messages.success(request, _("Le pôle « %s » est créé.") % pole.name)
        return redirect("network:pole", pole.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouveau pôle régional"),
        submit=_("Créer le pôle"),
        cancel_url=reverse("network:poles"),
        breadcrumbs=[home_crumb(), poles_crumb()],
    )


def pole_edit(request, pole_id):
    membership = request.membership
    pole = access.get_pole_for(membership, pole_id)
    form = PoleForm(posted(request), network=pole.network, current=pole)
    done, _pole = act_on(request, form, partial(actions.update_pole, pole=pole, by=membership))
    if done:
        messages.success(request, _("Le pôle est enregistré."))
        return redirect("network:pole", pole.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier le pôle"),
        submit=_("Enregistrer"),
        cancel_url=reverse("network:pole", args=[pole.pk]),
        breadcrumbs=[
            home_crumb(),
            poles_crumb(),
            (pole.name, reverse("network:pole", args=[pole.pk])),
        ],
    )


def pole_document_create(request, pole_id):
    pole = access.get_pole_for(request.membership, pole_id)
    return share_document_page(
        request,
        place={"pole": pole},
        done_message=_("Le document est partagé dans le pôle."),
        intro=format_html(
            _(
                "Dans l'échange de pratiques du pôle « {name} ». Le document n'est accessible "
                "qu'à l'équipe du réseau connectée."
            ),
            name=pole.name,
        ),
        back_url=reverse("network:pole", args=[pole.pk]),
        crumbs=[
            home_crumb(),
            poles_crumb(),
            (pole.name, reverse("network:pole", args=[pole.pk])),
        ],
    )
