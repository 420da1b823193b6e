"""The only way in to referrals and referral links. Outside the member's reach: 404.

| role               | queue | first contact | answer, time limits | links | partner portal    |
|--------------------|-------|---------------|---------------------|-------|-------------------|
| admin, coordinator | yes   | yes           | yes                 | yes   | no                |
| reception          | read  | yes           | no                  | no    | no                |
| partner            | no    | no            | no                  | no    | its own referrals |
| everybody else     | no    | no            | no                  | no    | no                |

A partner account sees the referrals its partner organisation sent (colleagues included), as a
status only (``progress.shown_to_referrer``), never the case.
"""

from django.db.models import Prefetch
from django.http import Http404

from palabre.cases.models import ConsentRecord, Party
from palabre.core.lookup import get_or_404
from palabre.organisations.models import Organisation, OrganisationKind, Role
from palabre.partners.access import partner_of
from palabre.referrals.models import Referral, ReferralLink

QUEUE_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.RECEPTION}
DECIDER_ROLES = {Role.ADMIN, Role.COORDINATOR}


def can_read_queue(membership) -> bool:
    return membership is not None and membership.role in QUEUE_ROLES


def can_answer(membership) -> bool:
    return membership is not None and membership.role in DECIDER_ROLES


def can_record_contact(membership) -> bool:
    """Reception records first contacts (it is who calls people back), as the coordination."""
    return can_read_queue(membership)


def can_refer(membership) -> bool:
    return partner_of(membership) is not None


def referrals_for(membership):
    if not can_read_queue(membership):
        return Referral.objects.none()
    return Referral.objects.of(membership.organisation_id)


def get_referral_for(membership, referral_id) -> Referral:
    return get_or_404(
        referrals_for(membership).select_related(
            "partner", "commune", "case", "reoriented_to", "decided_by__user"
        ),
        referral_id,
    )


def links_for(membership):
    if not can_answer(membership):
        return ReferralLink.objects.none()
    return ReferralLink.objects.of(membership.organisation_id)


def get_link_for(membership, link_id) -> ReferralLink:
    return get_or_404(links_for(membership), link_id)


def portal_referrals(membership):
    """The referrals a partner account may follow, with what their status needs, nothing more."""
    partner = partner_of(membership)
    if partner is None:
        return Referral.objects.none()
    parties = Party.objects.only("id", "case_id", "role").prefetch_related(
        Prefetch(
            "consents", queryset=ConsentRecord.objects.only("party_id", "kind", "withdrawn_at")
        )
    )
    return (
        Referral.objects.of(membership.organisation_id)
        .sent_by_partner(partner)
        .select_related("commune", "reoriented_to")
        .prefetch_related(Prefetch("case__parties", queryset=parties))
    )


def get_public_service(slug):
    """A mediation service by its short name, for its public request page."""
    try:
        return Organisation.objects.get(slug=slug, kind=OrganisationKind.SERVICE)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
