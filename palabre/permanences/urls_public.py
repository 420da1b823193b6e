"""Pages without an account: a resident finds a permanence, books, confirms, cancels; phones
fetch calendar feeds."""

from django.urls import path

from palabre.permanences.views import feeds, public

app_name = "rdv"
urlpatterns = [
    path("rendez-vous/<slug:slug>/", public.finder, name="finder"),
    path("rendez-vous/<slug:slug>/seance/<uuid:occurrence_id>/", public.book, name="book"),
    path("rendez-vous/confirmer/<str:secret>/", public.confirm, name="confirm"),
    path("rendez-vous/mon-rendez-vous/<str:secret>/", public.manage, name="manage"),
    path("r/<str:secret>/", public.short, name="short"),
    # Calendar feeds.
    path("agenda/<str:token>.ics", feeds.serve, name="feed"),
]
