"""What the network's pages share: the crumbs of the sections and the posted data."""

from django.urls import reverse
from django.utils.translation import gettext as _


def home_crumb():
    return (_("Réseau"), reverse("network:home"))


def members_crumb():
    return (_("Structures membres"), reverse("network:members"))


def poles_crumb():
    return (_("Pôles régionaux"), reverse("network:poles"))


def events_crumb():
    return (_("Événements"), reverse("network:events"))


def posted(request):
    return request.POST if request.method == "POST" else None
