"""Funding pooled by the network (« mutualiser ») : the calls for projects and funding
opportunities the network's staff publish, each member's interest, application and result, and
the reminders sent before a deadline.

A call's funder is a ``partners.Partner`` of the network organisation marked ``is_funder``: its
earlier names (``PartnerName``) keep the name the funder bore the year of each call.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.network.models.members import Domain, LegalType, Member, Region, TenantQuerySet

__all__ = [
    "ApplicationStage",
    "CallStatus",
    "FundingApplication",
    "FundingCall",
    "FundingReminder",
]


class CallStatus(models.TextChoices):
    OPEN = "OPEN", _("Ouvert")
    CLOSED = "CLOSED", _("Clos")


class ApplicationStage(models.TextChoices):
    INTEREST = "INTEREST", _("Intéressé")
    APPLIED = "APPLIED", _("Candidature déposée")
    OBTAINED = "OBTAINED", _("Obtenu")
    REFUSED = "REFUSED", _("Refusé")
    WITHDRAWN = "WITHDRAWN", _("Retiré")


RESULTS = (ApplicationStage.OBTAINED, ApplicationStage.REFUSED, ApplicationStage.WITHDRAWN)


class FundingCallQuerySet(TenantQuerySet):
    def open(self):
        return self.filter(status=CallStatus.OPEN)


class FundingCall(BaseModel):
    """A call for projects or a funding opportunity the network passes on to its members."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="funding_calls"
    )
    funder = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("financeur"),
        on_delete=models.RESTRICT,
        related_name="funding_calls",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    amount_min = models.DecimalField(
        _("montant minimum (€)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("montant maximum (€)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    amount_total = models.DecimalField(
        _("enveloppe totale (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(_("ouverture"))
    deadline = models.DateField(_("date limite de dépôt"))
    eligibility = models.TextField(_("conditions d'éligibilité"), blank=True)
    legal_types = models.JSONField(_("types de structure visés"), default=list, blank=True)
    domains = models.JSONField(_("domaines visés"), default=list, blank=True)
    regions = models.JSONField(_("régions visées"), default=list, blank=True)
    url = models.URLField(_("lien vers l'appel"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=CallStatus, default=CallStatus.OPEN)

    objects = FundingCallQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("appel à projets")

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == CallStatus.OPEN

    def funder_name(self) -> str:
        """The funder's name the year of the call (« Fondation Abbé Pierre » in 2024)."""
        return self.funder.name_on(self.deadline)

    def fits(self, member: Member) -> bool:
        """An empty list targets everyone."""
        return (
            (not self.legal_types or member.legal_type in self.legal_types)
            and (not self.regions or member.region in self.regions)
            and (not self.domains or bool(set(self.domains) & set(member.domains)))
        )

    def _labels(self, codes, choices):
        return [str(choices(code).label) for code in codes if code in choices.values]

    def legal_type_labels(self):
        return self._labels(self.legal_types, LegalType)

    def domain_labels(self):
        return self._labels(self.domains, Domain)

    def region_labels(self):
        return self._labels(self.regions, Region)


class FundingApplicationQuerySet(TenantQuerySet):
    pass


class FundingApplication(BaseModel):
    """One member's way through one call: interest, application, then its result."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="applications")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="funding_applications"
    )
    stage = models.CharField(
        _("étape"), max_length=10, choices=ApplicationStage, default=ApplicationStage.INTEREST
    )
    interested_on = models.DateField(_("intérêt signalé le"))
    applied_on = models.DateField(_("candidature déposée le"), null=True, blank=True)
    result_on = models.DateField(_("résultat connu le"), null=True, blank=True)
    amount_obtained = models.DecimalField(
        _("montant obtenu (€)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FundingApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["call__deadline", "member__name"]
        verbose_name = _("candidature à un appel")
        constraints = [
            models.UniqueConstraint(fields=["call", "member"], name="funding_application_once")
        ]

    def __str__(self):
        return f"{self.member} — {self.call}"

    @property
    def has_result(self):
        return self.stage in RESULTS


class FundingReminderQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, dropped=False)


class FundingReminder(BaseModel):
    """The reminder of a deadline to a member that showed interest but has not applied: one row
    per application and step (14 or 3 days before), so that each goes once."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("jours avant la date limite"))
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    dropped = models.BooleanField(default=False)
    failures = models.PositiveSmallIntegerField(default=0)

    objects = FundingReminderQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "days_before"], name="funding_reminder_once"
            )
        ]
