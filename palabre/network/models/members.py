"""Member services of a network: the directory entry, its contacts, its yearly membership and
dues, and the regional competence poles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

__all__ = [
    "Domain",
    "LegalType",
    "Member",
    "MemberContact",
    "MemberYear",
    "Phase",
    "Pole",
    "Region",
    "DuesCategory",
]


class LegalType(models.TextChoices):
    CITY = "CITY", _("Commune")
    INTERCOMMUNALITY = "INTERCOMMUNALITY", _("Intercommunalité")
    REGIE_DE_QUARTIER = "REGIE_DE_QUARTIER", _("Régie de quartier")
    ASSOCIATION = "ASSOCIATION", _("Association")
    SOCIAL_LANDLORD = "SOCIAL_LANDLORD", _("Bailleur social")
    TRANSPORT_OPERATOR = "TRANSPORT_OPERATOR", _("Opérateur de transport")
    OTHER = "OTHER", _("Autre structure")


class Phase(models.TextChoices):
    CREATION = "CREATION", _("En création")
    LAUNCH = "LAUNCH", _("En lancement")
    PERMANENT = "PERMANENT", _("Pérenne")


class Domain(models.TextChoices):
    PUBLIC_SPACE_DAY = "PUBLIC_SPACE_DAY", _("Espace public, de jour")
    PUBLIC_SPACE_NIGHT = "PUBLIC_SPACE_NIGHT", _("Espace public, de nuit")
    SOCIAL_HOUSING = "SOCIAL_HOUSING", _("Habitat social")
    TRANSPORT = "TRANSPORT", _("Transports")
    SCHOOL = "SCHOOL", _("Milieu scolaire")
    NEIGHBOURHOOD_CONFLICTS = "NEIGHBOURHOOD_CONFLICTS", _("Conflits de voisinage")
    ACCESS_TO_RIGHTS = "ACCESS_TO_RIGHTS", _("Accès aux droits")
    OTHER = "OTHER", _("Autre")


class Region(models.TextChoices):
    """The regions of France (2016), overseas included."""

    ARA = "ARA", _("Auvergne-Rhône-Alpes")
    BFC = "BFC", _("Bourgogne-Franche-Comté")
    BRE = "BRE", _("Bretagne")
    CVL = "CVL", _("Centre-Val de Loire")
    COR = "COR", _("Corse")
    GES = "GES", _("Grand Est")
    HDF = "HDF", _("Hauts-de-France")
    IDF = "IDF", _("Île-de-France")
    NOR = "NOR", _("Normandie")
    NAQ = "NAQ", _("Nouvelle-Aquitaine")
    OCC = "OCC", _("Occitanie")
    PDL = "PDL", _("Pays de la Loire")
    PAC = "PAC", _("Provence-Alpes-Côte d'Azur")
    GUA = "GUA", _("Guadeloupe")
    MTQ = "MTQ", _("Martinique")
    GUY = "GUY", _("Guyane")
    REU = "REU", _("La Réunion")
    MAY = "MAY", _("Mayotte")


class DuesCategory(models.TextChoices):
    """Dues depend on the size of the member (the network's own scale sets the amounts)."""

    SMALL = "SMALL", _("Structure de moins de 5 salariés")
    MEDIUM = "MEDIUM", _("Structure de 5 à 20 salariés")
    LARGE = "LARGE", _("Structure de plus de 20 salariés")
    AUTHORITY = "AUTHORITY", _("Collectivité ou bailleur")


class TenantQuerySet(models.QuerySet):
    def of(self, network):
        return self.filter(network=network)


class Pole(BaseModel):
    """A regional competence pole: members of some regions, with referents of their own."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="poles"
    )
    name = models.CharField(_("nom"), max_length=150)
    regions = models.JSONField(_("régions"), default=list, blank=True)
    referents = models.ManyToManyField(
        "MemberContact", blank=True, related_name="poles_referred", verbose_name=_("référents")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pôle régional")

    def __str__(self):
        return self.name


class MemberQuerySet(TenantQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Member(BaseModel):
    """A member service of the network: a directory entry, and the Palabre organisation it is
    when the service works on this instance."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation Palabre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_entries",
        help_text=_("Quand le service utilise Palabre sur cette même instance."),
    )
    name = models.CharField(_("nom"), max_length=200)
    legal_type = models.CharField(_("type de structure"), max_length=30, choices=LegalType)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.PERMANENT)
    domains = models.JSONField(_("domaines d'intervention"), default=list, blank=True)
    staff = models.PositiveIntegerField(_("effectif salarié (ETP)"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("bénévoles"), null=True, blank=True)
    territories = models.CharField(
        _("territoires d'intervention"),
        max_length=300,
        blank=True,
        help_text=_("Communes, quartiers ou département, en clair."),
    )
    region = models.CharField(_("région"), max_length=3, choices=Region)
    pole = models.ForeignKey(
        Pole,
        verbose_name=_("pôle régional"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    joined_on = models.DateField(_("adhérent depuis"), null=True, blank=True)
    dues_category = models.CharField(
        _("catégorie de cotisation"), max_length=20, choices=DuesCategory, blank=True
    )
    is_active = models.BooleanField(_("adhérent actif"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("structure membre")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(organisation__isnull=False),
                name="member_once_per_organisation",
            )
        ]

    def __str__(self):
        return self.name

    def domain_labels(self) -> list[str]:
        return [str(Domain(code).label) for code in self.domains if code in Domain.values]


class MemberContact(BaseModel):
    """A person to reach at a member service (director, coordinator, referent…)."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    position = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_main = models.BooleanField(
        _("contact principal"),
        default=False,
        help_text=_("Reçoit les appels et relances de cotisation."),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-is_main", "last_name", "first_name"]
        verbose_name = _("contact d'une structure membre")

    def __str__(self):
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class MemberYear(BaseModel):
    """One year of membership: the dues called, the invoice, payment, reminders."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("année"))
    category = models.CharField(_("catégorie"), max_length=20, choices=DuesCategory)
    amount = models.DecimalField(_("montant (€)"), max_digits=9, decimal_places=2)
    invoice_reference = models.CharField(_("référence de facture"), max_length=60, blank=True)
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    last_reminded_on = models.DateField(_("dernière relance"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("relances envoyées"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "member__name"]
        verbose_name = _("adhésion annuelle")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="member_year_once")]

    @property
    def is_paid(self):
        return self.paid_on is not None
