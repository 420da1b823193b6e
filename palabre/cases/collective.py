"""Collective mediation (docs/adr/0035): a case with many parties, handled in groups of parties
rather than two sides — the tenants of a stairwell, the young people of a square, a council of
co-owners.

It is the same case: its parties, consents, meetings, agreement, follow-up and journal, the same
state machine and the same access (``cases.access``). These models only add what groups need:
the case's mark and dimension, its groups, each meeting's attendance per group. A party's group
(``Party.group``) and a commitment's group and wording (``Commitment.group``, ``.wording``) are
fields of those models. Changes go through ``cases.collective_actions``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.core.models import BaseModel


class CollectiveMediation(BaseModel):
    """Marks a case as collective, with its dimension (préventive, projet, curative)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="collective")
    dimension = models.CharField(_("dimension"), max_length=20, choices=codes.CollectiveDimension)

    class Meta:
        verbose_name = _("médiation collective")

    def __str__(self):
        return str(self.get_dimension_display())


class PartyGroup(BaseModel):
    """A group of parties of a collective case (« Locataires de l'escalier B »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="party_groups")
    name = models.CharField(_("nom du groupe"), max_length=120)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("Qui le groupe réunit, sans nom de personne ni propos."),
    )
    estimated_size = models.PositiveSmallIntegerField(
        _("nombre estimé de personnes"), null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("groupe de parties")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="group_name_unique_per_case")
        ]

    def __str__(self):
        return self.name


class GroupAttendance(BaseModel):
    """How many people of a group came to a meeting, and which registered parties."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        "cases.Meeting", on_delete=models.CASCADE, related_name="attendances"
    )
    group = models.ForeignKey(PartyGroup, on_delete=models.CASCADE, related_name="attendances")
    present_count = models.PositiveSmallIntegerField(_("personnes présentes"))
    present_parties = models.ManyToManyField("cases.Party", blank=True, related_name="+")

    class Meta:
        ordering = ["group__created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "group"], name="one_attendance_per_group_and_meeting"
            )
        ]
