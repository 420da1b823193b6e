"""Permanences: the sessions a service holds at its venues, their occurrences, the mediators on
duty, the appointments people book, and the messages that tell them.

A ``Permanence`` is a rule (a weekday, which weeks, the hours, the slot length). Its
``Occurrence`` rows are planned ahead from the rule, skipping the ``Closure`` periods, so that
each one can be staffed, cancelled or moved on its own. An ``Appointment`` takes one slot of an
occurrence; a conditional unique constraint makes a second booking of the same slot impossible,
whatever the timing. Every message to a person goes through the ``Notice`` outbox, sent once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class TenantQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Chaque semaine")
    EVERY_OTHER_WEEK = "EVERY_OTHER_WEEK", _("Une semaine sur deux")
    WEEKS_OF_MONTH = "WEEKS_OF_MONTH", _("Certaines semaines du mois")


class Permanence(BaseModel):
    """A recurring drop-in session at a venue (e.g. the 2nd and 4th Tuesdays, 14:00–17:00)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="permanences"
    )
    venue = models.ForeignKey(
        "partners.Venue",
        verbose_name=_("lieu"),
        on_delete=models.PROTECT,
        related_name="permanences",
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    frequency = models.CharField(
        _("fréquence"), max_length=20, choices=Frequency, default=Frequency.WEEKLY
    )
    weeks_of_month = models.CharField(
        _("semaines du mois"),
        max_length=20,
        blank=True,
        help_text=_("Pour « certaines semaines du mois » : 1 à 4, et -1 pour la dernière."),
    )
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'un créneau (minutes)"), default=45)
    valid_from = models.DateField(_("à partir du"))
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    skip_school_holidays = models.BooleanField(
        _("pas de permanence pendant les vacances scolaires"), default=True
    )
    is_public = models.BooleanField(
        _("réservable en ligne"),
        default=True,
        help_text=_("Les habitants voient ses créneaux libres et réservent sans compte."),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["venue__name", "weekday", "starts_at"]
        verbose_name = _("permanence")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="permanence_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="permanence_slot_min"),
        ]

    def __str__(self):
        return f"{self.venue.name} — {self.get_weekday_display()}"

    def weeks(self) -> list[int]:
        return [int(w) for w in self.weeks_of_month.split(",") if w.strip()]


class ClosureKind(models.TextChoices):
    SCHOOL_HOLIDAYS = "SCHOOL_HOLIDAYS", _("Vacances scolaires")
    CLOSURE = "CLOSURE", _("Fermeture")


class Closure(BaseModel):
    """A period without permanences: school holidays, or a closure of one venue or of all."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ClosureKind)
    label = models.CharField(_("libellé"), max_length=120)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    venue = models.ForeignKey(
        "partners.Venue",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Laisser vide pour tous les lieux."),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("fermeture")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="closure_ends_after_start"
            )
        ]

    def __str__(self):
        return self.label

    def covers(self, day, venue_id) -> bool:
        return self.starts_on <= day <= self.ends_on and self.venue_id in (None, venue_id)


class OccurrenceStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Prévue")
    CANCELLED = "CANCELLED", _("Annulée")


class CancelReason(models.TextChoices):
    CLOSURE = "CLOSURE", _("Fermeture du lieu ou vacances")
    STAFF = "STAFF", _("Médiateurs indisponibles")
    VENUE = "VENUE", _("Lieu indisponible")
    RULE_CHANGED = "RULE_CHANGED", _("Changement du calendrier de la permanence")
    OTHER = "OTHER", _("Autre raison")


class OccurrenceQuerySet(TenantQuerySet):
    def planned(self):
        return self.filter(status=OccurrenceStatus.PLANNED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())


class Occurrence(BaseModel):
    """One session of a permanence, on one day. It can be staffed, cancelled or moved alone."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    permanence = models.ForeignKey(Permanence, on_delete=models.CASCADE, related_name="occurrences")
    planned_on = models.DateField(_("date prévue par le calendrier"))
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(
        _("état"), max_length=20, choices=OccurrenceStatus, default=OccurrenceStatus.PLANNED
    )
    cancel_reason = models.CharField(
        _("motif d'annulation"), max_length=20, choices=CancelReason, blank=True
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    informed_count = models.PositiveSmallIntegerField(
        _("personnes informées sans dossier"), default=0
    )
    visits_recorded_at = models.DateTimeField(_("passages saisis le"), null=True, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("séance de permanence")
        constraints = [
            models.UniqueConstraint(
                fields=["permanence", "planned_on"], name="occurrence_once_per_rule_day"
            )
        ]
        indexes = [models.Index(fields=["organisation", "starts_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.permanence.venue.name} — {local:%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self):
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def venue(self):
        return self.permanence.venue


class Duty(BaseModel):
    """A mediator on duty at an occurrence. Permanences are held in pairs."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="duties")
    mediator = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="duties"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["mediator__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "mediator"], name="duty_once_per_mediator"
            )
        ]


class Availability(BaseModel):
    """A weekly window in which a mediator is willing to hold permanences."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    mediator = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="availabilities"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    starts_at = models.TimeField(_("de"))
    ends_at = models.TimeField(_("à"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("disponibilité")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="availability_ends_after_start",
            )
        ]


class Absence(BaseModel):
    """Days a mediator cannot hold any permanence (holidays, illness…). No reason is kept."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    mediator = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="absences"
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("absence")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            )
        ]


class BookingChannel(models.TextChoices):
    STAFF = "STAFF", _("Par le service")
    PARTNER = "PARTNER", _("Par un partenaire")
    PUBLIC = "PUBLIC", _("En ligne par la personne")
    # Chosen by the person through an invitation's link (docs/adr/0026): tied to a case's party.
    INVITATION = "INVITATION", _("Par la personne, sur invitation")
    WALK_IN = "WALK_IN", _("Sans rendez-vous")


class AppointmentState(models.TextChoices):
    PENDING = "PENDING", _("En attente de confirmation")
    BOOKED = "BOOKED", _("Réservé")
    CAME = "CAME", _("Venu")
    NO_SHOW = "NO_SHOW", _("Absent")
    CANCELLED = "CANCELLED", _("Annulé")
    EXPIRED = "EXPIRED", _("Non confirmé")


# The states in which an appointment holds its slot.
HOLDS_SLOT = [
    AppointmentState.PENDING,
    AppointmentState.BOOKED,
    AppointmentState.CAME,
    AppointmentState.NO_SHOW,
]


class NoticeChannel(models.TextChoices):
    EMAIL = "EMAIL", _("E-mail")
    SMS = "SMS", _("SMS")


class AppointmentQuerySet(TenantQuerySet):
    def holding_slot(self):
        return self.filter(state__in=HOLDS_SLOT)

    def taking_slot(self, now):
        """The bookings that keep their slot from others at ``now``: an online booking whose
        code time is over no longer does, though the database still counts it until the next
        booking of that slot expires it."""
        return self.holding_slot().exclude(state=AppointmentState.PENDING, hold_until__lt=now)


class Appointment(BaseModel):
    """A person expected (or come) at an occurrence. A walk-in has no slot time."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("heure"), null=True, blank=True)
    state = models.CharField(_("état"), max_length=20, choices=AppointmentState)
    channel = models.CharField(_("pris"), max_length=20, choices=BookingChannel)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    notify_by = models.CharField(
        _("prévenir par"), max_length=10, choices=NoticeChannel, blank=True
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="permanence_appointments",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The party of the case who chose this slot, and the invitation's link they chose it through.
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.ForeignKey(
        "cases.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    secret = models.CharField(max_length=64, unique=True, editable=False)
    code_digest = models.CharField(max_length=64, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    hold_until = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "created_at"]
        verbose_name = _("rendez-vous")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "starts_at"],
                condition=Q(state__in=HOLDS_SLOT) & Q(starts_at__isnull=False),
                name="appointment_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(channel=BookingChannel.WALK_IN) | Q(starts_at__isnull=False),
                name="appointment_slot_unless_walk_in",
            ),
            # An invitation's link holds one slot at a time, whatever the timing of two clicks
            # (a slot cancelled gives the link back: ``invitation_actions.reopen``).
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(invitation__isnull=False) & Q(state__in=HOLDS_SLOT),
                name="appointment_one_per_invitation",
            ),
        ]

    def __str__(self):
        return self.display_name or str(_("Rendez-vous"))

    @property
    def display_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_active(self):
        return self.state in (AppointmentState.PENDING, AppointmentState.BOOKED)


class NoticeKind(models.TextChoices):
    CODE = "CODE", _("Code de confirmation")
    CONFIRMATION = "CONFIRMATION", _("Confirmation")
    REMINDER = "REMINDER", _("Rappel")
    CANCELLATION = "CANCELLATION", _("Annulation")
    CHANGE = "CHANGE", _("Changement d'horaire")


class NoticeQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(sent_at__isnull=True, dropped=False, due_at__lte=now or timezone.now())


class Notice(BaseModel):
    """One message to a person about an appointment, in the outbox until it is sent.

    The text is written at sending time from the appointment: date, place and a cancellation
    link, nothing else. A notice is marked sent in the transaction that holds its row lock, so
    two workers never send it twice."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind)
    channel = models.CharField(max_length=10, choices=NoticeChannel)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    dropped = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=8, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["sent_at", "due_at"])]


class CalendarFeed(BaseModel):
    """A secret address serving a mediator's duties or a venue's sessions as iCalendar."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    mediator = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    venue = models.ForeignKey(
        "partners.Venue", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mediator__isnull=True) ^ Q(venue__isnull=True),
                name="feed_of_mediator_or_venue",
            )
        ]
