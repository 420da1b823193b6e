from django.urls import path

from palabre.core import views

app_name = "core"
urlpatterns = [
    path("composants/", views.components, name="components"),
    path("sante/", views.health, name="health"),
]
