"""Public pages of organisations, ``robots.txt`` and ``sitemap.xml``, and the settings of a
service's page. Included last in ``config/urls.py``: ``/<slug>/`` takes what no other page
took, and ``organisations/slugs.py`` keeps organisations off the other pages' paths."""

from django.urls import include, path

from palabre.website import views

app_name = "website"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("site-public/", views.site_settings, name="settings"),
    path("<slug:slug>/", views.organisation_home, name="home"),
    path("", include("palabre.website.network_urls")),
]
