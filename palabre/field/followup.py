"""What may follow an intervention: the person met, named only with their agreement, and their
*mise en relation* with a partner of the service. (A mediation case opened from an intervention
is a case like any other; the intervention keeps a link to it, ``Intervention.case``.)

Field work counts people by band and never names them by default. When a person wants a follow-
up, the team records the least it needs — a first and last name or the name the person goes by,
a phone or an e-mail — and what the person agreed to: being named, being contacted, being put
in touch with a partner. The database itself refuses a name without the agreement to be named
and a phone or an e-mail without the agreement to be contacted.

A ``PartnerOrientation`` says to which partner the person was directed, why (a coded reason),
when, and how far it went. It holds nothing about the person: the partner learns who the person
is from the person, or from the team with the person's agreement, never from Palabre. Figures
count orientations by reason (``reports.fieldwork``).

``models.py`` imports this module: it cannot import ``models.py`` back.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.field.codes import OrientationReason, OrientationStatus

NAME_FIELDS = ("first_name", "last_name", "usual_name")
CONTACT_FIELDS = ("phone", "email")
AGREEMENTS = ("agreed_to_be_named", "agreed_to_be_contacted", "agreed_to_be_oriented")


def _all_blank(names) -> Q:
    return Q(**dict.fromkeys(names, ""))


class NamedPerson(BaseModel):
    """The person met during an intervention, with their recorded agreement (*accord de la
    personne*). Read by the team and the coordination only; never in the Journal, a figure, an
    export, an e-mail or a partner's page."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    intervention = models.OneToOneField(
        "field.Intervention", on_delete=models.CASCADE, related_name="person"
    )
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    last_name = models.CharField(_("nom"), max_length=80, blank=True)
    usual_name = models.CharField(_("nom d'usage ou surnom"), max_length=80, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    agreed_to_be_named = models.BooleanField(_("accepte d'être nommée"), default=False)
    agreed_to_be_contacted = models.BooleanField(_("accepte d'être contactée"), default=False)
    agreed_to_be_oriented = models.BooleanField(
        _("accepte d'être orientée vers un partenaire"), default=False
    )
    consent_recorded_by = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("accord recueilli par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(_("accord recueilli le"))

    class Meta:
        verbose_name = _("personne nommée")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_to_be_named=True) | _all_blank(NAME_FIELDS),
                name="named_person_named_only_with_agreement",
            ),
            models.CheckConstraint(
                condition=Q(agreed_to_be_contacted=True) | _all_blank(CONTACT_FIELDS),
                name="named_person_contact_only_with_agreement",
            ),
            models.CheckConstraint(
                condition=Q(agreed_to_be_named=True)
                | Q(agreed_to_be_contacted=True)
                | Q(agreed_to_be_oriented=True),
                name="named_person_has_an_agreement",
            ),
        ]

    def __str__(self):
        named = " ".join(part for part in (self.first_name, self.last_name) if part)
        if self.usual_name:
            named = f"{named} ({self.usual_name})" if named else self.usual_name
        return named or str(_("Personne non nommée"))

    @property
    def is_named(self) -> bool:
        return any(getattr(self, name) for name in NAME_FIELDS)

    def agreements(self) -> list[str]:
        """What the person agreed to, as words: « être nommée », « être contactée »…"""
        words = {
            "agreed_to_be_named": _("être nommée"),
            "agreed_to_be_contacted": _("être contactée"),
            "agreed_to_be_oriented": _("être orientée vers un partenaire"),
        }
        return [str(words[name]) for name in AGREEMENTS if getattr(self, name)]


class PartnerOrientationQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class PartnerOrientation(BaseModel):
    """A *mise en relation*: the person met is directed to a partner of the service, with their
    agreement. One per partner and intervention."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    intervention = models.ForeignKey(
        "field.Intervention", on_delete=models.CASCADE, related_name="orientations"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partenaire"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=30, choices=OrientationReason)
    oriented_on = models.DateField(_("date de l'orientation"))
    status = models.CharField(
        _("état"), max_length=20, choices=OrientationStatus, default=OrientationStatus.PROPOSED
    )
    recorded_by = models.ForeignKey(
        "organisations.Membership", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("état changé le"), null=True, blank=True)

    objects = PartnerOrientationQuerySet.as_manager()

    class Meta:
        ordering = ["oriented_on", "created_at"]
        verbose_name = _("orientation vers un partenaire")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "partner"], name="one_orientation_per_partner"
            )
        ]
        indexes = [models.Index(fields=["organisation", "oriented_on"])]

    def __str__(self):
        return _("Orientation vers %(partner)s") % {"partner": self.partner.name}
