from django.urls import path

from palabre.reports.views import dashboard, funder, runs

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
    # The activity dashboard, and what each of its figures counts.
    path("", dashboard.dashboard, name="dashboard"),
    path("definitions/", dashboard.definitions, name="definitions"),
]
