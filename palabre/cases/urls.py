from django.urls import path

from palabre.cases.views import detail, intake, letters, lists

app_name = "cases"
urlpatterns = [
    path("", lists.case_list, name="list"),
    path("aujourdhui/", lists.today, name="today"),
    path("activite/", lists.overview, name="overview"),
    path("premier-contact/", intake.first_contact, name="first_contact"),
    path("<uuid:case_id>/", detail.case_detail, name="detail"),
    path("<uuid:case_id>/action/<slug:action>/", detail.case_action, name="action"),
    path(
        "<uuid:case_id>/courrier-invitation/<uuid:party_id>.pdf",
        letters.invitation_letter,
        name="invitation_letter",
    ),
    path(
        "<uuid:case_id>/attestation/<uuid:party_id>.pdf",
        letters.attempt_attestation,
        name="attestation",
    ),
]
