"""A night service: Rennes with two quartiers (Maurepas, Le Blosne), a residence in each, a team
of two correspondents, and tonight's shift through Maurepas, 22:00–06:00. The clock stands at
23:30 on that evening, a Friday in December."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.cases.tests.factories import CommuneFactory, QuartierFactory
from palabre.field import actions, nights
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.territory import Place
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
EVENING = dt.date(2026, 12, 11)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


NEXT_MORNING = EVENING + dt.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; starts at 23:30 on the shift's evening."""
    state = {"now": at(EVENING, 23, 30)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def place(service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas - Bellangerais")
    blosne = QuartierFactory(commune=rennes, name="Le Blosne")
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    return {
        "rennes": rennes,
        "maurepas": maurepas,
        "blosne": blosne,
        "glycines": ResidenceFactory(
            landlord=landlord, name="Les Glycines", quartier=maurepas, commune=rennes
        ),
        "ajoncs": ResidenceFactory(
            landlord=landlord, name="Les Ajoncs", quartier=blosne, commune=rennes
        ),
    }


@pytest.fixture
def correspondents(member):
    return [member("mediator"), member("mediator")]


@pytest.fixture
def team(service, coordinator, correspondents):
    return actions.create_team(
        organisation=service, by=coordinator, name="Équipe de nuit", members=correspondents
    )


@pytest.fixture
def shift(service, coordinator, team, place, clock):
    starts_at, ends_at = nights.bounds(EVENING, dt.time(22), dt.time(6))
    return actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        quartiers=[place["maurepas"]],
    )


@pytest.fixture
def record(coordinator, place):
    """``record(shift, **fields)``: a noise call at Les Glycines at 23:00, unless told."""

    def make(shift, **fields):
        defaults = {
            "by": coordinator,
            "happened_at": at(EVENING, 23),
            "type": InterventionType.NOISE_NIGHT,
            "place_kind": PlaceKind.RESIDENCE,
            "place": Place(residence=place["glycines"]),
        }
        return actions.record_intervention(shift=shift, **{**defaults, **fields})

    return make
