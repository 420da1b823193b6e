"""Field mediation: the teams of a service (night correspondents, street mediators), their
shifts through a territory, the priorities put on a shift (*feuille de route*) and the short,
mostly anonymous interventions logged during it.

A ``Shift`` belongs to the evening it starts (``date``) and keeps its start and end as instants
(``starts_at``, ``ends_at``): a night across midnight or a change of clocks needs nothing more,
and ``nights`` does the arithmetic. An ``Intervention`` carries a ``client_id`` made by the
device that entered it, unique in its service, so that sending it twice records it once.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.crypto_fields import EncryptedTextField
from palabre.core.models import BaseModel
from palabre.field import nights
from palabre.field.codes import (
    RESIDENCE_PLACES,
    Initiator,
    InterventionType,
    PlaceKind,
    Register,
    Result,
)


class TenantQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class FieldTeam(BaseModel):
    """A team that goes on shifts together (« Équipe de nuit Nord »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="field_teams"
    )
    name = models.CharField(_("nom de l'équipe"), max_length=120)
    members = models.ManyToManyField(
        "organisations.Membership",
        verbose_name=_("membres"),
        related_name="field_teams",
        blank=True,
    )
    check_in_minutes = models.PositiveSmallIntegerField(
        _("pointage de sécurité toutes les (minutes)"), null=True, blank=True
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("équipe de terrain")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="field_team_name_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.name


class ShiftStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Prévue")
    HELD = "HELD", _("Tenue")
    CANCELLED = "CANCELLED", _("Annulée")


class ShiftQuerySet(TenantQuerySet):
    def not_cancelled(self):
        return self.exclude(status=ShiftStatus.CANCELLED)

    def evenings(self, first, last):
        """Shifts of the evenings from ``first`` to ``last`` included."""
        return self.filter(date__range=(first, last))

    def around(self, now):
        """Shifts someone may be logging at ``now``: begun (or beginning within the hour) and
        not ended more than 12 hours ago — the night before, written up in the morning."""
        return self.filter(
            starts_at__lte=now + nights.HOUR, ends_at__gte=now - 12 * nights.HOUR
        ).not_cancelled()


class Shift(BaseModel):
    """One shift of a team: the evening it belongs to, its hours, its territory, who is on it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        FieldTeam, verbose_name=_("équipe"), on_delete=models.PROTECT, related_name="shifts"
    )
    date = models.DateField(_("soirée du"))
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    communes = models.ManyToManyField(
        "core.Commune", verbose_name=_("communes"), related_name="+", blank=True
    )
    quartiers = models.ManyToManyField(
        "core.Quartier", verbose_name=_("quartiers"), related_name="+", blank=True
    )
    residences = models.ManyToManyField(
        "partners.Residence", verbose_name=_("résidences"), related_name="+", blank=True
    )
    members = models.ManyToManyField(
        "organisations.Membership", verbose_name=_("sur le terrain"), related_name="field_shifts"
    )
    status = models.CharField(
        _("état"), max_length=12, choices=ShiftStatus, default=ShiftStatus.PLANNED
    )

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("tournée")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self):
        return _("Tournée du %(day)s") % {"day": self.date.strftime("%d/%m/%Y")}

    @property
    def hours(self) -> float:
        return nights.hours(self.starts_at, self.ends_at)

    @property
    def is_cancelled(self):
        return self.status == ShiftStatus.CANCELLED

    def is_running(self, now=None) -> bool:
        return nights.within(now or timezone.now(), self.starts_at, self.ends_at)


class RoadmapItem(BaseModel):
    """A priority of the *feuille de route* of a shift (« passer dans les halls de la résidence
    Les Lilas : squats signalés »), put by the coordination, on its own or from a partner's
    request (``partner_request``, ``roadmap_requests``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="roadmap")
    text = models.CharField(_("priorité"), max_length=300)
    residence = models.ForeignKey(
        "partners.Residence",
        verbose_name=_("résidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_request = models.ForeignKey(
        "field.RoadmapRequest",
        verbose_name=_("à la demande de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("priorité de la feuille de route")

    def __str__(self):
        return self.text


class InterventionQuerySet(TenantQuerySet):
    def calls(self):
        """Calls received by the team: logged like the rest, from a resident's call."""
        return self.filter(initiated_by=Initiator.RESIDENT_CALL)


class Intervention(BaseModel):
    """One short intervention during a shift. People are counted by broad band, never named;
    the note is read by the team and the coordination only, never written to the Journal."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="interventions")
    client_id = models.UUIDField(default=uuid.uuid4, editable=False)
    happened_at = models.DateTimeField(_("heure"))
    place_kind = models.CharField(_("type de lieu"), max_length=20, choices=PlaceKind)
    residence = models.ForeignKey(
        "partners.Residence",
        verbose_name=_("résidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_label = models.CharField(_("précision du lieu"), max_length=80, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune"),
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
    register = models.CharField(_("registre"), max_length=32, choices=Register)
    type = models.CharField(_("type d'intervention"), max_length=40, choices=InterventionType)
    initiated_by = models.CharField(_("à l'initiative de"), max_length=20, choices=Initiator)
    girls = models.PositiveSmallIntegerField(_("filles (moins de 18 ans)"), default=0)
    boys = models.PositiveSmallIntegerField(_("garçons (moins de 18 ans)"), default=0)
    women = models.PositiveSmallIntegerField(_("femmes"), default=0)
    men = models.PositiveSmallIntegerField(_("hommes"), default=0)
    older_women = models.PositiveSmallIntegerField(_("femmes de 60 ans et plus"), default=0)
    older_men = models.PositiveSmallIntegerField(_("hommes de 60 ans et plus"), default=0)
    result = models.CharField(_("résultat"), max_length=20, choices=Result)
    follow_up_needed = models.BooleanField(_("suite à donner"), default=False)
    note = EncryptedTextField(_("note pour l'équipe"), max_length=500, blank=True)  # adr/0014
    recorded_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The mediation case this intervention opened, with the person's agreement
    # (``followup_actions.open_case_from``).
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("dossier de médiation ouvert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Each change adds one: an edit made against an older version is refused, never applied
    # over a newer one (``actions.change_intervention``, docs/adr/0012).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at"]
        verbose_name = _("intervention")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_id"], name="intervention_client_id_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(place_kind__in=RESIDENCE_PLACES, residence__isnull=False)
                    | (~Q(place_kind__in=RESIDENCE_PLACES) & Q(residence__isnull=True))
                ),
                name="intervention_residence_for_residence_places",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "happened_at"])]

    def __str__(self):
        return f"{self.get_type_display()} — {timezone.localtime(self.happened_at):%H:%M}"

    @property
    def people_met(self) -> int:
        return self.girls + self.boys + self.women + self.men + self.older_women + self.older_men

    @property
    def place(self) -> str:
        """« Hall d'immeuble — Résidence Les Lilas, hall B », « Espace public — Maurepas »."""
        where = [self.residence or self.quartier or self.commune, self.place_label]
        named = ", ".join(str(part) for part in where if part)
        return (
            f"{self.get_place_kind_display()} — {named}" if named else self.get_place_kind_display()
        )


from palabre.field import safety  # noqa: E402, F401
from palabre.field.followup import NamedPerson, PartnerOrientation  # noqa: E402, F401
from palabre.field.roadmap_requests import RoadmapRequest  # noqa: E402, F401
from palabre.field.watch import SignalLink, SignalReminder, SignalRouting, TechnicalSignal  # noqa: E402, F401
