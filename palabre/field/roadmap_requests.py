"""Rounds a partner asks for (*demandes de passage*): a landlord asks the field teams to pass
through one of its residences — its halls, an entrance — over a few days. The coordination puts
the request on the *feuille de route* of one or more shifts (a ``RoadmapItem`` naming it) or
declines it with a reason written for the partner.

The partner sees only where its request stands: waiting, accepted, « prise en compte le … » once
a shift that carried it is over, or declined with the reason. Never the shift's team, hours or
interventions, its report, nor anything else of the service.

A request says where, what and when, never who: a short text that the form and the verb refuse
when it carries an e-mail address, a telephone number, a civility followed by a name, or words
of a police or court record (domain rules R1 and R5).

This model is imported at the end of ``field/models.py``; it names the field models by string so
that the two modules do not import each other.
"""

import re

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class RequestStatus(models.TextChoices):
    PENDING = "PENDING", _("En attente de réponse")
    ACCEPTED = "ACCEPTED", _("Acceptée")
    DECLINED = "DECLINED", _("Déclinée")


class RoadmapRequestQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def from_partner(self, partner):
        return self.filter(partner=partner)

    def pending(self):
        return self.filter(status=RequestStatus.PENDING)


class RoadmapRequest(BaseModel):
    """A partner's request for rounds through one of its residences, over a period."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partenaire"),
        on_delete=models.PROTECT,
        related_name="roadmap_requests",
    )
    residence = models.ForeignKey(
        "partners.Residence",
        verbose_name=_("résidence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_label = models.CharField(_("précision du lieu"), max_length=80, blank=True)
    text = models.CharField(_("ce qui est demandé"), max_length=200)
    first_day = models.DateField(_("du"))
    last_day = models.DateField(_("au"))
    status = models.CharField(
        _("état"), max_length=10, choices=RequestStatus, default=RequestStatus.PENDING
    )
    asked_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)

    objects = RoadmapRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande de passage")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="roadmap_request_period_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=RequestStatus.PENDING, decided_at__isnull=True)
                    | Q(status=RequestStatus.ACCEPTED, decided_at__isnull=False)
                    | (
                        Q(status=RequestStatus.DECLINED, decided_at__isnull=False)
                        & ~Q(decline_reason="")
                    )
                ),
                name="roadmap_request_decision_follows_status",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["partner", "status"]),
        ]

    def __str__(self):
        return f"{self.residence} — {self.text}"

    @property
    def place(self) -> str:
        """« Les Glycines, hall B »."""
        return ", ".join(part for part in (str(self.residence), self.place_label) if part)

    @property
    def roadmap_text(self) -> str:
        """The priority as the team reads it on the feuille de route."""
        return f"{self.text} ({self.place_label})" if self.place_label else self.text

    def carried_on(self, now=None) -> list:
        """The evenings (dates) of the shifts not cancelled and already over that carried this
        request: what « prise en compte le … » says to the partner, nothing more of them."""
        now = now or timezone.now()
        return sorted(
            {
                item.shift.date
                for item in self.items.all()
                if not item.shift.is_cancelled and item.shift.ends_at <= now
            }
        )


# What a request's free text may not hold (R1, R5): the form and the verb refuse it. An address
# is looked for from the start of a word only: tried at every character, a long text without
# « @ » took seconds (the form checks the text before its length is refused).
EMAIL = re.compile(r"(?<!\S)\S+@\S+\.\w+")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")
CIVILITY_AND_NAME = re.compile(
    r"\b(?:M\.|Mr|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+[A-ZÀ-Ý][\w'-]+", re.UNICODE
)
