"""Tenants (mediation services and networks) and the memberships that give people their role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.organisations.slugs import check_public_slug


class OrganisationKind(models.TextChoices):
    SERVICE = "SERVICE", _("Service de médiation")
    NETWORK = "NETWORK", _("Réseau")


class Organisation(BaseModel):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant court"), max_length=60, unique=True)
    kind = models.CharField(
        _("type"), max_length=12, choices=OrganisationKind, default=OrganisationKind.SERVICE
    )
    networks = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_services",
        limit_choices_to={"kind": OrganisationKind.NETWORK},
        verbose_name=_("réseaux dont le service est membre"),
    )
    address = models.CharField(_("adresse postale"), max_length=300, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail de contact"), blank=True)
    dpo_contact = models.CharField(
        _("contact pour les données personnelles"), max_length=200, blank=True
    )
    contact_policy_attempts = models.PositiveSmallIntegerField(
        _("tentatives de contact avant de proposer « injoignable »"), default=3
    )
    contact_policy_days = models.PositiveSmallIntegerField(
        _("délai (jours) avant de proposer « injoignable »"), default=28
    )
    # Security policy (organisations/security.py, docs/adr/0015).
    mfa_required = models.BooleanField(
        _("double authentification obligatoire pour l'équipe salariée"),
        default=False,
        help_text=_(
            "Administration, coordination, accueil et équipe du réseau doivent saisir un code de "
            "leur application d'authentification à chaque connexion. Les médiateur·rices "
            "bénévoles, le bureau et les partenaires peuvent l'activer pour eux-mêmes."
        ),
    )
    logins_blocked = models.BooleanField(
        _("bloquer les connexions"),
        default=False,
        help_text=_(
            "Déconnecte tout de suite et refuse les connexions de toutes les personnes du "
            "service, sauf l'administration et la coordination, qui peuvent lever le blocage."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name

    def clean(self):
        # The public page answers at /<slug>/: a slug equal to a page of the site is refused.
        try:
            check_public_slug(self.slug)
        except ValidationError as error:
            raise ValidationError({"slug": error}) from error

    @property
    def is_network(self):
        return self.kind == OrganisationKind.NETWORK


class Role(models.TextChoices):
    ADMIN = "admin", _("Administration")
    COORDINATOR = "coordinator", _("Coordination")
    MEDIATOR = "mediator", _("Médiateur·rice")
    RECEPTION = "reception", _("Accueil")
    BOARD = "board", _("Membre du bureau")
    PARTNER = "partner", _("Partenaire prescripteur")
    NETWORK_STAFF = "network_staff", _("Équipe du réseau")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def mediators_of(self, organisation):
        """People who can be assigned to a case: mediators and coordinators."""
        return self.active().filter(
            organisation=organisation, role__in=[Role.MEDIATOR, Role.COORDINATOR]
        )


class Membership(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        verbose_name = _("appartenance")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
