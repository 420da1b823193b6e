"""Partners, venues and conventions, through ``partners.access``."""

import uuid

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from palabre.api.models import Resource
from palabre.api.pagination import PageQuery, page_of
from palabre.api.schemas import (
    ConventionOut,
    ConventionPage,
    PartnerOut,
    PartnerPage,
    VenueOut,
    VenuePage,
)
from palabre.api.serialize import code, ref
from palabre.partners import access

from .common import member, responses

router = Router(tags=[_("Partenaires, lieux et conventions")])
DIRECTORY = Resource.DIRECTORY


def _partner(partner) -> dict:
    return {
        "id": partner.pk,
        "name": partner.name,
        "short_name": partner.short_name,
        "kind": code(partner, "kind"),
        "is_funder": partner.is_funder,
        "is_active": partner.is_active,
        "address": partner.address,
        "commune": ref(partner.commune),
        "phone": partner.phone,
        "email": partner.email,
        "website": partner.website,
    }


def _venue(venue) -> dict:
    return {
        "id": venue.pk,
        "name": venue.name,
        "address": venue.address,
        "commune": ref(venue.commune),
        "quartier": ref(venue.quartier),
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "is_active": venue.is_active,
    }


def _convention(membership):
    figures = access.can_see_convention_figures(membership)

    def serialize(convention) -> dict:
        return {
            "id": convention.pk,
            "title": convention.title,
            "funder": ref(convention.funder),
            "partners": [ref(partner) for partner in convention.partners.all()],
            "signed_on": convention.signed_on,
            "starts_on": convention.starts_on,
            "ends_on": convention.ends_on,
            "amount": str(convention.amount) if figures and convention.amount is not None else None,
        }

    return serialize


@router.get("/partners", response=responses(PartnerPage), summary=_("Partenaires du service"))
def partners(request, page: Query[PageQuery]):
    membership = member(request, DIRECTORY, access.can_read_directory)
    rows = access.partners_for(membership).select_related("commune").order_by("name", "pk")
    return page_of(rows, page, _partner)


@router.get("/partners/{partner_id}", response=responses(PartnerOut), summary=_("Un partenaire"))
def partner(request, partner_id: uuid.UUID):
    membership = member(request, DIRECTORY, access.can_read_directory)
    return _partner(access.get_partner_for(membership, partner_id))


@router.get("/venues", response=responses(VenuePage), summary=_("Lieux d'accueil"))
def venues(request, page: Query[PageQuery]):
    membership = member(request, DIRECTORY, access.can_read_venues)
    rows = access.venues_for(membership).select_related("commune", "quartier")
    return page_of(rows.order_by("name", "pk"), page, _venue)


@router.get("/venues/{venue_id}", response=responses(VenueOut), summary=_("Un lieu d'accueil"))
def venue(request, venue_id: uuid.UUID):
    membership = member(request, DIRECTORY, access.can_read_venues)
    return _venue(access.get_venue_for(membership, venue_id))


@router.get("/conventions", response=responses(ConventionPage), summary=_("Conventions"))
def conventions(request, page: Query[PageQuery]):
    membership = member(request, DIRECTORY, access.can_read_conventions)
    rows = (
        access.conventions_for(membership)
        .select_related("funder")
        .prefetch_related("partners")
        .order_by("-starts_on", "pk")
    )
    return page_of(rows, page, _convention(membership))


@router.get(
    "/conventions/{convention_id}", response=responses(ConventionOut), summary=_("Une convention")
)
def convention(request, convention_id: uuid.UUID):
    membership = member(request, DIRECTORY, access.can_read_conventions)
    return _convention(membership)(access.get_convention_for(membership, convention_id))
