"""Outreach actions (*aller-vers*): the service goes where people are — door-to-door in a
residence, a stand at a neighbourhood party or a market, a forum, a meeting with a landlord's
tenants — and, once the action is held, records what it reached.

An ``OutreachAction`` takes place in one of the service's venues or at a free address, in a
commune (and a quartier, a residence when there is one). Its results are counts, hours and coded
topics only; the cases it led to are linked, never described. Its ``public_description`` and the
photos whose consent is recorded are the only parts meant for the service's public page
(``outreach.public``).

A ``Coownership`` is a building in difficulty the service follows; its prevention actions are
outreach actions attached to it.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel, Commune, Quartier
from palabre.outreach.codes import (
    CoownershipContactRole,
    CoownershipProgramme,
    CoownershipTrend,
    OutreachKind,
    OutreachStatus,
)


class OutreachQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def held(self):
        return self.filter(status=OutreachStatus.HELD)


class OutreachAction(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="outreach_actions"
    )
    kind = models.CharField(_("type d'action"), max_length=30, choices=OutreachKind)
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    venue = models.ForeignKey(
        "partners.Venue",
        verbose_name=_("lieu d'accueil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_name = models.CharField(_("nom du lieu"), max_length=150, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
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
    residence = models.ForeignKey(
        "partners.Residence",
        verbose_name=_("résidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_actions",
    )
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("partenaires associés"), blank=True, related_name="+"
    )
    team = models.ManyToManyField(
        "organisations.Membership", verbose_name=_("équipe"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=12, choices=OutreachStatus, default=OutreachStatus.PLANNED
    )
    # Results, once held: counts and hours only.
    doors_knocked = models.PositiveIntegerField(_("portes frappées"), null=True, blank=True)
    households_met = models.PositiveIntegerField(_("ménages rencontrés"), null=True, blank=True)
    people_informed = models.PositiveIntegerField(_("personnes informées"), null=True, blank=True)
    contacts_made = models.PositiveIntegerField(_("contacts pris"), null=True, blank=True)
    hours = models.DecimalField(
        _("heures passées"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    topics = models.JSONField(_("sujets abordés"), default=list, blank=True)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("dossiers ouverts"), blank=True, related_name="+"
    )
    coownership = models.ForeignKey(
        "outreach.Coownership",
        verbose_name=_("copropriété suivie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prevention_actions",
    )
    public_description = models.TextField(_("description publique"), max_length=2000, blank=True)

    objects = OutreachQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("action d'aller-vers")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="outreach_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def place(self) -> str:
        return self.venue.name if self.venue_id else self.place_name

    @property
    def place_address(self) -> str:
        return self.venue.address if self.venue_id else self.address

    @property
    def is_planned(self) -> bool:
        return self.status == OutreachStatus.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == OutreachStatus.HELD


def _photo_path(photo, filename):
    """An unguessable name in a folder per service; the file is only served through Palabre."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"outreach/{photo.organisation_id}/{uuid.uuid4().hex}.{extension}"


class OutreachPhoto(BaseModel):
    """A photo of a held action. It may appear on the public page only once the consent of the
    people it shows is recorded (``consent_recorded_at``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(OutreachAction, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=200)
    caption = models.CharField(_("légende"), max_length=200, blank=True)
    consent_recorded_at = models.DateTimeField(
        _("consentement des personnes photographiées recueilli le"), null=True, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("photo d'action d'aller-vers")

    def __str__(self):
        return self.caption or str(self.action)

    @property
    def is_public(self) -> bool:
        return self.consent_recorded_at is not None


class CoownershipQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def followed_between(self, start, end):
        """The co-ownerships whose follow-up overlaps the days ``start`` to ``end``."""
        return self.filter(
            Q(followed_until__isnull=True) | Q(followed_until__gte=start),
            followed_since__lte=end,
        )


class Coownership(BaseModel):
    """A co-ownership in difficulty the service follows (*prévention des copropriétés*): the
    building, its syndic and council contacts, the scheme it is under and the convention that
    funds the follow-up. Its prevention actions are outreach actions (``OutreachAction.
    coownership``), its mediations between co-owners are cases (``cases``, often collective), its
    periodic follow-up points are ``CoownershipReview`` rows. Coded fields and counts only: the
    situation of a household is never written here."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="coownerships"
    )
    name = models.CharField(_("nom de la copropriété"), max_length=150)
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
    lots = models.PositiveIntegerField(_("nombre de lots d'habitation"), null=True, blank=True)
    syndic = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("syndic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.CharField(
        _("dispositif"),
        max_length=12,
        choices=CoownershipProgramme,
        default=CoownershipProgramme.NONE,
    )
    difficulties = models.JSONField(_("difficultés repérées"), default=list, blank=True)
    convention = models.ForeignKey(
        "partners.Convention",
        verbose_name=_("convention qui finance le suivi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coownerships",
    )
    followed_since = models.DateField(_("suivie depuis le"))
    followed_until = models.DateField(_("suivi clos le"), null=True, blank=True)
    cases = models.ManyToManyField(
        "cases.Case",
        verbose_name=_("médiations entre copropriétaires"),
        blank=True,
        related_name="+",
    )

    objects = CoownershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("copropriété suivie")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="coownership_name_unique_per_service"
            ),
            models.CheckConstraint(
                condition=Q(followed_until__isnull=True)
                | Q(followed_until__gte=models.F("followed_since")),
                name="coownership_closed_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_followed(self) -> bool:
        return self.followed_until is None


class CoownershipContact(BaseModel):
    """A person to reach at the co-ownership: the council's chair or members, the syndic's
    manager, the caretaker. Personal data of a professional or elected kind, kept while the
    follow-up lasts (``privacy.retention``)."""

    coownership = models.ForeignKey(Coownership, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("rôle"), max_length=16, choices=CoownershipContactRole)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("contact de copropriété")

    def __str__(self):
        return self.name


class CoownershipReview(BaseModel):
    """A follow-up point (*point de suivi*) with the syndic, the council or the city: how the
    situation goes, and when the next one is due."""

    coownership = models.ForeignKey(Coownership, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("point tenu le"))
    trend = models.CharField(_("évolution de la situation"), max_length=8, choices=CoownershipTrend)
    difficulties = models.JSONField(_("difficultés encore présentes"), default=list, blank=True)
    next_review_on = models.DateField(_("prochain point prévu le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("point de suivi de copropriété")

    def __str__(self):
        return f"{self.coownership} — {self.held_on}"
