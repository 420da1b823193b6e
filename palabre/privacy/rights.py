"""The rights of the people whose data a service holds (RGPD art. 15 to 21): each request as it
was received, checked, answered, and the deadline the law gives for it.

The person is found among the parties of the service's cases (``rights_access.people_matching``)
and the request points to those party records: no name is copied here, nor in the Journal.
Verbs live in ``rights_actions``; the export of a person's data in ``subject_access``.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

__all__ = [
    "IdentityCheck",
    "ReceivedThrough",
    "RightsKind",
    "RightsRequest",
    "RightsStatus",
    "add_months",
]

# Art. 12(3): one month from receipt, extensible by two further months when needed.
ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day (31 January
    + 1 month → 28 or 29 February), as periods in months are counted in EU law (regulation
    1182/71, art. 3(2)(c))."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def of_kind(label: str) -> str:
    """« d'accès », « de rectification »: French elides « de » before a vowel."""
    label = str(label).lower()
    return f"d'{label}" if label[:1] in "aeiouyéèêàâîôû" else f"de {label}"


def first_deadline(received_on: dt.date) -> dt.date:
    return add_months(received_on, ANSWER_MONTHS)


def extended_deadline(received_on: dt.date) -> dt.date:
    """Two further months after the first deadline (not three months after receipt: from
    31 January, 28 April rather than 30 April, the earlier of the two readings)."""
    return add_months(first_deadline(received_on), EXTENSION_MONTHS)


class RightsKind(models.TextChoices):
    ACCESS = "ACCESS", _("Accès")
    RECTIFICATION = "RECTIFICATION", _("Rectification")
    OBJECTION = "OBJECTION", _("Opposition")
    ERASURE = "ERASURE", _("Effacement")
    RESTRICTION = "RESTRICTION", _("Limitation")


class ReceivedThrough(models.TextChoices):
    LETTER = "LETTER", _("Courrier")
    EMAIL = "EMAIL", _("E-mail")
    IN_PERSON = "IN_PERSON", _("Sur place")


class IdentityCheck(models.TextChoices):
    """How the service made sure the person asking is the person concerned (art. 12(6)); never
    a copy of an identity document."""

    ID_SHOWN = "ID_SHOWN", _("Pièce d'identité présentée sur place (sans copie)")
    KNOWN_EMAIL = "KNOWN_EMAIL", _("Demande venue de l'adresse e-mail déjà connue")
    KNOWN_ADDRESS = "KNOWN_ADDRESS", _("Réponse envoyée à l'adresse postale déjà connue")
    KNOWN_PHONE = "KNOWN_PHONE", _("Rappel au numéro de téléphone déjà connu")
    KNOWN_TO_TEAM = "KNOWN_TO_TEAM", _("Personne reçue et reconnue par l'équipe")


class RightsStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("Reçue")
    IN_PROGRESS = "IN_PROGRESS", _("En cours")
    DONE = "DONE", _("Traitée")
    REFUSED = "REFUSED", _("Refusée")


OPEN_STATUSES = [RightsStatus.RECEIVED, RightsStatus.IN_PROGRESS]
ANSWERED_STATUSES = [RightsStatus.DONE, RightsStatus.REFUSED]


class RightsRequestQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, day: dt.date):
        return self.open().filter(deadline__lt=day)

    def by_urgency(self):
        """Open requests first, the nearest deadline first (so the overdue ones lead)."""
        return self.annotate(
            answered=models.Case(
                models.When(status__in=ANSWERED_STATUSES, then=models.Value(1)),
                default=models.Value(0),
            )
        ).order_by("answered", "deadline", "received_on", "created_at")


class RightsRequest(BaseModel):
    """A person's request to exercise a right over their data, recorded with its deadline."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="rights_requests"
    )
    kind = models.CharField(_("droit exercé"), max_length=20, choices=RightsKind)
    # The person's records in the service's cases. A party erased later leaves the request in
    # place (the proof that it was answered), pointing to fewer records.
    parties = models.ManyToManyField(
        "cases.Party", related_name="rights_requests", verbose_name=_("la personne")
    )
    received_on = models.DateField(_("reçue le"))
    received_through = models.CharField(_("reçue par"), max_length=20, choices=ReceivedThrough)
    details = models.CharField(
        _("ce que la personne demande"),
        max_length=300,
        blank=True,
        help_text=_(
            "En quelques mots, sans la donnée elle-même : par exemple « corriger le numéro de "
            "téléphone ». Jamais de propos sur le conflit."
        ),
    )
    identity_checked = models.BooleanField(_("identité vérifiée"), default=False)
    identity_method = models.CharField(
        _("vérifiée comment"), max_length=20, choices=IdentityCheck, blank=True
    )
    deadline = models.DateField(_("à répondre au plus tard le"))
    extended_on = models.DateField(_("délai prolongé le"), null=True, blank=True)
    extension_reason = models.CharField(_("motif de la prolongation"), max_length=300, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=RightsStatus, default=RightsStatus.RECEIVED
    )
    refusal_reason = models.CharField(_("motif du refus"), max_length=500, blank=True)
    answered_on = models.DateField(_("réponse le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "received_on", "created_at"]
        verbose_name = _("demande d'exercice d'un droit")
        verbose_name_plural = _("demandes d'exercice des droits")
        indexes = [models.Index(fields=["organisation", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_checked=True, identity_method__gt="")
                | Q(identity_checked=False, identity_method=""),
                name="rights_identity_checked_iff_method",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ANSWERED_STATUSES, answered_on__isnull=False)
                | (~Q(status__in=ANSWERED_STATUSES) & Q(answered_on__isnull=True)),
                name="rights_answered_on_iff_answered",
            ),
            models.CheckConstraint(
                condition=~Q(status=RightsStatus.REFUSED) | Q(refusal_reason__gt=""),
                name="rights_refusal_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True, extension_reason="")
                | Q(extended_on__isnull=False, extension_reason__gt=""),
                name="rights_extension_has_a_reason",
            ),
        ]

    def __str__(self):
        kind, day = of_kind(self.get_kind_display()), self.received_on.strftime("%d/%m/%Y")
        return str(_("Demande %(of_kind)s du %(day)s") % {"of_kind": kind, "day": day})

    @property
    def title(self) -> str:
        return str(_("Demande %(of_kind)s") % {"of_kind": of_kind(self.get_kind_display())})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_extended(self) -> bool:
        return self.extended_on is not None

    @property
    def first_deadline(self) -> dt.date:
        return first_deadline(self.received_on)

    def is_overdue(self, day: dt.date) -> bool:
        return self.is_open and self.deadline < day
