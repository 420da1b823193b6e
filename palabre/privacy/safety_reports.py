"""The *signalement exceptionnel* (rule R11): the one way a mediation's confidentiality is set
aside, when a person is in danger.

Mediation is confidential (loi n° 95-125, art. 21-3); its exception (a) covers overriding
public-order reasons, the protection of a child's best interest and of a person's physical or
psychological integrity. A mediator proposes a report from a case: a coded reason, a coded
recipient, and the least content that lets the recipient act. A coordinator who is **not the
proposer** validates or refuses it, then its transmission is recorded (when, how, by whom).

When a life is at stake nobody waits for a validation: the mediator calls the emergency services
and records the report as *transmis en urgence*; the coordination then reviews it, again someone
else than the proposer. Two people therefore always look at a report: before its transmission,
or right after it (docs/adr/0019-signalement-exceptionnel-et-documents-dpo.md).

The content is read by its proposer and the coordination only: never by reception, the board, a
partner, the network, an export, an e-mail or the Journal, whose lines name the reason and the
recipient, never the content.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from palabre.core.crypto_fields import EncryptedTextField
from palabre.core.models import BaseModel

CONTENT_MAX_LENGTH = 1500

__all__ = [
    "SafetyDecision",
    "SafetyReason",
    "SafetyRecipient",
    "SafetyReport",
    "SafetyStatus",
    "TransmissionChannel",
]


class SafetyReason(models.TextChoices):
    """The grounds of art. 21-3 (a) of loi n° 95-125."""

    PERSON_INTEGRITY = (
        "PERSON_INTEGRITY",
        _("Danger pour l'intégrité physique ou psychologique d'une personne"),
    )
    CHILD_INTEREST = "CHILD_INTEREST", _("Protection de l'intérêt supérieur d'un enfant")
    PUBLIC_ORDER = "PUBLIC_ORDER", _("Raison impérieuse d'ordre public")


class SafetyRecipient(models.TextChoices):
    POLICE = "POLICE", _("Police ou gendarmerie (17)")
    CRIP = "CRIP", _("Cellule de recueil des informations préoccupantes (CRIP) du département")
    EMERGENCY = "EMERGENCY", _("SAMU ou secours d'urgence (15, 112)")
    PROSECUTOR = "PROSECUTOR", _("Procureur de la République")


class SafetyStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("À valider")
    VALIDATED = "VALIDATED", _("Validé, à transmettre")
    TRANSMITTED = "TRANSMITTED", _("Transmis")
    REFUSED = "REFUSED", _("Refusé")


class SafetyDecision(models.TextChoices):
    """What the coordinator who is not the proposer said: before the transmission (validated,
    refused) or, for an urgent report, after it (confirmed, questioned)."""

    VALIDATED = "VALIDATED", _("Validé avant transmission")
    REFUSED = "REFUSED", _("Refusé")
    CONFIRMED = "CONFIRMED", _("Urgence confirmée après coup")
    QUESTIONED = "QUESTIONED", _("Urgence discutée après coup")


class TransmissionChannel(models.TextChoices):
    PHONE = "PHONE", _("Téléphone")
    EMAIL = "EMAIL", _("E-mail ou formulaire sécurisé du destinataire")
    LETTER = "LETTER", _("Courrier")
    IN_PERSON = "IN_PERSON", _("En personne")


class SafetyReportQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def proposed_by(self, user):
        return self.filter(proposed_by=user)

    def awaiting_decision(self):
        """What the coordination has to look at: a proposal to decide, a validated report not
        yet transmitted, an urgent transmission not yet reviewed."""
        return self.filter(
            Q(status=SafetyStatus.PROPOSED)
            | Q(status=SafetyStatus.VALIDATED)
            | Q(urgent=True, decision="")
        )


class SafetyReport(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # Kept as long as its case: the Journal keeps the trace (who, when, reason, recipient) after a
    # purge of the case, never the content.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="safety_reports")
    reason = models.CharField(_("motif"), max_length=30, choices=SafetyReason)
    recipient = models.CharField(_("destinataire"), max_length=20, choices=SafetyRecipient)
    recipient_detail = models.CharField(
        _("service destinataire (précision)"), max_length=200, blank=True
    )
    # Sealed at rest like the private notes (docs/adr/0014).
    content = EncryptedTextField(_("contenu transmis"), max_length=CONTENT_MAX_LENGTH)
    urgent = models.BooleanField(_("transmis en urgence, avant validation"), default=False)
    status = models.CharField(
        _("état"), max_length=20, choices=SafetyStatus, default=SafetyStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposé le"))
    decision = models.CharField(_("avis"), max_length=20, choices=SafetyDecision, blank=True)
    decision_comment = models.CharField(_("motif de l'avis"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("avis donné le"), null=True, blank=True)
    transmitted_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    transmitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(
        _("moyen de transmission"), max_length=20, choices=TransmissionChannel, blank=True
    )

    objects = SafetyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("signalement exceptionnel")
        verbose_name_plural = _("signalements exceptionnels")
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            # Two people: whoever gives the opinion is never the proposer.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(proposed_by__isnull=True)
                | ~Q(decided_by=F("proposed_by")),
                name="safety_report_decided_by_another",
            ),
            models.CheckConstraint(
                condition=~Q(status="TRANSMITTED")
                | (Q(transmitted_at__isnull=False) & ~Q(channel="")),
                name="safety_report_transmitted_has_when_and_how",
            ),
            models.CheckConstraint(
                condition=Q(urgent=False) | Q(status="TRANSMITTED"),
                name="safety_report_urgent_is_transmitted",
            ),
        ]

    def __str__(self):
        return str(_("Signalement exceptionnel"))

    @property
    def awaits_review(self) -> bool:
        return self.urgent and not self.decision

    @property
    def to_do(self) -> str:
        """What is left to do, in a few words, for the lists: nothing once it is settled."""
        if self.status == SafetyStatus.PROPOSED:
            return str(_("à valider par la coordination"))
        if self.status == SafetyStatus.VALIDATED:
            return str(_("transmission à enregistrer"))
        if self.awaits_review:
            return str(_("urgence à revoir par la coordination"))
        return ""
