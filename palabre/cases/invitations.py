"""Invitations to book (docs/adr/0026): instead of summoning a party to a date the service chose,
the invitation letter to the other party and the confirmation sent to the requester carry a link
with which the person, without an account, chooses a slot at one of the service's permanences,
asks to be called back at the hours that suit them, or says they do not wish to take part.

An ``Invitation`` is that link's row: whom it invites (a party of a case), how it reached them
(letter, e-mail, SMS), until when it serves, and what the person answered. The address carries a
short signed token (``core.signed_links.short_token_for``) of the row's ``code``, short enough to
type from a letter. The verbs are in ``invitation_actions``; the pages without an account, which
show the service's permanences, in ``permanences``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.organisations.models import Membership


class Delivery(models.TextChoices):
    """How the link reached the person."""

    LETTER = "LETTER", _("Courrier d'invitation")
    EMAIL = "EMAIL", _("E-mail")
    SMS = "SMS", _("SMS")


class Answer(models.TextChoices):
    BOOKED = "BOOKED", _("A choisi un créneau de permanence")
    CALLBACK = "CALLBACK", _("Demande à être rappelé·e")
    DECLINED = "DECLINED", _("Ne souhaite pas participer")


class CallbackDay(models.TextChoices):
    MONDAY = "0", _("lundi")
    TUESDAY = "1", _("mardi")
    WEDNESDAY = "2", _("mercredi")
    THURSDAY = "3", _("jeudi")
    FRIDAY = "4", _("vendredi")
    SATURDAY = "5", _("samedi")


class CallbackBand(models.TextChoices):
    MORNING = "MORNING", _("le matin (9 h – 12 h)")
    MIDDAY = "MIDDAY", _("entre midi et deux (12 h – 14 h)")
    AFTERNOON = "AFTERNOON", _("l'après-midi (14 h – 18 h)")
    EVENING = "EVENING", _("en fin de journée (18 h – 20 h)")


class InvitationQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def unanswered(self):
        return self.filter(answered_at__isnull=True, revoked_at__isnull=True)

    def usable(self, now=None):
        return self.unanswered().filter(expires_at__gt=now or timezone.now())

    def callbacks_to_make(self):
        """Asked to be called back, not yet called, on a case still open."""
        return self.filter(
            answer=Answer.CALLBACK, callback_done_at__isnull=True, case__closed_on__isnull=True
        )

    def unsent(self):
        """Messages (e-mail, SMS) still to send: not sent, not given up, still worth sending."""
        return self.usable().filter(
            delivery__in=[Delivery.EMAIL, Delivery.SMS], sent_at__isnull=True, dropped=False
        )


class Invitation(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="invitations")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=8, unique=True, editable=False)
    delivery = models.CharField(_("envoyée par"), max_length=10, choices=Delivery)
    issued_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    revoked_at = models.DateTimeField(_("lien retiré le"), null=True, blank=True)
    # The outbox of an invitation sent by e-mail or SMS (docs/adr/0026): sent once, by the worker.
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    dropped = models.BooleanField(default=False, editable=False)
    # What the person chose through the link.
    answer = models.CharField(_("réponse"), max_length=10, choices=Answer, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    callback_days = models.CharField(_("jours de rappel"), max_length=20, blank=True)
    callback_bands = models.CharField(_("heures de rappel"), max_length=60, blank=True)
    callback_phone = models.CharField(_("numéro à rappeler"), max_length=30, blank=True)
    callback_done_at = models.DateTimeField(_("rappel fait le"), null=True, blank=True)
    callback_done_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation à prendre rendez-vous")
        indexes = [models.Index(fields=["organisation", "answer", "callback_done_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="invitation_answered_at_iff_answer",
            ),
            models.CheckConstraint(
                condition=Q(answer="CALLBACK") | Q(callback_phone="", callback_days=""),
                name="invitation_callback_only_when_asked",
            ),
        ]

    def __str__(self):
        return str(_("Invitation à prendre rendez-vous"))

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    def days_of_callback(self) -> list[str]:
        return [str(CallbackDay(day).label) for day in self.callback_days.split(",") if day]

    def bands_of_callback(self) -> list[str]:
        return [str(CallbackBand(band).label) for band in self.callback_bands.split(",") if band]
