from django.urls import path

from palabre.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("modele.<str:extension>", views.template, name="template"),
    path("modele-<slug:kind>.<str:extension>", views.template, name="template"),
    path("<uuid:job_id>/colonnes/", views.mapping, name="mapping"),
    path("<uuid:job_id>/valeurs/", views.values, name="values"),
    path("<uuid:job_id>/apercu/", views.preview, name="preview"),
    path("<uuid:job_id>/suivi/", views.progress, name="progress"),
    path("<uuid:job_id>/invitations/", views.invite, name="invite"),
    path("<uuid:job_id>/supprimer/", views.discard, name="discard"),
]
