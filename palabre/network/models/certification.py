"""Certification accompaniment: for each member and scheme, where the member stands (stage and
dates), the findings of its audits, its action plan, and the evidence checked by hand.

The rules (transitions, due dates, the evidence checklist) live in
``palabre.network.certification``; the verbs in ``palabre.network.actions_certification``.
Nothing here holds case data: findings and actions speak of the organisation's practice, never
of a situation or a person helped.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.network.models.members import TenantQuerySet

__all__ = [
    "ActionItem",
    "ActionStatus",
    "AuditKind",
    "CertificationRecord",
    "EvidenceCheck",
    "Finding",
    "FindingKind",
    "Scheme",
    "Stage",
]


class Scheme(models.TextChoices):
    AFNOR_SOCIAL_MEDIATION = (
        "AFNOR_SOCIAL_MEDIATION",
        _("Certification AFNOR de la médiation sociale"),
    )
    NETWORK_LABEL = "NETWORK_LABEL", _("Label du réseau")


class Stage(models.TextChoices):
    NOT_ENGAGED = "NOT_ENGAGED", _("Non engagée")
    PREPARING = "PREPARING", _("En préparation")
    MOCK_AUDIT_DONE = "MOCK_AUDIT_DONE", _("Audit à blanc réalisé")
    CERTIFIED = "CERTIFIED", _("Certifiée")


class AuditKind(models.TextChoices):
    MOCK = "MOCK", _("Audit à blanc")
    CERTIFICATION = "CERTIFICATION", _("Audit de certification")
    SURVEILLANCE = "SURVEILLANCE", _("Audit de suivi")
    RENEWAL = "RENEWAL", _("Audit de renouvellement")


class FindingKind(models.TextChoices):
    NONCONFORMITY_MAJOR = "NONCONFORMITY_MAJOR", _("Non-conformité majeure")
    NONCONFORMITY_MINOR = "NONCONFORMITY_MINOR", _("Non-conformité mineure")
    OBSERVATION = "OBSERVATION", _("Observation")
    STRENGTH = "STRENGTH", _("Point fort")


class ActionStatus(models.TextChoices):
    TODO = "TODO", _("À faire")
    IN_PROGRESS = "IN_PROGRESS", _("En cours")
    DONE = "DONE", _("Réalisée")


class CertificationRecord(BaseModel):
    """One member's path towards one scheme. ``certified_on`` opens a four-year cycle (a
    surveillance audit at two years, the renewal at four); a renewal moves it forward."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="certifications"
    )
    scheme = models.CharField(_("référentiel"), max_length=30, choices=Scheme)
    stage = models.CharField(_("étape"), max_length=20, choices=Stage, default=Stage.PREPARING)
    engaged_on = models.DateField(_("démarche engagée le"), null=True, blank=True)
    mock_audit_on = models.DateField(_("audit à blanc le"), null=True, blank=True)
    certified_on = models.DateField(_("certifiée le"), null=True, blank=True)
    surveillance_audit_on = models.DateField(_("audit de suivi le"), null=True, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Sur la démarche de la structure ; jamais rien d'une situation suivie."),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["member__name", "scheme"]
        verbose_name = _("démarche de certification")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "scheme"], name="certification_once_per_scheme"
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="CERTIFIED") | models.Q(certified_on__isnull=False),
                name="certification_certified_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_scheme_display()}"


class Finding(BaseModel):
    """What an audit found, against a requirement of the scheme."""

    record = models.ForeignKey(
        CertificationRecord, on_delete=models.CASCADE, related_name="findings"
    )
    audit = models.CharField(_("audit"), max_length=20, choices=AuditKind)
    found_on = models.DateField(_("date de l'audit"))
    requirement = models.CharField(
        _("exigence"),
        max_length=120,
        blank=True,
        help_text=_("La partie du référentiel concernée, telle que l'audit la cite."),
    )
    kind = models.CharField(_("nature"), max_length=30, choices=FindingKind)
    text = models.TextField(_("constat"))

    class Meta:
        ordering = ["-found_on", "kind", "created_at"]
        verbose_name = _("constat d'audit")

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} — {self.requirement}" if self.requirement else str(label)


class ActionQuerySet(models.QuerySet):
    def pending(self):
        return self.exclude(status=ActionStatus.DONE)

    def overdue(self, today):
        return self.pending().filter(due_on__lt=today)


class ActionItem(BaseModel):
    """One line of the action plan: what to do, who carries it (a contact of the member, or a
    name or position in words), by when, and when it was done."""

    record = models.ForeignKey(
        CertificationRecord, on_delete=models.CASCADE, related_name="actions"
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("constat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    action = models.CharField(_("action"), max_length=300)
    owner_contact = models.ForeignKey(
        "network.MemberContact",
        verbose_name=_("porteur (contact de la structure)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_name = models.CharField(_("porteur (nom ou fonction)"), max_length=150, blank=True)
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"), max_length=20, choices=ActionStatus, default=ActionStatus.TODO
    )
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("action d'amélioration")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="DONE") & models.Q(done_on__isnull=False))
                | (~models.Q(status="DONE") & models.Q(done_on__isnull=True)),
                name="certification_action_done_on_iff_done",
            )
        ]

    def __str__(self):
        return self.action

    @property
    def owner(self) -> str:
        if self.owner_contact_id:
            contact = self.owner_contact
            return f"{contact} ({contact.position})" if contact.position else str(contact)
        return self.owner_name

    def is_overdue(self, today) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < today


class EvidenceCheck(BaseModel):
    """An item of the evidence checklist that network staff have seen for themselves (a
    document shown, a register kept elsewhere): Palabre cannot count it."""

    record = models.ForeignKey(
        CertificationRecord, on_delete=models.CASCADE, related_name="evidence_checks"
    )
    item = models.CharField(_("élément"), max_length=40)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_on = models.DateField(_("vérifié le"))
    note = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        ordering = ["item"]
        verbose_name = _("élément de preuve vérifié")
        constraints = [
            models.UniqueConstraint(fields=["record", "item"], name="evidence_checked_once")
        ]
