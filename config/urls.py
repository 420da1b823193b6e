from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from palabre.organisations.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("palabre.core.urls")),
    path("compte/", include("palabre.accounts.urls")),
    path("organisations/", include("palabre.organisations.urls")),
    path("partenaires/", include("palabre.partners.urls")),
    path("dossiers/", include("palabre.cases.urls")),
    path("orientations/", include("palabre.referrals.urls")),
    path("", include("palabre.referrals.urls_public")),
    path("permanences/", include("palabre.permanences.urls")),
    path("", include("palabre.permanences.urls_public")),
    path("formations/", include("palabre.training.urls")),
    path("terrain/", include("palabre.field.urls")),
    path("aller-vers/", include("palabre.outreach.urls")),
    path("reseau/", include("palabre.network.urls")),
    path("ressources/", include("palabre.library.urls")),
    path("bilans/", include("palabre.reports.urls")),
    path("protection/", include("palabre.privacy.urls")),
    path("protection/", include("palabre.privacy.urls_dpo")),
    path("protection/conservation/", include("palabre.privacy.urls_retention")),
    path("import/", include("palabre.imports.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("organisations/api/", include("palabre.api.urls")),
    path("api/", include("palabre.api.urls_api")),
    path("admin/", admin.site.urls),
    # Last: an organisation's public page, /<slug>/, takes only what no page above took.
    path("", include("palabre.website.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler400 = "palabre.core.views.bad_request"
handler500 = "palabre.core.views.server_error"
