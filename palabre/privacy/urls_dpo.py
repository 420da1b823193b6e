"""The coordination's data-protection duties beside the access log and the rights: the
*signalement exceptionnel*, the information notices and their register, and the documents of
the DPO (register of processing, DPIA)."""

from django.urls import path

from palabre.privacy.views import dpo, notices, safety_reports

app_name = "dpo"
urlpatterns = [
    path("signalements/", safety_reports.report_list, name="safety_reports"),
    path("signalements/<uuid:report_id>/", safety_reports.report_detail, name="safety_report"),
    path(
        "signalements/<uuid:report_id>/<slug:step>/",
        safety_reports.report_step,
        name="safety_report_step",
    ),
    path(
        "dossiers/<uuid:case_id>/signalement/",
        safety_reports.propose,
        name="safety_report_propose",
    ),
    path("informations/", notices.notice_list, name="notices"),
    path("informations/<slug:kind>/", notices.notice_text, name="notice"),
    path(
        "dossiers/<uuid:case_id>/personnes/<uuid:party_id>/information/",
        notices.record_for_party,
        name="notice_party",
    ),
    path(
        "informations/equipe/<uuid:membership_id>/",
        notices.record_for_member,
        name="notice_member",
    ),
    path(
        "informations/reseau/<uuid:contact_id>/",
        notices.record_for_contact,
        name="notice_contact",
    ),
    path("registre/", dpo.register, name="register"),
    path("registre.pdf", dpo.register_pdf, name="register_pdf"),
    path("aipd/", dpo.dpia, name="dpia"),
    path("aipd.pdf", dpo.dpia_pdf, name="dpia_pdf"),
]
