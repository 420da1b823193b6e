from django.urls import path

from palabre.reports.views import case_lists, dashboard, funder, observatory, runs

app_name = "reports"
urlpatterns = [
    # Reports built in the background: their progress and their file.
    path("generations/", runs.run_list, name="runs"),
    path("generations/<uuid:run_id>/", runs.run_detail, name="run"),
    path("generations/<uuid:run_id>/fichier/", runs.run_download, name="run_download"),
    # Funder reports: a convention's activity for one year, its commentary and its documents.
    path("conventions/<uuid:convention_id>/", funder.funder_report, name="funder_report"),
    path(
        "conventions/<uuid:convention_id>/<int:year>/commentaire/",
        funder.funder_narrative,
        name="funder_narrative",
    ),
    path(
        "conventions/<uuid:convention_id>/<int:year>/documents/",
        funder.funder_export,
        name="funder_export",
    ),
    # The observatory: a service shares its figures; the network's dashboards, its members'
    # keys, and the address where members on other instances push their documents.
    path("observatoire/", observatory.dashboard, name="observatory"),
    path(
        "observatoire/structures/<uuid:member_id>/",
        observatory.member_figures,
        name="observatory_member",
    ),
    path("observatoire/partage/", observatory.sharing, name="observatory_sharing"),
    path(
        "observatoire/partage/<uuid:network_id>/",
        observatory.sharing_decision,
        name="observatory_sharing_decision",
    ),
    path("observatoire/cles/", observatory.push_keys, name="observatory_keys"),
    path(
        "observatoire/cles/<uuid:key_id>/revoquer/",
        observatory.push_key_revoke,
        name="observatory_key_revoke",
    ),
    path("observatoire/reception/", observatory.receive, name="observatory_receive"),
    # The case list's downloads, with the list's filters (the writers live here).
    path("dossiers.<slug:extension>", case_lists.case_list_export, name="case_list_export"),
    # The activity dashboard, and what each of its figures counts.
    path("", dashboard.dashboard, name="dashboard"),
    path("definitions/", dashboard.definitions, name="definitions"),
]
