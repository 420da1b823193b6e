"""Venues: where the service receives people. Mediators read them (to know where they go);
admins and coordinators edit them."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.core.pages import form_page
from palabre.organisations.access import require
from palabre.partners import access, actions
from palabre.partners.forms.venues import VenueForm


def _venues_crumb():
    return (_("Lieux d'accueil"), reverse("partners:venue_list"))


def venue_list(request):
    membership = request.membership
    require(access.can_read_venues(membership))
    venues = access.venues_for(membership).select_related("commune", "quartier", "host")
    venues = list(venues.order_by("-is_active", "commune__name", "name"))
    context = {
        "venue_groups": [
            (_("Lieux actifs"), [venue for venue in venues if venue.is_active]),
            (_("Lieux qui ne servent plus"), [venue for venue in venues if not venue.is_active]),
        ],
        "has_venues": bool(venues),
        "can_edit": access.can_edit_venues(membership),
        "can_read_directory": access.can_read_directory(membership),
    }
    return render(request, "partners/venue_list.html", context)


def venue_create(request):
    membership = request.membership
    require(access.can_edit_venues(membership))
    form = VenueForm(request.POST or None, organisation=membership.organisation_id)
    done, venue = act_on(
        request,
        form,
        partial(actions.create_venue, organisation=membership.organisation, by=membership),
    )
    if done:
        messages.success(request, _("Le lieu « %(name)s » est ajouté.") % {"name": venue})
        return redirect("partners:venue_list")
    return form_page(
        request,
        form=form,
        title=_("Nouveau lieu d'accueil"),
        submit=_("Ajouter le lieu"),
        cancel_url=reverse("partners:venue_list"),
        breadcrumbs=[_venues_crumb()],
    )


def venue_edit(request, venue_id):
    membership = request.membership
    require(access.can_edit_venues(membership))
    venue = access.get_venue_for(membership, venue_id)
    form = VenueForm(request.POST or None, organisation=membership.organisation_id, current=venue)
    done, _result = act_on(request, form, partial(actions.update_venue, venue=venue, by=membership))
    if done:
        messages.success(request, _("Le lieu « %(name)s » est enregistré.") % {"name": venue})
        return redirect("partners:venue_list")
    return form_page(
        request,
        form=form,
        title=_("Modifier le lieu « %(name)s »") % {"name": venue.name},
        submit=_("Enregistrer"),
        cancel_url=reverse("partners:venue_list"),
        breadcrumbs=[_venues_crumb()],
    )
