from django.urls import path

from palabre.outreach.views import actions, calendar, coownerships, photos

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
    path("coproprietes/", coownerships.coownership_list, name="coownership_list"),
    path("coproprietes/nouvelle/", coownerships.coownership_create, name="coownership_create"),
    path(
        "coproprietes/<uuid:coownership_id>/",
        coownerships.coownership_detail,
        name="coownership_detail",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/modifier/",
        coownerships.coownership_edit,
        name="coownership_edit",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/clore/",
        coownerships.coownership_close,
        name="coownership_close",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/reprendre/",
        coownerships.coownership_resume,
        name="coownership_resume",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/contacts/ajouter/",
        coownerships.contact_add,
        name="coownership_contact_add",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/contacts/<uuid:contact_id>/",
        coownerships.contact_edit,
        name="coownership_contact_edit",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/contacts/<uuid:contact_id>/retirer/",
        coownerships.contact_remove,
        name="coownership_contact_remove",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/point/",
        coownerships.review_add,
        name="coownership_review",
    ),
    path(
        "coproprietes/<uuid:coownership_id>/mediations/",
        coownerships.cases_link,
        name="coownership_cases",
    ),
]
