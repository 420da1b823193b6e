"""A network's members, events, trainings and observatory, through ``network.access``,
``training.access`` and ``reports.access`` (aggregates only, small counts hidden)."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from palabre.api.models import Resource
from palabre.api.pagination import PageQuery, page_of
from palabre.api.schemas import (
    EventPage,
    MemberOut,
    MemberPage,
    ObservatoryOut,
    TrainingPage,
)
from palabre.api.serialize import code, ref
from palabre.network import access as network_access
from palabre.reports import access as reports_access
from palabre.reports import observatory_tables
from palabre.reports.suppression import default_threshold
from palabre.training import access as training_access

from .common import member, responses
from .figures import tables_out

router = Router(tags=[_("Réseau")])
NETWORK = Resource.NETWORK


def _member(found) -> dict:
    return {
        "id": found.pk,
        "name": found.name,
        "legal_type": code(found, "legal_type"),
        "phase": code(found, "phase"),
        "region": code(found, "region"),
        "pole": ref(found.pole),
        "joined_on": found.joined_on,
        "staff": found.staff,
        "volunteers": found.volunteers,
    }


def _event(event) -> dict:
    return {
        "id": event.pk,
        "kind": code(event, "kind"),
        "title": event.title,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "place": event.place,
        "is_remote": event.is_remote,
        "pole": ref(event.pole),
    }


def _training(session) -> dict:
    return {
        "id": session.pk,
        "module": ref(session.module, "title"),
        "organiser": ref(session.module.organiser),
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place": session.place,
        "is_remote": session.is_remote,
        "capacity": session.capacity,
        "status": code(session, "status"),
    }


@router.get("/network/members", response=responses(MemberPage), summary=_("Structures membres"))
def members(request, page: Query[PageQuery]):
    membership = member(request, NETWORK, network_access.can_manage)
    rows = network_access.members_for(membership).order_by("name", "pk")
    return page_of(rows, page, _member)


@router.get(
    "/network/members/{member_id}", response=responses(MemberOut), summary=_("Une structure")
)
def network_member(request, member_id: uuid.UUID):
    membership = member(request, NETWORK, network_access.can_manage)
    return _member(network_access.get_member_for(membership, member_id))


@router.get("/network/events", response=responses(EventPage), summary=_("Événements du réseau"))
def events(request, page: Query[PageQuery]):
    membership = member(request, NETWORK, network_access.can_manage)
    rows = network_access.events_for(membership).order_by("-starts_on", "pk")
    return page_of(rows, page, _event)


@router.get(
    "/network/trainings", response=responses(TrainingPage), summary=_("Sessions de formation")
)
def trainings(request, page: Query[PageQuery]):
    membership = member(request, NETWORK, network_access.can_manage)
    rows = training_access.sessions_for(membership).order_by("-starts_on", "pk")
    return page_of(rows, page, _training)


class Year(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description=_("L'année (la dernière close)."))


@router.get(
    "/network/observatory",
    response=responses(ObservatoryOut),
    summary=_("Observatoire : chiffres partagés par les membres"),
)
def observatory(request, query: Query[Year]):
    membership = member(request, NETWORK, reports_access.can_see_observatory)
    network = reports_access.observatory_network(membership)
    year = query.year or observatory_tables.default_year(network, timezone.localdate())
    found = observatory_tables.entries(network, year)
    tables = (
        observatory_tables.group_tables(found, "region")
        + observatory_tables.breakdown_tables(found)
        if found
        else []
    )
    return {
        "year": year,
        "members_sharing": len(found),
        "small_counts_hidden_below": default_threshold(),
        "tables": tables_out(tables),
    }
