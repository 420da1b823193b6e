"""Referrals: a partner sends one as on its portal and follows its status (``progress``), never
the case; the coordination and the reception read the queue with the same status lines."""

import uuid

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router
from ninja.responses import Status

from palabre.api.models import Resource
from palabre.api.pagination import PageQuery, page_of
from palabre.api.problems import ApiProblem, not_found
from palabre.api.schemas import ReferralIn, ReferralPage, ReferralStatusOut
from palabre.api.serialize import code, ref
from palabre.cases.models import ConsentRecord, Party
from palabre.core.actions import Refused
from palabre.partners.access import partner_of
from palabre.referrals import access, actions
from palabre.referrals.forms import ReferralForm
from palabre.referrals.models import Origin
from palabre.referrals.progress import shown_to_referrer

from .common import member, responses

router = Router(tags=[_("Orientations")])
REFERRALS = Resource.REFERRALS


def _can_follow(membership) -> bool:
    return access.can_read_queue(membership) or access.can_refer(membership)


def _referrals(membership):
    """The partner's own (the portal's list), or the service's queue."""
    if access.can_refer(membership):
        return access.portal_referrals(membership)
    parties = Party.objects.only("id", "case_id", "role").prefetch_related(
        Prefetch(
            "consents", queryset=ConsentRecord.objects.only("party_id", "kind", "withdrawn_at")
        )
    )
    return (
        access.referrals_for(membership)
        .select_related("commune", "case")
        .prefetch_related(Prefetch("case__parties", queryset=parties))
    )


def _status(referral) -> dict:
    shown = shown_to_referrer(referral)
    return {
        "id": referral.pk,
        "received_at": referral.received_at,
        "commune": ref(referral.commune),
        "conflict_category": code(referral, "conflict_category"),
        "progress": {"code": str(shown.progress.value), "label": str(shown.progress.label)},
        "detail": str(shown.detail),
        "agreement": shown.agreement,
    }


@router.get("/referrals", response=responses(ReferralPage), summary=_("Orientations et leur état"))
def referrals(request, page: Query[PageQuery]):
    membership = member(request, REFERRALS, _can_follow)
    rows = _referrals(membership).order_by("-received_at", "pk")
    return page_of(rows, page, _status)


@router.get(
    "/referrals/{referral_id}", response=responses(ReferralStatusOut), summary=_("Une orientation")
)
def referral(request, referral_id: uuid.UUID):
    membership = member(request, REFERRALS, _can_follow)
    found = _referrals(membership).filter(pk=referral_id).first()
    if found is None:
        raise not_found()
    return _status(found)


def _form_errors(form) -> list[dict]:
    return [
        {"loc": ["body", field] if field != "__all__" else ["body"], "msg": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]


@router.post(
    "/referrals",
    response=responses(ReferralStatusOut, 201),
    summary=_("Envoyer une orientation (compte partenaire)"),
)
def send_referral(request, payload: ReferralIn):
    """The portal's form and action: the same checks, the same French messages, nothing saved
    when one fails."""
    membership = member(request, REFERRALS, access.can_refer)
    data = payload.dict()
    data["commune"] = str(data["commune"])
    form = ReferralForm(
        data,
        organisation=membership.organisation,
        variant="partner",
    )
    if not form.is_valid():
        raise ApiProblem(
            422, "invalid", _("L'orientation n'est pas envoyée."), errors=_form_errors(form)
        )
    try:
        sent = actions.submit_referral(
            organisation=membership.organisation,
            origin=Origin.PARTNER_ACCOUNT,
            partner=partner_of(membership),
            sent_by=membership,
            **form.action_kwargs(),
        )
    except Refused as refused:
        raise ApiProblem(422, "refused", str(refused.message)) from refused
    return Status(201, _status(access.portal_referrals(membership).filter(pk=sent.pk).first()))
