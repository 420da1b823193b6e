from django.urls import path

from palabre.partners.views import conventions, directory, venues

app_name = "partners"
urlpatterns = [
    path("", directory.partner_list, name="list"),
    path("nouveau/", directory.partner_create, name="create"),
    path("<uuid:partner_id>/", directory.partner_detail, name="detail"),
    path("<uuid:partner_id>/modifier/", directory.partner_edit, name="edit"),
    path("<uuid:partner_id>/changement-de-nom/", directory.partner_rename, name="rename"),
    path("<uuid:partner_id>/contacts/nouveau/", directory.contact_create, name="contact_create"),
    path(
        "<uuid:partner_id>/contacts/<uuid:contact_id>/modifier/",
        directory.contact_edit,
        name="contact_edit",
    ),
    path(
        "<uuid:partner_id>/contacts/<uuid:contact_id>/desactiver/",
        directory.contact_deactivate,
        name="contact_deactivate",
    ),
    path(
        "<uuid:partner_id>/residences/nouvelle/",
        directory.residence_create,
        name="residence_create",
    ),
    path("lieux/", venues.venue_list, name="venue_list"),
    path("lieux/nouveau/", venues.venue_create, name="venue_create"),
    path("lieux/<uuid:venue_id>/modifier/", venues.venue_edit, name="venue_edit"),
    path("conventions/", conventions.convention_list, name="convention_list"),
    path("conventions/nouvelle/", conventions.convention_create, name="convention_create"),
    path(
        "conventions/<uuid:convention_id>/",
        conventions.convention_detail,
        name="convention_detail",
    ),
    path(
        "conventions/<uuid:convention_id>/modifier/",
        conventions.convention_edit,
        name="convention_edit",
    ),
    path(
        "conventions/<uuid:convention_id>/livrables/nouveau/",
        conventions.deliverable_create,
        name="deliverable_create",
    ),
    path(
        "conventions/<uuid:convention_id>/livrables/<uuid:deliverable_id>/fait/",
        conventions.deliverable_done,
        name="deliverable_done",
    ),
]
