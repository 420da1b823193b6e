from django.urls import path

from palabre.referrals.views import deadlines, earlier, figures, portal, public, staff

app_name = "referrals"
urlpatterns = [
    path("", staff.queue, name="queue"),
    path("<uuid:referral_id>/", staff.detail, name="detail"),
    path("<uuid:referral_id>/premier-contact/", staff.first_contact, name="first_contact"),
    path("<uuid:referral_id>/dossiers-anterieurs/", earlier.answer, name="earlier_answer"),
    path(
        "<uuid:referral_id>/<str:decision>/",
        staff.decide,
        name="decide",
    ),
    path("delais/", deadlines.targets, name="targets"),
    path("liens/", staff.links, name="links"),
    path("liens/<uuid:link_id>/revoquer/", staff.revoke_link, name="revoke_link"),
    path("lien/<str:token>/", public.link_form, name="link_form"),
    path("demande/<slug:slug>/", public.request_mediation, name="request"),
    path("demande/<slug:slug>/envoyee/", public.request_sent, name="request_sent"),
    path("partenaire/", portal.portal, name="portal"),
    path("partenaire/nouvelle/", portal.send, name="send"),
    path("chiffres/", figures.convention_figures, name="figures"),
]
