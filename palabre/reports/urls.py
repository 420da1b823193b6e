from django.urls import path

from palabre.reports.views import dashboard, runs

app_name = "reports"
urlpatterns = [
    # Reports built in the background: their progress and their file.
    path("generations/", runs.run_list, name="runs"),
    path("generations/<uuid:run_id>/", runs.run_detail, name="run"),
    path("generations/<uuid:run_id>/fichier/", runs.run_download, name="run_download"),
    # The activity dashboard, and what each of its figures counts.
    path("", dashboard.dashboard, name="dashboard"),
    path("definitions/", dashboard.definitions, name="definitions"),
]
