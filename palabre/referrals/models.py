"""Referrals: a person sent to the service by a partner, or asking by themselves online.

Every referral lands in one intake queue and is answered: accepted (a case opens, linked to
it), declined with a coded reason the partner sees, or re-oriented to another partner. A
referral holds only what R5 of the domain allows: who the person is and how to reach them, that
they agreed to be contacted, where they live, the kind of conflict, who referred them. Never a
copy of a police or landlord record.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.cases.models import Case
from palabre.core.models import BaseModel, Commune
from palabre.core.text import normalise
from palabre.organisations.models import Membership
from palabre.partners.models import Partner


class Origin(models.TextChoices):
    PARTNER_ACCOUNT = "PARTNER_ACCOUNT", _("Espace partenaire")
    PARTNER_LINK = "PARTNER_LINK", _("Lien d'orientation")
    PUBLIC_FORM = "PUBLIC_FORM", _("Demande en ligne d'un habitant")


class Decision(models.TextChoices):
    PENDING = "PENDING", _("À traiter")
    ACCEPTED = "ACCEPTED", _("Acceptée")
    DECLINED = "DECLINED", _("Non retenue")
    REORIENTED = "REORIENTED", _("Réorientée")
    # Set by the worker, never by a person: no decision came by the limit (docs/adr/0020).
    LAPSED = "LAPSED", _("Close sans réponse dans le délai")


ANSWERS = (Decision.ACCEPTED, Decision.DECLINED, Decision.REORIENTED)
# How a first contact attempt reaches a referred person (a subset of the case's code list).
FIRST_CONTACT_CHANNELS = (
    codes.ContactAttemptChannel.PHONE,
    codes.ContactAttemptChannel.SMS,
    codes.ContactAttemptChannel.EMAIL,
    codes.ContactAttemptChannel.LETTER,
    codes.ContactAttemptChannel.DOOR_TO_DOOR,
    codes.ContactAttemptChannel.VIA_REFERRER,
)


class DeclineReason(models.TextChoices):
    """Why a referral is not taken up; the referrer sees the label (no detail about the person)."""

    OUT_OF_SCOPE = "OUT_OF_SCOPE", _("La situation ne relève pas de la médiation de voisinage")
    OUT_OF_TERRITORY = "OUT_OF_TERRITORY", _("Hors du territoire couvert par le service")
    DUPLICATE = "DUPLICATE", _("Déjà suivie par le service (doublon)")
    LEGAL_PROCEEDINGS = "LEGAL_PROCEEDINGS", _("Une procédure judiciaire est en cours")
    SAFETY = "SAFETY", _("Situation de violence : la médiation n'est pas adaptée")
    PERSON_DECLINED = "PERSON_DECLINED", _("La personne ne souhaite pas de médiation")
    UNREACHABLE = "UNREACHABLE", _("La personne n'a pas pu être jointe")
    INCOMPLETE = "INCOMPLETE", _("Orientation incomplète : coordonnées manquantes")


class ReferralQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def pending(self):
        return self.filter(decision=Decision.PENDING)

    def sent_by_partner(self, partner):
        return self.filter(partner=partner)

    def received_between(self, start, end):
        return self.filter(received_at__date__gte=start, received_at__date__lte=end)

    def unanswered(self):
        """Pending, and no contact attempted yet: what the first deadline watches."""
        return self.pending().filter(first_contact_at__isnull=True)

    def reminder_due(self, now):
        """Unanswered at their first deadline, their second one still to come."""
        return self.unanswered().filter(contact_due_at__lte=now, decision_due_at__gt=now)

    def lapse_due(self, now):
        return self.pending().filter(decision_due_at__lte=now)

    def same_person(self, *, organisation, last_name, phone, email):
        """Pending referrals of the same person (name and one contact), to refuse a duplicate."""
        folded = normalise(last_name)
        contact = Q()
        if phone:
            contact |= Q(requester_phone=phone)
        if email:
            contact |= Q(requester_email__iexact=email)
        if not contact:
            return self.none()
        return self.of(organisation).pending().filter(contact, search_text__contains=folded)


class Referral(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="referrals"
    )
    origin = models.CharField(_("arrivée par"), max_length=20, choices=Origin)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partenaire prescripteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    sent_by = models.ForeignKey(
        Membership,
        verbose_name=_("envoyée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.OneToOneField(
        "ReferralLink",
        verbose_name=_("lien utilisé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
    )
    referrer_name = models.CharField(
        _("nom du prescripteur"),
        max_length=150,
        blank=True,
        help_text=_("La personne ou le guichet qui oriente, pour vous recontacter."),
    )
    referrer_email = models.EmailField(
        _("e-mail du prescripteur"),
        blank=True,
        help_text=_("Pour être prévenu·e quand l'orientation avance (un lien, jamais de contenu)."),
    )
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    requester_first_name = models.CharField(_("prénom"), max_length=100)
    requester_last_name = models.CharField(_("nom"), max_length=100)
    requester_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    requester_email = models.EmailField(_("e-mail"), blank=True)
    requester_address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    conflict_category = models.CharField(
        _("type de conflit"), max_length=30, choices=codes.ConflictCategory
    )
    availability = models.CharField(
        _("quand joindre la personne"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « en semaine après 18 h ». Rien sur le conflit lui-même."),
    )
    agreed_to_be_contacted = models.BooleanField(
        _("la personne accepte d'être contactée par le service de médiation")
    )
    agreed_to_share_status = models.BooleanField(
        _("la personne accepte que le prescripteur soit informé de l'avancement"),
        default=False,
    )
    decision = models.CharField(
        _("suite donnée"), max_length=20, choices=Decision, default=Decision.PENDING
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    # The time limits (docs/adr/0020): due dates set on arrival from the service's targets, and
    # the first attempt to reach the person, recorded from the referral's page.
    contact_due_at = models.DateTimeField(_("premier contact à tenter avant le"), null=True)
    decision_due_at = models.DateTimeField(_("décision à prendre avant le"), null=True)
    first_contact_at = models.DateTimeField(_("premier contact tenté le"), null=True, blank=True)
    first_contact_channel = models.CharField(
        _("premier contact tenté par"),
        max_length=30,
        choices=codes.ContactAttemptChannel,
        blank=True,
    )
    first_contact_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(_("motif"), max_length=30, choices=DeclineReason, blank=True)
    reoriented_to = models.ForeignKey(
        Partner,
        verbose_name=_("réorientée vers"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.OneToOneField(
        Case,
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
    )
    search_text = models.CharField(max_length=300, default="", blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("orientation")
        indexes = [
            models.Index(fields=["organisation", "decision", "-received_at"]),
            models.Index(fields=["decision", "decision_due_at"], name="referral_decision_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_to_be_contacted=True), name="referral_person_agreed"
            ),
            models.CheckConstraint(
                condition=~Q(decision="DECLINED") | ~Q(decline_reason=""),
                name="referral_declined_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(first_contact_at__isnull=True) | ~Q(first_contact_channel=""),
                name="referral_first_contact_with_channel",
            ),
        ]

    def __str__(self):
        return f"{self.requester_first_name} {self.requester_last_name}"

    def save(self, *args, **kwargs):
        self.search_text = normalise(f"{self.requester_first_name} {self.requester_last_name}")
        super().save(*args, **kwargs)

    @property
    def requester_name(self):
        return f"{self.requester_first_name} {self.requester_last_name}"


class ReferralLinkQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class ReferralLink(BaseModel):
    """A signed, expiring, single-use link that lets a partner without an account send one
    referral. The URL carries a signature of this row's id; the row says whether it may still
    be used."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="referral_links")
    recipient_email = models.EmailField(_("envoyé à"), blank=True)
    issued_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ReferralLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lien d'orientation")

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


from palabre.referrals.deadlines import (  # noqa: E402, F401
    DeadlineNotice,
    DeadlineStep,
    ReferralTarget,
)
from palabre.referrals.earlier import ReferralEarlierAnswer  # noqa: E402, F401 (adr/0027)
