"""Pages without an account: a resident finds a permanence, books, confirms, cancels; a party
answers an invitation's link (docs/adr/0026); phones fetch calendar feeds."""

from django.urls import path

from palabre.permanences.views import feeds, invitations, opendata, public

app_name = "rdv"
urlpatterns = [
    path("rendez-vous/<slug:slug>/", public.finder, name="finder"),
    path("rendez-vous/<slug:slug>/seance/<uuid:occurrence_id>/", public.book, name="book"),
    # Open data of the service's permanences (docs/open-data.md).
    path(
        "rendez-vous/<slug:slug>/donnees/permanences.json",
        opendata.permanences_json,
        name="opendata_json",
    ),
    path(
        "rendez-vous/<slug:slug>/donnees/permanences.csv",
        opendata.permanences_csv,
        name="opendata_csv",
    ),
    path("rendez-vous/confirmer/<str:secret>/", public.confirm, name="confirm"),
    path("rendez-vous/mon-rendez-vous/<str:secret>/", public.manage, name="manage"),
    path("r/<str:secret>/", public.short, name="short"),
    # An invitation's link: short enough to type from a letter (« /i/K7M4-Q9TX-2F4A/ »).
    path("i/", invitations.enter_code, name="invitation_code"),
    path("i/<str:token>/", invitations.landing, name="invitation"),
    path("i/<str:token>/creneaux/", invitations.slots, name="invitation_slots"),
    path(
        "i/<str:token>/seance/<uuid:occurrence_id>/",
        invitations.book,
        name="invitation_book",
    ),
    path("i/<str:token>/rappel/", invitations.callback, name="invitation_callback"),
    path("i/<str:token>/ne-pas-participer/", invitations.decline, name="invitation_decline"),
    # Calendar feeds.
    path("agenda/<str:token>.ics", feeds.serve, name="feed"),
]
