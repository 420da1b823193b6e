from django.urls import path

from palabre.training.views import catalogue, documents, people

app_name = "training"
urlpatterns = [
    # The catalogue: modules and sessions.
    path("", catalogue.index, name="index"),
    path("modules/nouveau/", catalogue.module_create, name="module_create"),
    path("modules/<uuid:module_id>/", catalogue.module_detail, name="module"),
    path(
        "modules/<uuid:module_id>/sessions/nouvelle/",
        catalogue.session_create,
        name="session_create",
    ),
    path("sessions/<uuid:session_id>/", catalogue.session_detail, name="session"),
    path("sessions/<uuid:session_id>/annuler/", catalogue.session_cancel, name="session_cancel"),
    path(
        "sessions/<uuid:session_id>/demi-journees/",
        catalogue.half_days_edit,
        name="half_days",
    ),
    # People: enrolments, attendance, evaluation, history.
    path("sessions/<uuid:session_id>/inscrire/", catalogue.enrol, name="enrol"),
    path(
        "inscriptions/<uuid:enrolment_id>/annuler/",
        people.enrolment_cancel,
        name="enrolment_cancel",
    ),
    path(
        "sessions/<uuid:session_id>/presences/<int:half_day_id>/",
        people.attendance,
        name="attendance",
    ),
    path("inscriptions/<uuid:enrolment_id>/evaluation/", people.evaluate, name="evaluate"),
    path("personnes/<uuid:person_id>/", people.person_history, name="person"),
    path("fdva/", people.fdva_summary, name="fdva"),
    path("fdva/<int:year>/", people.fdva_summary, name="fdva_year"),
    # Documents.
    path(
        "sessions/<uuid:session_id>/emargement.pdf",
        documents.attendance_sheet,
        name="attendance_sheet",
    ),
    path(
        "inscriptions/<uuid:enrolment_id>/attestation.pdf",
        documents.certificate,
        name="certificate",
    ),
]
