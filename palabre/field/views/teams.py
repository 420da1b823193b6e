"""The service's field teams, managed by the coordination."""

from functools import partial

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.core.pages import form_step
from palabre.field import access, actions
from palabre.field.forms.teams import TeamForm
from palabre.field.views import common
from palabre.organisations.access import require
from palabre.organisations.models import Membership


def _posted(request):
    return request.POST if request.method == "POST" else None


def _teams_crumb():
    return (_("Équipes de terrain"), reverse("field:teams"))


def team_list(request):
    membership = request.membership
    require(access.can_manage(membership))
    people = Membership.objects.select_related("user").order_by("user__last_name")
    teams = access.teams_for(membership).prefetch_related(Prefetch("members", queryset=people))
    context = {
        "teams": [(team, common.names(team.members.all())) for team in teams],
        "breadcrumbs": [common.planning_crumb()],
    }
    return render(request, "field/team_list.html", context)


def team_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    form = TeamForm(_posted(request), membership=membership)
    return form_step(
        request,
        form,
        partial(actions.create_team, organisation=membership.organisation, by=membership),
        done=_("L'équipe est créée."),
        then="field:teams",
        title=_("Nouvelle équipe de terrain"),
        submit=_("Créer l'équipe"),
        cancel_url=reverse("field:teams"),
        breadcrumbs=[common.planning_crumb(), _teams_crumb()],
    )


def team_edit(request, team_id):
    membership = request.membership
    require(access.can_manage(membership))
    team = access.get_team_for(membership, team_id)
    form = TeamForm(_posted(request), membership=membership, current=team)
    return form_step(
        request,
        form,
        partial(actions.update_team, team=team, by=membership),
        done=_("L'équipe est enregistrée."),
        then="field:teams",
        title=_("Modifier l'équipe « %(name)s »") % {"name": team.name},
        submit=_("Enregistrer"),
        cancel_url=reverse("field:teams"),
        breadcrumbs=[common.planning_crumb(), _teams_crumb()],
    )
