"""The demo service's public page: published, with its own texts and opening hours."""

from django.db import transaction

from palabre.core import journal
from palabre.website import defaults
from palabre.website.models import ServiceSite

ABOUT = (
    "Cité et Médiation accompagne depuis 2008 les habitants de Rennes et de la métropole qui "
    "vivent un différend avec un voisin : bruit, odeurs, haies et clôtures, animaux, "
    "stationnement, parties communes.\n\n"
    "Une équipe de médiateurs bénévoles formés, soutenue par une coordination salariée, reçoit "
    "les habitants dans les maisons de quartier et les centres sociaux, en lien avec la Ville, "
    "Rennes Métropole, les bailleurs sociaux et les services de police."
)
HOURS = "Accueil téléphonique du lundi au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h."


@transaction.atomic
def seed_site(organisation) -> ServiceSite:
    site, _created = ServiceSite.objects.update_or_create(
        organisation=organisation,
        defaults={
            "is_published": True,
            "about": ABOUT,
            "how_it_works": defaults.how_it_works(),
            "contact_hours": HOURS,
        },
    )
    journal.record(
        organisation=organisation,
        subject=site,
        verb="public_site_saved",
        summary="Page publique publiée",
        data={"published": True},
    )
    return site
