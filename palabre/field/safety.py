"""The end of a shift and the safety of the people on it.

``ShiftReport``: what the team writes when the shift is over — counts taken from its
interventions, the people met, a free text for the coordination only — then signs; the
coordination validates it and it no longer changes. One per shift, held by a database
constraint: two phones sending the first version at once make one report.

``SeriousEvent``: an assault on the team, emergency services called…, flagged on an intervention
or on the shift. The coordination is told at once; its description is read by the coordination
and its author only, never written to the Journal, an e-mail or a partner's page.

Lone-worker safety: a team may have a check-in interval (``FieldTeam.check_in_minutes``) and an
``OnCallContact``. Each member on a running shift is expected to check in (``CheckIn``) within the
interval of their last check-in — of the shift's start for the first. A deadline missed, or the
alarm button, makes a ``SafetyAlert``: the server raises it and sends it to the on-call contact by
e-mail and SMS (``safety_delivery``), whether or not the phone still answers. One alert per missed
deadline (a partial unique constraint), one per alarm (the form's ``client_id``).

The place of a check-in or an alarm is one the person picked from the shift's territory; no
position is ever read from the phone.
"""

import datetime as dt
import math

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.crypto_fields import EncryptedTextField
from palabre.core.models import BaseModel
from palabre.field.territory import Place

# An alert is tried again at each sweep (every minute) until it has failed this many times.
MAX_FAILURES = 30


class TenantQuerySet(models.QuerySet):
    # models.py imports this module: this one cannot import models.py back.
    def of(self, organisation):
        return self.filter(organisation=organisation)


class OnCallContact(BaseModel):
    """Who the team's safety alerts go to: the coordination's on-call line, by e-mail and SMS."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    team = models.OneToOneField("field.FieldTeam", on_delete=models.CASCADE, related_name="on_call")
    name = models.CharField(_("astreinte (nom ou fonction)"), max_length=120)
    email = models.EmailField(_("e-mail de l'astreinte"))
    phone = models.CharField(_("téléphone portable de l'astreinte"), max_length=30)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("astreinte d'une équipe")

    def __str__(self):
        return self.name


# --- Shift report -------------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    WRITTEN = "WRITTEN", _("En cours de rédaction")
    SIGNED = "SIGNED", _("Signé par l'équipe")
    VALIDATED = "VALIDATED", _("Validé par la coordination")


class ShiftReportQuerySet(TenantQuerySet):
    def awaiting_validation(self):
        return self.filter(status=ReportStatus.SIGNED)


class ShiftReport(BaseModel):
    """The team's report of one shift. ``counts`` keeps what the interventions said when it
    was last saved (by register, by type, people met): the validated report keeps its figures
    even if an intervention is corrected later."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey("field.Shift", on_delete=models.CASCADE, related_name="+")
    people_met = models.PositiveIntegerField(_("personnes rencontrées"), default=0)
    summary = EncryptedTextField(_("compte rendu pour la coordination"), blank=True)  # adr/0014
    counts = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("état"), max_length=12, choices=ReportStatus, default=ReportStatus.WRITTEN
    )
    written_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_at = models.DateTimeField(null=True, blank=True)

    objects = ShiftReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("compte rendu de tournée")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "shift"], name="shift_report_once_per_shift"
            )
        ]

    def __str__(self):
        return _("Compte rendu de la %(shift)s") % {"shift": self.shift}

    @property
    def is_validated(self):
        return self.status == ReportStatus.VALIDATED


# --- Serious events -----------------------------------------------------------------------------


class SeriousEventKind(models.TextChoices):
    TEAM_ASSAULTED = "TEAM_ASSAULTED", _("Agression physique de l'équipe")
    TEAM_THREATENED = "TEAM_THREATENED", _("Menaces graves envers l'équipe")
    TEAM_MEMBER_INJURED = "TEAM_MEMBER_INJURED", _("Accident ou blessure d'un membre de l'équipe")
    EMERGENCY_SERVICES_CALLED = "EMERGENCY_SERVICES_CALLED", _("Secours appelés (SAMU, pompiers)")
    POLICE_CALLED = "POLICE_CALLED", _("Police appelée")
    PERSON_IN_DANGER = "PERSON_IN_DANGER", _("Personne en danger grave")
    OTHER = "OTHER", _("Autre événement grave")


class SeriousEventQuerySet(TenantQuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)


