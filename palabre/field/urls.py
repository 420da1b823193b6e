from django.urls import path

from palabre.field.views import entry, planning, teams

app_name = "field"
urlpatterns = [
    # Quick entry during the shift.
    path("saisie/", entry.start, name="entry"),
    path("tournees/<uuid:shift_id>/saisie/", entry.shift_entry, name="shift_entry"),
    # The planning: the month, one shift, its feuille de route.
    path("", planning.month, name="planning"),
    path("tournees/nouvelle/", planning.shift_create, name="shift_create"),
    path("tournees/<uuid:shift_id>/", planning.shift_detail, name="shift"),
    path("tournees/<uuid:shift_id>/modifier/", planning.shift_edit, name="shift_edit"),
    path("tournees/<uuid:shift_id>/annuler/", planning.shift_cancel, name="shift_cancel"),
    path("tournees/<uuid:shift_id>/feuille-de-route/", planning.roadmap_add, name="roadmap_add"),
    path(
        "feuille-de-route/<uuid:item_id>/retirer/", planning.roadmap_remove, name="roadmap_remove"
    ),
    # Teams.
    path("equipes/", teams.team_list, name="teams"),
    path("equipes/nouvelle/", teams.team_create, name="team_create"),
    path("equipes/<uuid:team_id>/modifier/", teams.team_edit, name="team_edit"),
]
