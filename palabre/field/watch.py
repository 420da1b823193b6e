"""Technical watch (*veille technique*): what a field team finds broken or dangerous on its round
— a hall light out, a forced door, bulky waste — reported to the partner who must repair it.

A ``TechnicalSignal`` is routed when it is made: to the landlord of the residence it is in, else
to the partner the service names for the public space (``SignalRouting``). It goes from sent to
acknowledged to resolved, each date kept, and is due within a delay set by its urgency. The
partner answers from its portal or through a ``SignalLink`` (signed, expiring, no account
needed); an overdue signal is reminded once per step (``SignalReminder``).

A signal says what and where, never who: no name, and its partner never sees the intervention
or the shift it came from. Its photo is re-encoded without metadata and served by Palabre only,
after the same checks as the signal.

These models are imported at the end of ``field/models.py``; they name the field models by
string so that the two modules do not import each other.
"""

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.field.codes import RESIDENCE_PLACES, PlaceKind


class SignalCategory(models.TextChoices):
    """What is wrong (domain §4.4): the network compares its members on this list."""

    LIGHTING = "LIGHTING", _("Éclairage")
    LIFT = "LIFT", _("Ascenseur")
    DOOR_ACCESS = "DOOR_ACCESS", _("Porte, serrure, contrôle d'accès")
    BROKEN_GLASS = "BROKEN_GLASS", _("Vitre cassée")
    GRAFFITI = "GRAFFITI", _("Tag, graffiti")
    BULKY_WASTE = "BULKY_WASTE", _("Encombrants")
    BINS = "BINS", _("Bacs et locaux à ordures")
    LEAK = "LEAK", _("Fuite d'eau")
    FIRE_SAFETY = "FIRE_SAFETY", _("Équipement de sécurité incendie")
    SQUAT = "SQUAT", _("Squat, occupation")
    ABANDONED_VEHICLE = "ABANDONED_VEHICLE", _("Véhicule abandonné")
    VERMIN = "VERMIN", _("Nuisibles")
    PLAYGROUND = "PLAYGROUND", _("Aire de jeux")
    OTHER = "OTHER", _("Autre")


class Urgency(models.TextChoices):
    DANGER = "DANGER", _("Danger immédiat")
    URGENT = "URGENT", _("Urgent")
    NORMAL = "NORMAL", _("Normal")


# How long the partner has to resolve a signal, by urgency, from the moment it is sent.
DUE_AFTER = {
    Urgency.DANGER: dt.timedelta(days=1),
    Urgency.URGENT: dt.timedelta(days=3),
    Urgency.NORMAL: dt.timedelta(days=15),
}


class SignalStatus(models.TextChoices):
    SENT = "SENT", _("Envoyé")
    ACKNOWLEDGED = "ACKNOWLEDGED", _("Pris en compte")
    RESOLVED = "RESOLVED", _("Résolu")


def _photo_path(signal, filename):
    """An unguessable name in a folder per service; the file is only served through Palabre."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"field/signals/{signal.organisation_id}/{uuid.uuid4().hex}.{extension}"


class SignalRouting(BaseModel):
    """Where a service's signals go when they are not in a residence: the partner in charge of
    the public space (the city's technical services, most often). A residence's signals go to
    its landlord, whatever this says."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    public_space_partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("destinataire pour l'espace public"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("destinataires des signalements techniques")


class TechnicalSignalQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def routed_to(self, partner):
        return self.filter(partner=partner)

    def open(self):
        return self.exclude(status=SignalStatus.RESOLVED)

    def resolved(self):
        return self.filter(status=SignalStatus.RESOLVED)

    def overdue(self, now=None):
        """Open and past their due date."""
        return self.open().filter(due_at__lt=now or timezone.now())


class TechnicalSignal(BaseModel):
    """A problem seen on the ground, sent to the partner who must repair it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey(
        "field.Shift",
        verbose_name=_("tournée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    intervention = models.ForeignKey(
        "field.Intervention",
        verbose_name=_("intervention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=SignalCategory)
    urgency = models.CharField(_("urgence"), max_length=10, choices=Urgency, default=Urgency.NORMAL)
    place_kind = models.CharField(_("type de lieu"), max_length=20, choices=PlaceKind)
    residence = models.ForeignKey(
        "partners.Residence",
        verbose_name=_("résidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quartier = models.ForeignKey(
        "core.Quartier",
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_label = models.CharField(_("précision du lieu"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    photo = models.FileField(_("photo"), upload_to=_photo_path, blank=True, max_length=200)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("destinataire"),
        on_delete=models.PROTECT,
        related_name="technical_signals",
    )
    status = models.CharField(
        _("état"), max_length=12, choices=SignalStatus, default=SignalStatus.SENT
    )
    sent_at = models.DateTimeField(_("envoyé le"))
    due_at = models.DateTimeField(_("à résoudre avant le"))
    acknowledged_at = models.DateTimeField(_("pris en compte le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)
    reported_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TechnicalSignalQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("signalement technique")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(place_kind__in=RESIDENCE_PLACES, residence__isnull=False)
                    | (~Q(place_kind__in=RESIDENCE_PLACES) & Q(residence__isnull=True))
                ),
                name="signal_residence_for_residence_places",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=SignalStatus.SENT,
                        acknowledged_at__isnull=True,
                        resolved_at__isnull=True,
                    )
                    | Q(
                        status=SignalStatus.ACKNOWLEDGED,
                        acknowledged_at__isnull=False,
                        resolved_at__isnull=True,
                    )
                    | Q(
                        status=SignalStatus.RESOLVED,
                        acknowledged_at__isnull=False,
                        resolved_at__isnull=False,
                    )
                ),
                name="signal_dates_follow_status",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["partner", "status"]),
        ]

    def __str__(self):
        return f"{self.get_category_display()} — {self.place}"

    @property
    def place(self) -> str:
        """« Hall d'immeuble — Les Glycines, hall B », « Espace public — Maurepas »."""
        where = [self.residence or self.quartier or self.commune, self.place_label]
        named = ", ".join(str(part) for part in where if part)
        return (
            f"{self.get_place_kind_display()} — {named}" if named else self.get_place_kind_display()
        )

    @property
    def is_open(self) -> bool:
        return self.status != SignalStatus.RESOLVED

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())


class SignalLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


class SignalLink(BaseModel):
    """A link e-mailed to the partner: it opens one signal and its two buttons, without an
    account, until it expires. The address carries a signature of this row's id
    (``core.signed_links``); each e-mail about the signal carries a new one."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    signal = models.ForeignKey(TechnicalSignal, on_delete=models.CASCADE, related_name="links")
    expires_at = models.DateTimeField(_("expire le"))

    objects = SignalLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lien de signalement")

    def is_usable(self, now=None) -> bool:
        return self.expires_at > (now or timezone.now())


class SignalReminder(BaseModel):
    """A reminder sent to the partner for an overdue signal, at most one per step: the signal
    was still « sent », or still « acknowledged ». The unique pair is what makes a second run of
    ``remind_signals`` send nothing."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    signal = models.ForeignKey(TechnicalSignal, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("étape"), max_length=12, choices=SignalStatus)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("relance de signalement")
        constraints = [
            models.UniqueConstraint(fields=["signal", "step"], name="signal_reminded_once_per_step")
        ]
