"""Time limits on every way in (docs/adr/0020): a referral, a partner's request and a resident's
request all get a first contact attempt and a decision within the service's targets.

- ``ReferralTarget``: the service's targets, set by its coordination (defaults: a first contact
  attempt within 10 days, a decision within 30). A referral takes its two deadlines from them
  when it arrives (``Referral.contact_due_at`` and ``decision_due_at``), so that changing the
  targets moves no deadline already announced and no past figure.
- ``DeadlineStep``: a step of the time limit that came, at most one per referral and kind (a
  unique pair): the reminder to the coordination when neither a contact attempt nor a decision
  came by the first deadline; the closure « sans réponse dans le délai » at the second.
- ``DeadlineNotice``: each message a step sends, one per audience (the coordination, the
  referrer, the person), sent once by the task worker (``deadline_tasks``). It holds no address:
  the address is read when the message leaves, so that nothing waits here to be forgotten.

Calendar days, not business days: what DORA and les emplois count, what a person understands,
and no calendar of public holidays to keep per service.

These models are imported at the end of ``referrals/models.py``; they name the referral by
string so that the two modules do not import each other.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

DEFAULT_FIRST_CONTACT_DAYS = 10
DEFAULT_DECISION_DAYS = 30
MAX_FIRST_CONTACT_DAYS = 60
MAX_DECISION_DAYS = 90


class ReferralTarget(BaseModel):
    """A service's targets for the requests it receives. Without a row, the defaults apply."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="referral_target"
    )
    first_contact_days = models.PositiveSmallIntegerField(
        _("premier contact tenté dans les (jours)"), default=DEFAULT_FIRST_CONTACT_DAYS
    )
    decision_days = models.PositiveSmallIntegerField(
        _("décision dans les (jours)"), default=DEFAULT_DECISION_DAYS
    )
    changed_by = models.ForeignKey(
        "organisations.Membership", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("délais des orientations")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_contact_days__gte=1)
                & Q(first_contact_days__lte=models.F("decision_days")),
                name="referral_target_contact_before_decision",
            )
        ]

    def __str__(self):
        return f"{self.first_contact_days} / {self.decision_days}"


@dataclass(frozen=True)
class Targets:
    first_contact_days: int = DEFAULT_FIRST_CONTACT_DAYS
    decision_days: int = DEFAULT_DECISION_DAYS

    def due_dates(self, received_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """(first contact due at, decision due at) for a request received at ``received_at``."""
        return (
            received_at + dt.timedelta(days=self.first_contact_days),
            received_at + dt.timedelta(days=self.decision_days),
        )


def targets_of(organisation_id) -> Targets:
    row = ReferralTarget.objects.filter(organisation_id=organisation_id).first()
    if row is None:
        return Targets()
    return Targets(row.first_contact_days, row.decision_days)


class Step(models.TextChoices):
    REMINDER = "REMINDER", _("Relance de la coordination")
    LAPSE = "LAPSE", _("Clôture sans réponse dans le délai")


class Audience(models.TextChoices):
    COORDINATION = "COORDINATION", _("Coordination")
    REFERRER = "REFERRER", _("Prescripteur")
    PERSON = "PERSON", _("Personne orientée")


class NoticeChannel(models.TextChoices):
    EMAIL = "EMAIL", _("E-mail")
    SMS = "SMS", _("SMS")


class DeadlineStep(BaseModel):
    """A step of a referral's time limit, recorded once (``manage.py remind_referrals``) and
    performed by the worker: ``performed_at`` when done, ``moot`` when the referral had been
    answered meanwhile (nothing is then sent)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="deadline_steps"
    )
    step = models.CharField(_("étape"), max_length=12, choices=Step)
    due_at = models.DateTimeField(_("échéance"))
    # When its task was last queued: a step still undone long after is queued again.
    queued_at = models.DateTimeField(_("confiée au worker le"))
    performed_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    moot = models.BooleanField(_("sans objet"), default=False)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("étape du délai d'une orientation")
        constraints = [
            models.UniqueConstraint(fields=["referral", "step"], name="referral_step_once")
        ]

    def __str__(self):
        return self.get_step_display()


class DeadlineNoticeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, dropped=False)


class DeadlineNotice(BaseModel):
    """One message of a step, to one recipient: each coordinator (``membership``) has their own,
    so that a message sent to one is never sent again to them; the referrer and the person have
    one each. No address, no name: both are read when the message leaves."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    step = models.ForeignKey(DeadlineStep, on_delete=models.CASCADE, related_name="notices")
    audience = models.CharField(_("destinataire"), max_length=12, choices=Audience)
    membership = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("La personne de la coordination à qui il est adressé."),
    )
    channel = models.CharField(_("moyen"), max_length=8, choices=NoticeChannel)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("échecs"), default=0)
    dropped = models.BooleanField(_("abandonné"), default=False)

    objects = DeadlineNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message d'une étape du délai")
        constraints = [
            models.UniqueConstraint(
                fields=["step", "audience"],
                condition=Q(membership__isnull=True),
                name="deadline_notice_once",
            ),
            models.UniqueConstraint(
                fields=["step", "membership"],
                condition=Q(membership__isnull=False),
                name="deadline_notice_once_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.get_audience_display()} ({self.get_channel_display()})"
