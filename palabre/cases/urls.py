from django.urls import path

from palabre.cases.views import (
    collective,
    detail,
    earlier,
    intake,
    invitations,
    letters,
    lists,
    merge,
)

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
    path(
        "<uuid:case_id>/invitations/<uuid:invitation_id>/rappel-fait/",
        invitations.called_back,
        name="invitation_called_back",
    ),
    path(
        "<uuid:case_id>/invitations/au-demandeur/",
        invitations.send_to_requester,
        name="invitation_to_requester",
    ),
    path(
        "<uuid:case_id>/invitations/<uuid:invitation_id>/retirer/",
        invitations.withdraw,
        name="invitation_withdraw",
    ),
    path("<uuid:case_id>/dossiers-anterieurs/", earlier.answer, name="earlier_answer"),
    path(
        "<uuid:case_id>/collectif/<slug:action>/",
        collective.collective_action,
        name="collective_action",
    ),
    path("fiches/<uuid:party_id>/reunir/", merge.choose, name="merge_choose"),
    path("fiches/<uuid:party_id>/reunir/<uuid:other_id>/", merge.confirm, name="merge_confirm"),
]
