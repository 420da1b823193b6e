from django.urls import path

from palabre.library import views

app_name = "library"
urlpatterns = [
    path("", views.resource_list, name="list"),
    path("nouvelle/", views.resource_create, name="create"),
    path("<uuid:resource_id>/", views.resource_detail, name="detail"),
    path("<uuid:resource_id>/modifier/", views.resource_edit, name="edit"),
    path("<uuid:resource_id>/nouvelle-version/", views.resource_version, name="version"),
    path("<uuid:resource_id>/retirer/", views.resource_withdraw, name="withdraw"),
    path("<uuid:resource_id>/telecharger/", views.download, name="download"),
    path(
        "<uuid:resource_id>/versions/<int:number>/telecharger/",
        views.download_version,
        name="download_version",
    ),
    # A public resource's file, for the network's public pages: no login.
    path("publiques/<uuid:resource_id>/", views.public_download, name="public_download"),
]
