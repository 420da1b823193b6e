"""The short address of a service's request page, for text messages (« /d/<service>/ »)."""

from django.urls import path

from palabre.referrals.views import public

app_name = "demande"
urlpatterns = [path("d/<slug:slug>/", public.short_request, name="short")]
