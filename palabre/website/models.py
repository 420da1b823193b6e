"""A service's public site: its texts, its contact, which blocks it shows, and whether it is
published. The page itself is built from the service's data each time (``public.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

from .network_models import *  # noqa: F403


class ServiceSiteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ServiceSite(BaseModel):
    """One per service. Blank contact fields fall back to the organisation's own address, phone
    and e-mail; nothing on it names a person."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="public_site"
    )
    is_published = models.BooleanField(
        _("page publiée"),
        default=False,
        help_text=_("Tant qu'elle n'est pas publiée, la page n'existe pas pour le public."),
    )
    about = models.TextField(
        _("qui nous sommes"),
        blank=True,
        help_text=_("Présentez le service sans nommer personne : l'équipe change, la page reste."),
    )
    how_it_works = models.TextField(_("comment se passe une médiation"), blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    contact_address = models.CharField(_("adresse postale"), max_length=300, blank=True)
    contact_hours = models.CharField(
        _("horaires"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : du lundi au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h."),
    )
    show_about = models.BooleanField(_("afficher la présentation"), default=True)
    show_how_it_works = models.BooleanField(
        _("afficher le déroulement d'une médiation"), default=True
    )
    show_partners = models.BooleanField(
        _("afficher les partenaires conventionnés et les financeurs"), default=True
    )
    show_permanences = models.BooleanField(
        _("afficher les permanences et leurs prochaines séances"), default=True
    )
    show_request_form = models.BooleanField(
        _("afficher le lien vers la demande de médiation"), default=True
    )
    show_events = models.BooleanField(_("afficher les actions de proximité à venir"), default=True)
    show_contact = models.BooleanField(_("afficher le contact"), default=True)

    objects = ServiceSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("page publique d'un service")

    def __str__(self):
        return str(self.organisation)

    @property
    def email(self):
        return self.contact_email or self.organisation.email

    @property
    def phone(self):
        return self.contact_phone or self.organisation.phone

    @property
    def address(self):
        return self.contact_address or self.organisation.address
