"""Retention (« Conservation des données »): the coordination's pages, and the legal hold of a
case."""

from django.urls import path

from palabre.privacy import retention_views as views

app_name = "retention"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("modifier/", views.schedule_edit, name="edit"),
    path("mois-prochain/", views.preview, name="preview"),
    path("passages/", views.runs, name="runs"),
    path("rapport/<int:year>/", views.report, name="report"),
    path("rapport/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("dossiers/<uuid:case_id>/conserver/", views.hold_place, name="hold"),
    path(
        "dossiers/<uuid:case_id>/conserver/<uuid:hold_id>/lever/",
        views.hold_lift,
        name="hold_lift",
    ),
]
