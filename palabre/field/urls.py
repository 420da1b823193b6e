from django.urls import path

from palabre.field.views import (
    entry,
    followup,
    outbox,
    planning,
    report,
    roadmap_requests,
    safety,
    teams,
    watch,
)

app_name = "field"
urlpatterns = [
    # Quick entry during the shift.
    path("saisie/", entry.start, name="entry"),
    path("tournees/<uuid:shift_id>/saisie/", entry.shift_entry, name="shift_entry"),
    path(
        "interventions/<uuid:intervention_id>/modifier/",
        entry.intervention_edit,
        name="intervention_edit",
    ),
    # One intervention and what follows it: the person met, a mediation case, orientations.
    path("interventions/<uuid:intervention_id>/", followup.intervention_page, name="intervention"),
    path(
        "interventions/<uuid:intervention_id>/personne/",
        followup.person,
        name="intervention_person",
    ),
    path(
        "interventions/<uuid:intervention_id>/personne/effacer/",
        followup.person_forget,
        name="intervention_person_forget",
    ),
    path(
        "interventions/<uuid:intervention_id>/dossier/",
        followup.open_case,
        name="intervention_case",
    ),
    path(
        "interventions/<uuid:intervention_id>/orienter/",
        followup.orient,
        name="intervention_orient",
    ),
    path(
        "orientations/<uuid:orientation_id>/etat/",
        followup.orientation_step,
        name="orientation_step",
    ),
    # Entries kept on the phone while it had no signal, and the script that keeps the page.
    path("tournees/<uuid:shift_id>/saisie/envoi/", outbox.send, name="shift_entry_send"),
    path("sw.js", outbox.service_worker, name="service_worker"),
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
    # Technical watch: the team's signals, the partner's, and the account-free link.
    path("signalements/", watch.signal_list, name="signals"),
    path("signalements/nouveau/", watch.signal_create, name="signal_create"),
    path("signalements/destinataires/", watch.routing, name="signal_routing"),
    path("signalements/<uuid:signal_id>/", watch.signal_detail, name="signal"),
    path("signalements/<uuid:signal_id>/photo/", watch.signal_photo, name="signal_photo"),
    path("tournees/<uuid:shift_id>/signaler/", watch.shift_signal_create, name="shift_signal"),
    path(
        "interventions/<uuid:intervention_id>/signaler/",
        watch.intervention_signal_create,
        name="intervention_signal",
    ),
    path("partenaire/signalements/", watch.portal_list, name="portal_signals"),
    path("partenaire/signalements/<uuid:signal_id>/", watch.portal_detail, name="portal_signal"),
    path(
        "partenaire/signalements/<uuid:signal_id>/<slug:step>/",
        watch.portal_step,
        name="portal_signal_step",
    ),
    path("signalement/<str:token>/", watch.link_page, name="signal_link"),
    path("signalement/<str:token>/photo/", watch.link_photo, name="signal_link_photo"),
    # End of the shift: the report, serious events; lone-worker safety (check-in, alarm).
    path("tournees/<uuid:shift_id>/compte-rendu/", report.shift_report, name="shift_report"),
    path(
        "tournees/<uuid:shift_id>/compte-rendu/valider/",
        report.shift_report_validate,
        name="shift_report_validate",
    ),
    path("comptes-rendus/", report.overview, name="safety_overview"),
    path(
        "tournees/<uuid:shift_id>/evenement-grave/",
        report.event_create,
        name="serious_event_create",
    ),
    path("evenements-graves/<uuid:event_id>/", report.event_detail, name="serious_event"),
    path(
        "evenements-graves/<uuid:event_id>/pris-en-compte/",
        report.event_acknowledge,
        name="serious_event_acknowledge",
    ),
    path("pointage/", safety.start, name="check_in_start"),
    path("tournees/<uuid:shift_id>/pointage/", safety.check_in, name="check_in"),
    path("tournees/<uuid:shift_id>/alarme/", safety.alarm, name="alarm"),
    path("tournees/<uuid:shift_id>/fin-de-tournee/", safety.check_out, name="check_out"),
    path("tournees/<uuid:shift_id>/securite/", safety.shift_safety, name="shift_safety"),
    path("equipes/<uuid:team_id>/securite/", safety.team_safety, name="team_safety"),
    # Partners' requests for rounds: the coordination's answers, the partner's own requests.
    path("demandes-de-passage/", roadmap_requests.request_list, name="roadmap_requests"),
    path(
        "demandes-de-passage/<uuid:request_id>/",
        roadmap_requests.request_detail,
        name="roadmap_request",
    ),
    path(
        "demandes-de-passage/<uuid:request_id>/accepter/",
        roadmap_requests.request_accept,
        name="roadmap_request_accept",
    ),
    path(
        "demandes-de-passage/<uuid:request_id>/decliner/",
        roadmap_requests.request_decline,
        name="roadmap_request_decline",
    ),
    path(
        "partenaire/demandes-de-passage/",
        roadmap_requests.portal_list,
        name="portal_roadmap_requests",
    ),
    path(
        "partenaire/demandes-de-passage/nouvelle/",
        roadmap_requests.portal_create,
        name="portal_roadmap_request_create",
    ),
    path(
        "partenaire/demandes-de-passage/<uuid:request_id>/",
        roadmap_requests.portal_detail,
        name="portal_roadmap_request",
    ),
]