class SeriousEvent(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey(
        "field.Shift", on_delete=models.CASCADE, related_name="serious_events"
    )
    intervention = models.ForeignKey(
        "field.Intervention",
        verbose_name=_("intervention concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("nature de l'événement"), max_length=32, choices=SeriousEventKind)
    occurred_at = models.DateTimeField(_("heure"))
    description = EncryptedTextField(_("description pour la coordination"), blank=True)  # adr/0014
    reported_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = SeriousEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("événement grave")
        indexes = [models.Index(fields=["organisation", "occurred_at"])]

    def __str__(self):
        return str(self.get_kind_display())


# --- Lone-worker safety -------------------------------------------------------------------------


class PlaceFields(models.Model):
    """A place the person picked from the shift's territory (a residence, a quartier or a
    commune), or none."""

    residence = models.ForeignKey(
        "partners.Residence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quartier = models.ForeignKey(
        "core.Quartier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune = models.ForeignKey(
        "core.Commune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def place(self) -> Place | None:
        if self.residence_id or self.quartier_id or self.commune_id:
            return Place(residence=self.residence, quartier=self.quartier, commune=self.commune)
        return None

    def set_place(self, place: Place | None):
        self.residence = place.residence if place else None
        self.quartier = place.quartier if place else None
        self.commune = place.commune if place else None

    def place_name(self) -> str:
        """« Résidence Les Glycines (Maurepas) », « Le Blosne », « Rennes »; empty for none."""
        if self.residence_id:
            quartier = self.residence.quartier
            return f"{self.residence.name} ({quartier})" if quartier else self.residence.name
        return str(self.quartier or self.commune or "")


class CheckInKind(models.TextChoices):
    CHECK_IN = "CHECK_IN", _("Pointage")
    DONE = "DONE", _("Fin de tournée")


class CheckIn(PlaceFields, BaseModel):
    """« Tout va bien » from a member on the shift; ``DONE``: they have finished, nothing more
    is expected of them on this shift."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey("field.Shift", on_delete=models.CASCADE, related_name="check_ins")
    member = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("heure"))
    kind = models.CharField(max_length=10, choices=CheckInKind, default=CheckInKind.CHECK_IN)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        verbose_name = _("pointage de sécurité")
        indexes = [models.Index(fields=["organisation", "shift", "member", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {local_clock(self.at)}"


class AlertKind(models.TextChoices):
    MISSED_CHECK_IN = "MISSED_CHECK_IN", _("Pointage manqué")
    ALARM = "ALARM", _("Alarme")


class SafetyAlertQuerySet(TenantQuerySet):
    def pending(self):
        """Alerts with a channel still to send (and not given up)."""
        return self.filter(dropped=False).filter(
            Q(email_sent_at__isnull=True, email_failures__lt=MAX_FAILURES)
            | Q(sms_sent_at__isnull=True, sms_failures__lt=MAX_FAILURES)
        )


class SafetyAlert(PlaceFields, BaseModel):
    """One alert to the on-call contact, sent once by e-mail and once by SMS. The place is the
    last one the member shared (a check-in's, or the one picked when raising the alarm)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey("field.Shift", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=AlertKind)
    raised_at = models.DateTimeField()
    # A missed check-in: the check-in expected before ``deadline``; no news since ``last_news_at``.
    deadline = models.DateTimeField(null=True, blank=True)
    last_news_at = models.DateTimeField(null=True, blank=True)
    # When the place was shared (a check-in's time; the alarm's own for an alarm).
    place_shared_at = models.DateTimeField(null=True, blank=True)
    # An alarm: drawn by the form, so that a double tap raises one alarm.
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    sms_sent_at = models.DateTimeField(null=True, blank=True)
    email_failures = models.PositiveSmallIntegerField(default=0)
    sms_failures = models.PositiveSmallIntegerField(default=0)
    dropped = models.BooleanField(default=False)

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at"]
        verbose_name = _("alerte de sécurité")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "shift", "member", "deadline"],
                condition=Q(kind="MISSED_CHECK_IN"),
                name="safety_alert_once_per_missed_deadline",
            ),
            models.UniqueConstraint(
                fields=["organisation", "client_id"], name="safety_alarm_client_id_once"
            ),
        ]

    def __str__(self):
        return str(self.get_kind_display())


# --- The clock of check-ins ---------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    # Aware datetimes sharing a tzinfo add and subtract by their wall clocks: a night the clocks
    # change would move every deadline by an hour (see nights.py).
    return moment.astimezone(dt.UTC)


def last_missed_deadline(
    *, last_news_at: dt.datetime, every: dt.timedelta, ends_at: dt.datetime, now: dt.datetime
) -> dt.datetime | None:
    """The latest deadline missed at ``now``: deadlines fall every ``every`` after the last
    news, and only before the shift's end; None while the next one is still to come.

    After a pause of the sweeps (a server restarted), only the latest missed deadline is
    answered: one alert saying since when there is no news, not one for each lost minute."""
    last_news_at, ends_at, now = _utc(last_news_at), _utc(ends_at), _utc(now)
    if now < last_news_at + every:
        return None
    missed = math.floor((now - last_news_at) / every)
    before_end = math.ceil((ends_at - last_news_at) / every) - 1
    count = min(missed, before_end)
    return last_news_at + count * every if count >= 1 else None


def expected_by(
    *, last_news_at: dt.datetime, every: dt.timedelta, ends_at: dt.datetime
) -> dt.datetime | None:
    """When the next check-in is expected by; None when the shift ends first."""
    deadline = _utc(last_news_at) + every
    return deadline if deadline < ends_at else None


def local_clock(moment: dt.datetime) -> str:
    """« 23:10 », local time."""
    return timezone.localtime(moment).strftime("%H:%M")
