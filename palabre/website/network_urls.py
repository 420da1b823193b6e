"""A network's public sub-pages (its home is ``/<slug>/``, served by the site's dispatcher),
and the settings page its staff edits. Included in ``website/urls.py`` before ``<slug>/``."""

from django.urls import path

from palabre.website import network_views

urlpatterns = [
    path("site-public/reseau/", network_views.settings, name="network_settings"),
    path("<slug:slug>/membres/", network_views.members, name="network_members"),
    path("<slug:slug>/formations/", network_views.trainings, name="network_trainings"),
    path("<slug:slug>/rencontres/", network_views.meetings, name="network_meetings"),
    path("<slug:slug>/chiffres/", network_views.figures, name="network_figures"),
]
