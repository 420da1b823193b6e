"""Retention (rule R8 of the domain): how long each kind of personal data is kept, per
organisation, the legal holds that suspend it for a case, and the record of each run of the job
that applies it (``privacy.purge``).

Each line of the schedule is a number of months after a moment (a closure, a last contact, the
end of an engagement); the coordination may change it, and the page shows beside each line the
legal basis it rests on. What the job does at the end of each line is in ``privacy.anonymise``
and in docs/adr/0016-conservation-et-anonymisation.md.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.organisations.models import OrganisationKind

SERVICE, NETWORK = OrganisationKind.SERVICE, OrganisationKind.NETWORK
MAX_MONTHS = 120


@dataclass(frozen=True)
class Line:
    """One line of the schedule: ``key`` names its count in a run's record; ``field`` is the
    schedule's number of months; ``when`` reads « … {n} mois après … »."""

    key: str
    field: str
    default: int
    label: str
    when: str
    done: str
    basis: str
    kinds: tuple = (SERVICE,)

    def after(self, n: int) -> str:
        """« 6 mois après la clôture du dossier », and « dès la clôture du dossier » for 0."""
        text = str(self.when) % {"n": n}
        # Translators: the word that joins the months to the moment in every « when » above.
        joint = str(_(" après "))
        if n == 0 and joint in text:
            return _("dès %(moment)s") % {"moment": text.split(joint, 1)[1]}
        return text


LINES = (
    Line(
        "notes",
        "notes_months",
        6,
        _("Notes privées"),
        _("%(n)s mois après la clôture du dossier"),
        _("Supprimées. Le reste du dossier est conservé jusqu'à son anonymisation."),
        _(
            "Minimisation et durée limitée (RGPD, art. 5.1 c et e). Les propos des parties sont "
            "confidentiels (loi n° 95-125, art. 21-3) : ils ne servent plus une fois la "
            "médiation close et peuvent être purgés avant le reste du dossier (règle R8)."
        ),
    ),
    Line(
        "other_parties",
        "other_party_months",
        0,
        _("Autre partie qui a refusé ou n'a jamais répondu"),
        _("%(n)s mois après la clôture du dossier"),
        _(
            "Nom, coordonnées et adresse effacés ; le rôle et la commune restent pour les "
            "statistiques."
        ),
        _(
            "Intérêt légitime strictement limité (RGPD, art. 6.1 f) : la personne n'a rien "
            "demandé, elle a été informée au premier contact (art. 14) et peut s'opposer "
            "(art. 21). Si elle refuse ou ne répond pas, ses données sont réduites dès la "
            "clôture."
        ),
    ),
    Line(
        "cases",
        "case_months",
        24,
        _("Dossiers clos"),
        _("%(n)s mois après le dernier contact"),
        _(
            "Anonymisés : identités, coordonnées, adresses, textes libres et notes effacés ; "
            "commune, quartier, dates et champs codés conservés pour les statistiques."
        ),
        _(
            "Référentiel de la CNIL pour l'accompagnement social et médico-social (septembre "
            "2023), appliqué par analogie : 2 ans après le dernier contact en base active "
            "(RGPD, art. 5.1 e). Les statistiques anonymisées ne sont plus des données "
            "personnelles (considérant 26) et sont gardées sans limite."
        ),
    ),
    Line(
        "referrals",
        "referral_months",
        24,
        _("Orientations non suivies d'un dossier"),
        _("%(n)s mois après la réponse du service"),
        _(
            "Identité, coordonnées et adresse de la personne et du prescripteur effacées ; "
            "l'origine, la date, la commune et la réponse restent."
        ),
        _(
            "Même durée que les dossiers (règles R5 et R8) : l'orientation sert à répondre à la "
            "personne et au partenaire, puis aux statistiques des conventions."
        ),
    ),
    Line(
        "appointments",
        "appointment_months",
        12,
        _("Rendez-vous de permanence sans dossier"),
        _("%(n)s mois après la séance"),
        _("Nom et coordonnées effacés ; le passage reste compté."),
        _(
            "Minimisation (RGPD, art. 5.1 c et e) : l'identité d'une personne reçue sans "
            "ouverture de dossier ne sert plus après la séance. Durée proposée, à valider avec "
            "le DPO."
        ),
    ),
    Line(
        "volunteers",
        "volunteer_months",
        24,
        _("Bénévoles et salariés (comptes Palabre)"),
        _("%(n)s mois après la fin de l'engagement"),
        _(
            "Compte fermé, nom et e-mail effacés ; les heures et la présence aux entretiens "
            "restent comptées. Les feuilles d'émargement des formations, pièces comptables, "
            "gardent les noms."
        ),
        _(
            "Contrat de bénévolat ou de travail et intérêt légitime : durée de l'engagement + "
            "2 ans (règle R8, proposition à valider avec le DPO)."
        ),
        (SERVICE, NETWORK),
    ),
    Line(
        "partner_contacts",
        "partner_contact_months",
        24,
        _("Contacts des partenaires"),
        _("%(n)s mois après la fin de la relation (contact désactivé ou partenaire inactif)"),
        _(
            "Nom, fonction et coordonnées effacés ; le partenaire et ses orientations restent. "
            "Les contacts d'une copropriété suivie sont effacés le même délai après la clôture "
            "de son suivi."
        ),
        _(
            "Intérêt légitime (la relation avec le partenaire) ; guide de la CNIL pour les "
            "associations : fin de la relation + 2 ans."
        ),
    ),
    Line(
        "network_contacts",
        "network_contact_months",
        12,
        _("Contacts des structures membres"),
        _("%(n)s mois après la fin de l'adhésion"),
        _(
            "Noms et coordonnées des contacts, inscrits aux événements et responsables "
            "d'actions effacés ; la structure et ses cotisations restent."
        ),
        _(
            "Contrat d'adhésion et intérêt légitime : durée de l'adhésion + archive courte "
            "(guide de la CNIL pour les associations)."
        ),
        (NETWORK,),
    ),
)
LINE = {line.key: line for line in LINES}


