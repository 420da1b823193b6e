"""The register of information notices given (rule R6): to whom, which version, when, how.

The kinds and their versions in force live in ``palabre.core.notices`` (the invitation letter of
``cases`` prints the version and reports the notice given through it). A row names its person by
a link, never by a copy of their name: a case's party, a member of the team (membership) or a
contact of a network's member structure. It goes when the person's record goes (retention).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.core.models import BaseModel
from palabre.core.notices import CURRENT, NoticeKind, NoticeMethod

__all__ = ["NoticeGiven"]

RECIPIENTS = ("party", "membership", "member_contact")


class NoticeGivenQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class NoticeGiven(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(gettext_lazy("texte d'information"), max_length=20, choices=NoticeKind)
    version = models.CharField(gettext_lazy("version"), max_length=20)
    method = models.CharField(gettext_lazy("remise"), max_length=20, choices=NoticeMethod)
    given_at = models.DateTimeField(gettext_lazy("remise le"))
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    member_contact = models.ForeignKey(
        "network.MemberContact",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NoticeGivenQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = gettext_lazy("information remise")
        verbose_name_plural = gettext_lazy("informations remises")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(party__isnull=False, membership__isnull=True, member_contact__isnull=True)
                    | Q(party__isnull=True, membership__isnull=False, member_contact__isnull=True)
                    | Q(party__isnull=True, membership__isnull=True, member_contact__isnull=False)
                ),
                name="notice_given_to_one_person",
            ),
            *(
                models.UniqueConstraint(
                    fields=[recipient, "kind", "version", "method"],
                    condition=Q(**{f"{recipient}__isnull": False}),
                    name=f"notice_given_once_per_{recipient}",
                )
                for recipient in RECIPIENTS
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.version})"

    @property
    def is_current(self) -> bool:
        return CURRENT[self.kind].number == self.version


def _recipient(party, membership, member_contact) -> dict:
    given = {
        name: value
        for name, value in zip(RECIPIENTS, (party, membership, member_contact), strict=True)
        if value is not None
    }
    if len(given) != 1:
        raise Refused(_("Une information se remet à une seule personne."))
    return given


def record_given(
    *, kind, version, method, organisation, by, party, membership, member, at
) -> NoticeGiven:
    """The recorder ``core.notices.given`` calls (registered in ``PrivacyConfig.ready``). The
    same notice, version and way to the same person is recorded once, at its first time."""
    recipient = _recipient(party, membership, member)
    row, _created = NoticeGiven.objects.get_or_create(
        kind=kind,
        version=version,
        method=method,
        **recipient,
        defaults={
            "organisation": organisation,
            "given_at": at or timezone.now(),
            "recorded_by": by.user if by is not None else None,
        },
    )
    return row


KIND_OF_PARTY_ROLE = {
    "REQUESTER": NoticeKind.REQUESTER,
    "OTHER_PARTY": NoticeKind.OTHER_PARTY,
    "OTHER_PARTICIPANT": NoticeKind.PARTICIPANT,
}


@transaction.atomic
def record_notice_given(
    *, by, method, given_at, party=None, membership=None, member_contact=None
) -> NoticeGiven:
    """Records by hand that the current notice was given to a person: a case's party (the kind
    follows the party's role), a member of the team, or a network member's contact."""
    recipient = _recipient(party, membership, member_contact)
    if given_at > timezone.now():
        raise Refused(_("La date de remise ne peut pas être dans le futur."))
    if party is not None:
        kind, organisation, subject = (
            KIND_OF_PARTY_ROLE[party.role],
            party.case.organisation,
            party.case,
        )
    elif membership is not None:
        kind, organisation, subject = NoticeKind.VOLUNTEER, membership.organisation, membership
    else:
        kind = NoticeKind.NETWORK_MEMBER
        organisation, subject = member_contact.member.network, member_contact.member
    if organisation.pk != by.organisation_id:
        raise Refused(_("Cette personne n'appartient pas à votre organisation."))
    version = CURRENT[kind].number
    if NoticeGiven.objects.filter(kind=kind, version=version, method=method, **recipient).exists():
        raise Refused(_("Cette information, dans cette version, est déjà enregistrée."))
    row = record_given(
        kind=kind,
        version=version,
        method=method,
        organisation=organisation,
        by=by,
        member=member_contact,
        party=party,
        membership=membership,
        at=given_at,
    )
    journal.record(
        organisation=organisation,
        subject=subject,
        verb="notice_given",
        summary=_("Information sur les données remise (%(kind)s, version %(version)s)")
        % {"kind": NoticeKind(kind).label, "version": version},
        actor=by.user,
        data={"kind": kind, "version": version, "method": method},
    )
    return row
