from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("nouveau/", views.create, name="create"),
    path("<uuid:token_id>/revoquer/", views.revoke, name="revoke"),
]
