from django.urls import path

from palabre.network.views import certification, events, funding, funding_member, members, poles

app_name = "network"
urlpatterns = [
    # Members: the start page, the directory, a member's entry, contacts and years of dues.
    path("", members.home, name="home"),
    path("membres/", members.member_list, name="members"),
    path("membres/nouveau/", members.member_create, name="member_create"),
    path("membres/<uuid:member_id>/", members.member_detail, name="member"),
    path("membres/<uuid:member_id>/modifier/", members.member_edit, name="member_edit"),
    path(
        "membres/<uuid:member_id>/contacts/nouveau/", members.contact_create, name="contact_create"
    ),
    path("contacts/<uuid:contact_id>/", members.contact_edit, name="contact_edit"),
    path("membres/<uuid:member_id>/adhesions/nouvelle/", members.year_create, name="year_create"),
    path("adhesions/<uuid:year_id>/paiement/", members.year_paid, name="year_paid"),
    # Regional poles: members, referents, meetings and the exchange of practices.
    path("poles/", poles.pole_list, name="poles"),
    path("poles/nouveau/", poles.pole_create, name="pole_create"),
    path("poles/<uuid:pole_id>/", poles.pole_detail, name="pole"),
    path("poles/<uuid:pole_id>/modifier/", poles.pole_edit, name="pole_edit"),
    path(
        "poles/<uuid:pole_id>/documents/nouveau/", poles.pole_document_create, name="pole_document"
    ),
    # Events: meetings, working groups, research actions; registrations, attendance, documents.
    path("evenements/", events.event_list, name="events"),
    path("evenements/nouveau/", events.event_create, name="event_create"),
    path("evenements/<uuid:event_id>/", events.event_detail, name="event"),
    path("evenements/<uuid:event_id>/modifier/", events.event_edit, name="event_edit"),
    path(
        "evenements/<uuid:event_id>/inscriptions/nouvelle/",
        events.registration_create,
        name="registration_create",
    ),
    path(
        "inscriptions/<uuid:registration_id>/retirer/",
        events.registration_delete,
        name="registration_delete",
    ),
    path("evenements/<uuid:event_id>/presences/", events.attendance, name="attendance"),
    path(
        "evenements/<uuid:event_id>/documents/nouveau/",
        events.event_document_create,
        name="event_document",
    ),
    path("documents/<uuid:document_id>/", events.document_download, name="document"),
    # Certification: each member's path to the AFNOR certification or the network's label.
    path("certification/", certification.certification_list, name="certification_list"),
    path(
        "certification/nouvelle/", certification.certification_create, name="certification_create"
    ),
    path(
        "certification/<uuid:record_id>/",
        certification.certification_detail,
        name="certification_detail",
    ),
    path(
        "certification/<uuid:record_id>/etape/",
        certification.certification_stage,
        name="certification_stage",
    ),
    path(
        "certification/<uuid:record_id>/audit-a-blanc/",
        certification.certification_mock_audit,
        name="certification_mock_audit",
    ),
    path(
        "certification/<uuid:record_id>/audit-de-suivi/",
        certification.certification_surveillance,
        name="certification_surveillance",
    ),
    path(
        "certification/<uuid:record_id>/constats/nouveau/",
        certification.finding_create,
        name="certification_finding_create",
    ),
    path(
        "certification/<uuid:record_id>/actions/nouvelle/",
        certification.action_create,
        name="certification_action_create",
    ),
    path(
        "certification/<uuid:record_id>/actions/<uuid:action_id>/",
        certification.action_status,
        name="certification_action_status",
    ),
    path(
        "certification/<uuid:record_id>/preuves/<str:item>/cocher/",
        certification.evidence_check,
        name="certification_evidence_check",
    ),
    path(
        "certification/<uuid:record_id>/preuves/<str:item>/decocher/",
        certification.evidence_uncheck,
        name="certification_evidence_uncheck",
    ),
    # Funding pooled by the network: calls for projects, members' interest, applications, results.
    path("financements/", funding.funding_home, name="funding"),
    path("financements/nouveau/", funding.call_create, name="funding_call_create"),
    path("financements/financeurs/", funding.funder_list, name="funders"),
    path("financements/financeurs/<uuid:funder_id>/", funding.funder_history, name="funder"),
    path("financements/<uuid:call_id>/", funding.call_detail, name="funding_call"),
    path("financements/<uuid:call_id>/modifier/", funding.call_edit, name="funding_call_edit"),
    path(
        "financements/<uuid:call_id>/interet/",
        funding_member.mark_interest,
        name="funding_interest",
    ),
    path("financements/<uuid:call_id>/depot/", funding_member.apply, name="funding_apply"),
    path("financements/<uuid:call_id>/resultat/", funding_member.result, name="funding_result"),
]
