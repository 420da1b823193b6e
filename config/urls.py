from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("palabre.core.urls")),
    path("compte/", include("palabre.accounts.urls")),
    path("organisations/", include("palabre.organisations.urls")),
    path("dossiers/", include("palabre.cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
