"""The service's partners: who refers people, who hosts permanences, who funds, and the
conventions that bind them to the service.

Every row belongs to one service (``organisation``): two services that both work with Archipel
Habitat each keep their own record of it, their own contacts and their own conventions.
"""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.codes import ReferralSource
from palabre.core.models import BaseModel, Commune, Quartier
from palabre.core.text import every_word_in, normalise
from palabre.organisations.models import Membership


class PartnerKind(models.TextChoices):
    CITY = "CITY", _("Ville / service municipal")
    COMMUNE = "COMMUNE", _("Commune")
    INTERCOMMUNALITY = "INTERCOMMUNALITY", _("Métropole / intercommunalité")
    LOCAL_AUTHORITY = "LOCAL_AUTHORITY", _("Département / Région")
    POLICE = "POLICE", _("Police / gendarmerie")
    JUSTICE = "JUSTICE", _("Justice / accès au droit (parquet, CDAD…)")
    SOCIAL_LANDLORD = "SOCIAL_LANDLORD", _("Bailleur social")
    SYNDIC = "SYNDIC", _("Syndic de copropriété")
    FACILITY = "FACILITY", _("Équipement de quartier / centre social")
    SOCIAL_SERVICE = "SOCIAL_SERVICE", _("Service social (CDAS, CCAS, CAF…)")
    ASSOCIATION = "ASSOCIATION", _("Association")
    FOUNDATION = "FOUNDATION", _("Fondation")
    STATE = "STATE", _("Service de l'État")
    NETWORK = "NETWORK", _("Réseau")
    OTHER = "OTHER", _("Autre")


# The referral source a case gets when this kind of partner sends the person.
REFERRAL_SOURCE_OF_KIND = {
    PartnerKind.CITY: ReferralSource.CITY_SERVICE,
    PartnerKind.COMMUNE: ReferralSource.METRO_COMMUNE,
    PartnerKind.INTERCOMMUNALITY: ReferralSource.CITY_SERVICE,
    PartnerKind.POLICE: ReferralSource.POLICE_NATIONALE,
    PartnerKind.JUSTICE: ReferralSource.JUSTICE,
    PartnerKind.SOCIAL_LANDLORD: ReferralSource.SOCIAL_LANDLORD,
    PartnerKind.SYNDIC: ReferralSource.SYNDIC,
    PartnerKind.FACILITY: ReferralSource.NEIGHBOURHOOD_FACILITY,
    PartnerKind.SOCIAL_SERVICE: ReferralSource.SOCIAL_WORKER,
    PartnerKind.ASSOCIATION: ReferralSource.ASSOCIATION,
}


class PartnerQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def active(self):
        return self.filter(is_active=True)

    def funders(self):
        return self.filter(is_funder=True)

    def landlords(self):
        return self.filter(kind=PartnerKind.SOCIAL_LANDLORD)

    def matching(self, text):
        """Accent- and case-insensitive search on the name and the short name."""
        return self.filter(every_word_in("search_text", text))


class Partner(BaseModel):
    """An organisation the service works with. ``name`` is today's name; a funder's earlier names
    live in ``PartnerName`` so that old reports keep the name the funder had then."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="partners"
    )
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle ou nom court"), max_length=60, blank=True)
    is_funder = models.BooleanField(_("financeur"), default=False)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(
        _("présentation"),
        blank=True,
        help_text=_("Ce que fait l'organisme et comment il travaille avec le service."),
    )
    is_active = models.BooleanField(_("partenaire actif"), default=True)
    search_text = models.CharField(max_length=300, default="", blank=True, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="partner_name_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalise(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def referral_source(self):
        return REFERRAL_SOURCE_OF_KIND.get(self.kind, ReferralSource.OTHER)

    def name_on(self, day: dt.date) -> str:
        """The name the partner bore on ``day`` (a report of 2024 names the Fondation Abbé
        Pierre, one of 2026 the Fondation pour le logement des défavorisés)."""
        for former in self.former_names.all():
            if former.valid_until >= day and (
                former.valid_from is None or former.valid_from <= day
            ):
                return former.name
        return self.name


class PartnerName(BaseModel):
    """A name the partner bore until ``valid_until`` (inclusive)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("ancien nom"), max_length=200)
    valid_from = models.DateField(_("porté depuis"), null=True, blank=True)
    valid_until = models.DateField(_("porté jusqu'au"))

    class Meta:
        ordering = ["-valid_until"]
        verbose_name = _("ancien nom")


class Contact(BaseModel):
    """A person at a partner. ``membership`` is their Palabre account (role ``partner``), when
    they send referrals and follow them in the partner portal."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("compte Palabre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_contact",
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Residence(BaseModel):
    """A residence of a social landlord: landlord conventions report by residence."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    landlord = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="residences")
    name = models.CharField(_("nom de la résidence"), max_length=150)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("résidence")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "landlord", "name"], name="residence_unique_per_landlord"
            )
        ]

    def __str__(self):
        return self.name


class VenueQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class Venue(BaseModel):
    """A place where the service receives people (a permanence in a maison de quartier)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(_("nom du lieu"), max_length=150)
    host = models.ForeignKey(
        Partner,
        verbose_name=_("structure d'accueil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
    )
    address = models.CharField(_("adresse"), max_length=300)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    access_notes = models.CharField(
        _("accès et accessibilité"),
        max_length=300,
        blank=True,
        help_text=_("Transports, accès en fauteuil, entrée à utiliser…"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, _("La latitude est comprise entre -90 et 90 degrés.")),
            MaxValueValidator(90, _("La latitude est comprise entre -90 et 90 degrés.")),
        ],
        help_text=_(
            "En degrés décimaux, par exemple 48,111 à Rennes. Cherchez l'adresse du lieu sur une "
            "carte (OpenStreetMap, Géoportail) : un clic droit sur l'entrée affiche ses "
            "coordonnées, la latitude en premier."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, _("La longitude est comprise entre -180 et 180 degrés.")),
            MaxValueValidator(180, _("La longitude est comprise entre -180 et 180 degrés.")),
        ],
        help_text=_(
            "En degrés décimaux, par exemple -1,680 à Rennes : négative à l'ouest du méridien "
            "de Greenwich. Les coordonnées servent aux données ouvertes des permanences."
        ),
    )
    is_active = models.BooleanField(_("lieu actif"), default=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("lieu d'accueil")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="venue_name_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.name


class Activity(models.TextChoices):
    """Activities a convention may fund; cases belong to neighbourhood mediation."""

    NEIGHBOURHOOD_MEDIATION = "NEIGHBOURHOOD_MEDIATION", _("Médiation de voisinage")
    COLLECTIVE_MEDIATION = "COLLECTIVE_MEDIATION", _("Médiation collective")
    OUTREACH = "OUTREACH", _("Aller-vers et animations de proximité")
    COOWNERSHIP_PREVENTION = "COOWNERSHIP_PREVENTION", _("Prévention dans les copropriétés")
    PERMANENCES = "PERMANENCES", _("Permanences")
    TRAINING = "TRAINING", _("Formation des bénévoles")
    FIELD_MEDIATION = "FIELD_MEDIATION", _("Médiation de terrain (tournées, veille technique)")


class ConventionQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def in_force_on(self, day: dt.date):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)

    def overlapping(self, start: dt.date, end: dt.date):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start), starts_on__lte=end)


class Convention(BaseModel):
    """A convention binds the service to one or more partners.

    Its scope rules say which activity it covers; each rule left empty means "any". A case is
    in scope when it matches every rule that is set (``Case.objects.in_scope_of``): cases are
    attached to conventions by these rules, never by hand, so a report can be recomputed for
    any funder and any period.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="conventions"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    purpose = models.TextField(_("objet"), blank=True)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("signataires"), related_name="conventions"
    )
    funder = models.ForeignKey(
        Partner,
        verbose_name=_("financeur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_conventions",
    )
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(
        _("fin"), null=True, blank=True, help_text=_("Vide pour une convention reconduite.")
    )
    amount = models.DecimalField(
        _("montant annuel (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Scope rules (empty = any).
    scope_activities = models.JSONField(_("activités couvertes"), default=list, blank=True)
    scope_communes = models.ManyToManyField(
        Commune, verbose_name=_("communes"), blank=True, related_name="+"
    )
    scope_quartiers = models.ManyToManyField(
        Quartier, verbose_name=_("quartiers"), blank=True, related_name="+"
    )
    scope_referral_sources = models.JSONField(_("origines de saisine"), default=list, blank=True)
    scope_referrers = models.ManyToManyField(
        Partner, verbose_name=_("prescripteurs"), blank=True, related_name="+"
    )
    scope_landlords = models.ManyToManyField(
        Partner, verbose_name=_("bailleurs"), blank=True, related_name="+"
    )

    objects = ConventionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("convention")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="convention_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def covers_cases(self) -> bool:
        activities = self.scope_activities or []
        return not activities or Activity.NEIGHBOURHOOD_MEDIATION in activities

    def is_in_force(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class DeliverableKind(models.TextChoices):
    ACTIVITY_REPORT = "ACTIVITY_REPORT", _("Bilan d'activité")
    FINANCIAL_REPORT = "FINANCIAL_REPORT", _("Compte rendu financier (Cerfa 15059)")
    INTERIM_FIGURES = "INTERIM_FIGURES", _("Chiffres intermédiaires")
    STEERING_COMMITTEE = "STEERING_COMMITTEE", _("Comité de pilotage")
    OTHER = "OTHER", _("Autre")


class DeliverableQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def pending(self):
        return self.filter(done_on__isnull=True)

    def due_for_reminder(self, today: dt.date):
        """Pending deliverables whose reminder window has opened and that were not reminded."""
        return self.pending().filter(reminded_on__isnull=True, remind_on__lte=today)


class Deliverable(BaseModel):
    """Something a convention asks of the service by a date: a report, a committee…"""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("type"), max_length=30, choices=DeliverableKind)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    period_start = models.DateField(_("période couverte : début"), null=True, blank=True)
    period_end = models.DateField(_("période couverte : fin"), null=True, blank=True)
    due_on = models.DateField(_("à rendre le"))
    remind_on = models.DateField(_("rappel le"))
    reminded_on = models.DateField(_("rappel envoyé le"), null=True, blank=True)
    done_on = models.DateField(_("fait le"), null=True, blank=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("livrable")

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def is_done(self):
        return self.done_on is not None
