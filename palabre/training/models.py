"""Training: a catalogue of modules, their sessions in half-days, the people enrolled (or waiting
for a place), who was there each half-day, and what they thought of it.

An organiser is an ``Organisation``: a network training its members' agents, or a service
training its own volunteers (the sessions flagged ``fdva`` make its FDVA 1 summary). A person is
enrolled through their service: the ``Enrolment`` keeps the user, the service and their name as
it was, so that an attendance sheet printed years later still reads the same.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class Audience(models.TextChoices):
    MEDIATORS = "MEDIATORS", _("Médiateurs et médiatrices")
    COORDINATORS = "COORDINATORS", _("Coordination")
    DIRECTORS = "DIRECTORS", _("Direction")
    VOLUNTEERS = "VOLUNTEERS", _("Bénévoles")
    BOARD = "BOARD", _("Administrateurs et administratrices")


class ModuleKind(models.TextChoices):
    TRAINING = "TRAINING", _("Formation")
    PRACTICE_ANALYSIS = "PRACTICE_ANALYSIS", _("Analyse de la pratique")


class ModuleQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organiser=organisation)

    def active(self):
        return self.filter(is_active=True)


class Module(BaseModel):
    """A training of the catalogue. Practice-analysis sessions count as certification evidence
    (AFNOR X60-600: initial and continuing training, practice analysis)."""

    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisateur"),
        on_delete=models.CASCADE,
        related_name="training_modules",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    objective = models.TextField(_("objectif"), blank=True)
    content = models.TextField(_("contenu"), blank=True)
    audience = models.JSONField(_("public"), default=list, blank=True)
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    prerequisites = models.TextField(_("prérequis"), blank=True)
    price_member = models.DecimalField(
        _("tarif adhérent (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Laisser vide si la formation est gratuite."),
    )
    price_other = models.DecimalField(
        _("tarif non adhérent (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    kind = models.CharField(
        _("nature"), max_length=20, choices=ModuleKind, default=ModuleKind.TRAINING
    )
    is_active = models.BooleanField(_("au catalogue"), default=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("module de formation")

    def __str__(self):
        return self.title

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[code]) for code in self.audience if code in labels]


class SessionStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Programmée")
    CANCELLED = "CANCELLED", _("Annulée")


class SessionQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(module__organiser=organisation)

    def planned(self):
        return self.filter(status=SessionStatus.PLANNED)

    def open_to(self, service):
        """Sessions a service's people may join: its own, and those of its networks."""
        return self.filter(
            Q(module__organiser=service) | Q(module__organiser__in=service.networks.all())
        )


class Session(BaseModel):
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    is_remote = models.BooleanField(_("à distance"), default=False)
    remote_link = models.CharField(
        _("accès à distance"),
        max_length=300,
        blank=True,
        help_text=_("Le lien de la visioconférence, ou comment s'y connecter."),
    )
    trainer = models.CharField(_("formateur ou formatrice"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(
        _("état"), max_length=12, choices=SessionStatus, default=SessionStatus.PLANNED
    )
    fdva = models.BooleanField(
        _("action FDVA 1 (formation des bénévoles)"),
        default=False,
        help_text=_("La session compte dans le bilan FDVA 1 de l'organisateur."),
    )
    fdva_objective = models.TextField(_("objectif de l'action FDVA"), blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "module__title"]
        verbose_name = _("session de formation")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_session_ends_after"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_session_capacity"),
        ]

    def __str__(self):
        return f"{self.module.title} ({self.starts_on:%d/%m/%Y})"

    @property
    def organiser(self):
        return self.module.organiser

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def where(self) -> str:
        if self.is_remote and self.place:
            return _("%(place)s et à distance") % {"place": self.place}
        return str(_("À distance")) if self.is_remote else self.place

    def ended_by(self, today: dt.date) -> bool:
        return self.ends_on < today


class Period(models.TextChoices):
    MORNING = "AM", _("matin")
    AFTERNOON = "PM", _("après-midi")


class SessionHalfDay(models.Model):
    """A half-day of a session: the unit of attendance and of the attendance sheet."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="half_days")
    day = models.DateField(_("jour"))
    period = models.CharField(_("demi-journée"), max_length=2, choices=Period)
    hours = models.DecimalField(_("heures"), max_digits=4, decimal_places=2)

    class Meta:
        ordering = ["day", "period"]
        verbose_name = _("demi-journée")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "day", "period"], name="training_half_day_unique"
            )
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.get_period_display()}"


class EnrolmentState(models.TextChoices):
    ENROLLED = "ENROLLED", _("Inscrit·e")
    WAITING = "WAITING", _("Sur liste d'attente")
    CANCELLED = "CANCELLED", _("Annulée")


class EnrolmentQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(state=EnrolmentState.CANCELLED)

    def enrolled(self):
        return self.filter(state=EnrolmentState.ENROLLED)

    def waiting(self):
        """In the order of the requests: the first gets the next free place."""
        return self.filter(state=EnrolmentState.WAITING).order_by("requested_at", "id")

    def of_service(self, organisation):
        return self.filter(organisation=organisation)


class Enrolment(BaseModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrolments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="training_enrolments",
    )
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    last_name = models.CharField(_("nom"), max_length=80, blank=True)
    state = models.CharField(_("état"), max_length=12, choices=EnrolmentState)
    requested_at = models.DateTimeField(_("demandée le"))
    enrolled_by = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("inscrit·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("inscription")
        constraints = [
            # Whatever the timing, a person holds one live enrolment per session.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~Q(state="CANCELLED"),
                name="training_enrolment_once_per_session",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(self.user)


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    half_day = models.ForeignKey(
        SessionHalfDay, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("présent·e"))

    class Meta:
        verbose_name = _("présence")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "half_day"], name="training_attendance_unique"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.half_day}"


class Evaluation(BaseModel):
    """What a participant thought of the training: feedback on the training, never case data."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="evaluation")
    score = models.PositiveSmallIntegerField(
        _("appréciation (1 à 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    useful = models.BooleanField(_("utile pour ma pratique"))
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("évaluation")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="training_evaluation_score"
            )
        ]
