from django.urls import path

from palabre.organisations import views

app_name = "organisations"
urlpatterns = [
    path("changer/", views.switch, name="switch"),
    path("securite/", views.security, name="security"),
]
