from django.urls import path

from palabre.privacy.views import access_log
from palabre.privacy.views import rights as rights_views

app_name = "privacy"
urlpatterns = [
    path("consultations/", access_log.service_access_log, name="access_log"),
    path(
        "consultations/dossiers/<uuid:case_id>/",
        access_log.case_access_log,
        name="case_access_log",
    ),
    path(
        "consultations/dossiers/<uuid:case_id>/personnes/<uuid:party_id>/",
        access_log.party_access_log,
        name="party_access_log",
    ),
]

# The rights of the people (« Droits des personnes »): coordination only.
urlpatterns += [
    path("droits/", rights_views.rights_list, name="rights_list"),
    path("droits/nouvelle/", rights_views.rights_new, name="rights_new"),
    path("droits/<uuid:request_id>/", rights_views.rights_detail, name="rights_detail"),
    path(
        "droits/<uuid:request_id>/etape/<slug:step>/",
        rights_views.rights_step,
        name="rights_step",
    ),
    path(
        "droits/<uuid:request_id>/donnees.<str:file_format>",
        rights_views.rights_export,
        name="rights_export",
    ),
]