def lines_for(organisation) -> list[Line]:
    return [line for line in LINES if organisation.kind in line.kinds]


def _months(line: Line):
    return models.PositiveSmallIntegerField(line.label, default=line.default)


class RetentionSchedule(BaseModel):
    """An organisation's durations, in months. A service without a row of its own follows the
    defaults (``of``), which are the proposals of rule R8."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="retention_schedule"
    )
    notes_months = _months(LINE["notes"])
    other_party_months = _months(LINE["other_parties"])
    case_months = _months(LINE["cases"])
    referral_months = _months(LINE["referrals"])
    appointment_months = _months(LINE["appointments"])
    volunteer_months = _months(LINE["volunteers"])
    partner_contact_months = _months(LINE["partner_contacts"])
    network_contact_months = _months(LINE["network_contacts"])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("durées de conservation")
        verbose_name_plural = _("durées de conservation")

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def of(cls, organisation) -> "RetentionSchedule":
        """The organisation's schedule, or an unsaved one holding the defaults."""
        return cls.objects.filter(organisation=organisation).first() or cls(
            organisation=organisation
        )

    def months(self, key: str) -> int:
        return getattr(self, LINE[key].field)

    def is_default(self, key: str) -> bool:
        return self.months(key) == LINE[key].default


class HoldReason(models.TextChoices):
    DISPUTE = "DISPUTE", _("Litige ou contentieux en cours")
    COURT_REQUEST = "COURT_REQUEST", _("Demande d'une juridiction ou d'une autorité")
    RIGHTS_REQUEST = "RIGHTS_REQUEST", _("Demande d'exercice de droits en cours d'instruction")
    OTHER = "OTHER", _("Autre obligation légale (précisée)")


class LegalHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(BaseModel):
    """A case kept whole, past its durations, for a legal reason (*conservation pour motif
    légal*): nothing of it is purged while the hold lasts. Placed and lifted by the coordination,
    each with a line in the case's journal."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(_("motif"), max_length=20, choices=HoldReason)
    detail = models.CharField(
        _("précision"),
        max_length=200,
        blank=True,
        help_text=_(
            "La juridiction, la référence de la procédure ou de la demande. Jamais de propos "
            "des parties."
        ),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("depuis le"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("conservation pour motif légal")
        verbose_name_plural = _("conservations pour motif légal")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_hold_per_case",
            )
        ]

    def __str__(self):
        return self.get_reason_display()

    @property
    def is_active(self):
        return self.lifted_at is None


class RetentionRun(BaseModel):
    """One pass of the job over one organisation: when, and how many items of each line it
    purged or anonymised (``counts``, line key → number; ``errors`` for items it could not
    treat). Counts only, never what was removed. A run with no ``finished_at`` was interrupted;
    the next one takes over where it stopped."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(_("commencé le"), db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    counts = models.JSONField(_("effectifs"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("passage de la conservation")
        verbose_name_plural = _("passages de la conservation")

    def __str__(self):
        return f"{self.organisation} — {self.started_at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(n for key, n in self.counts.items() if key in LINE)


__all__ = ["LegalHold", "RetentionRun", "RetentionSchedule"]
