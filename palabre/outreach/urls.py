from django.urls import path

from palabre.outreach.views import actions, calendar, photos

app_name = "outreach"

urlpatterns = [
    path("", actions.action_list, name="list"),
    path("calendrier/", calendar.month_calendar, name="calendar"),
    path("nouvelle/", actions.action_create, name="create"),
    path("<uuid:action_id>/", actions.action_detail, name="detail"),
    path("<uuid:action_id>/modifier/", actions.action_edit, name="edit"),
    path("<uuid:action_id>/resultats/", actions.action_results, name="results"),
    path("<uuid:action_id>/annuler/", actions.action_cancel, name="cancel"),
    path("<uuid:action_id>/photos/ajouter/", photos.photo_add, name="photo_add"),
    path("<uuid:action_id>/photos/<uuid:photo_id>/", photos.photo, name="photo"),
    path(
        "<uuid:action_id>/photos/<uuid:photo_id>/consentement/",
        photos.photo_consent,
        name="photo_consent",
    ),
    path(
        "<uuid:action_id>/photos/<uuid:photo_id>/retirer/",
        photos.photo_remove,
        name="photo_remove",
    ),
    path("photo/<str:token>/", photos.public_photo, name="public_photo"),
]
