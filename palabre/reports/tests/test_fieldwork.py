"""Field figures counted by hand: a night service with three shifts in March 2027 — the night of
the change to summer time (22:00–06:00, 7 hours), an ordinary night (8 hours) and a cancelled
one — and five interventions, in Maurepas (Les Glycines, Archipel Habitat) and Le Blosne."""

import datetime as dt

import pytest
from django.utils import timezone

from palabre.field import actions, nights
from palabre.field.codes import Initiator, InterventionType, PlaceKind, Register
from palabre.field.territory import Place
from palabre.field.tests import conftest as field_fixtures
from palabre.partners.models import Activity
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory, ResidenceFactory
from palabre.reports import fieldwork, indicators, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import narrow_cells, suppress

# The night service of the field tests: its places, its team of two correspondents.
at, place = field_fixtures.at, field_fixtures.place
team, correspondents = field_fixtures.team, field_fixtures.correspondents

DST_NIGHT = dt.date(2027, 3, 27)
ORDINARY = dt.date(2027, 3, 12)
CANCELLED = dt.date(2027, 3, 19)


@pytest.fixture
def night(service, coordinator, team, place, monkeypatch):
    moment = {"now": at(DST_NIGHT, 23)}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    shifts = {}
    for day in (DST_NIGHT, ORDINARY, CANCELLED):
        moment["now"] = at(day, 21)
        starts_at, ends_at = nights.bounds(day, dt.time(22), dt.time(6))
        shifts[day] = actions.plan_shift(
            organisation=service,
            by=coordinator,
            team=team,
            starts_at=starts_at,
            ends_at=ends_at,
            quartiers=[place["maurepas"], place["blosne"]],
        )
    other_landlord = PartnerFactory(organisation=service, landlord=True, name="Néotoa")
    tilleuls = ResidenceFactory(
        landlord=other_landlord, name="Les Tilleuls", quartier=place["blosne"], commune=None
    )
    shifts[DST_NIGHT].residences.add(tilleuls)

    def record(day, hour, **fields):
        moment["now"] = at(day + dt.timedelta(days=1), 7)
        happened = at(day, hour) if hour >= 12 else at(day + dt.timedelta(days=1), hour)
        defaults = {
            "by": coordinator,
            "happened_at": happened,
            "type": InterventionType.NOISE_NIGHT,
            "place_kind": PlaceKind.RESIDENCE,
            "place": Place(residence=place["glycines"]),
        }
        return actions.record_intervention(shift=shifts[day], **{**defaults, **fields})

    # The DST night: 22:30 at Les Glycines (2 men), 01:30 a resident's call in Le Blosne
    # (1 woman), 03:30 at Les Tilleuls of Néotoa (a homeless man).
    record(DST_NIGHT, 22, men=2)
    record(
        DST_NIGHT,
        1,
        type=InterventionType.NEIGHBOUR_CONFLICT,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(quartier=place["blosne"]),
        initiated_by=Initiator.RESIDENT_CALL,
        women=1,
    )
    record(
        DST_NIGHT,
        4,
        type=InterventionType.HOMELESS,
        place=Place(residence=tilleuls),
        men=1,
        follow_up_needed=True,
    )
    # The ordinary night: 22:00 and 23:00 at Les Glycines.
    record(ORDINARY, 22, girls=1, boys=3)
    record(ORDINARY, 23, women=2, older_men=1)
    actions.cancel_shift(shift=shifts[CANCELLED], by=coordinator)
    moment["now"] = dt.datetime(2027, 4, 15, 12, tzinfo=dt.UTC)
    return shifts


def march(service, **narrowing):
    return Scope.of_service(service, dt.date(2027, 3, 1), dt.date(2027, 3, 31), **narrowing)


def test_shifts_count_their_real_hours_and_interventions_their_bands(service, night):
    field = fieldwork.compute(march(service))
    assert field["shifts"] == 2  # the cancelled night does not count
    assert field["hours"] == 15.0  # 7 hours the night of the change, 8 the other
    assert field["interventions"] == 5
    assert field["people"] == 2 + 1 + 1 + 4 + 3
    assert field["calls"] == 1 and field["follow_up"] == 1
    assert field["hour_band"].count("21-24") == 3
    assert field["hour_band"].count("00-03") == 1 and field["hour_band"].count("03-06") == 1
    assert field["register"].count(Register.SOCIAL_WATCH) == 1
    assert field["place_kind"].count(PlaceKind.PUBLIC_SPACE) == 1


def test_a_territory_counts_its_own_interventions(service, night, place):
    blosne = fieldwork.compute(march(service, quartiers=(place["blosne"].pk,)))
    assert blosne["interventions"] == 2  # the call and Les Tilleuls
    assert blosne["shifts"] == 2


def test_a_landlords_convention_counts_the_interventions_in_its_residences(service, night, place):
    convention = ConventionFactory(organisation=service, title="Convention Archipel")
    convention.scope_landlords.set([place["glycines"].landlord])
    scope = march(service, convention=convention)
    assert fieldwork.compute(scope)["interventions"] == 3  # Les Glycines only
    convention.scope_activities = [Activity.NEIGHBOURHOOD_MEDIATION]
    convention.save()
    assert fieldwork.compute(scope) is None  # it does not fund field work


def test_a_service_without_field_teams_has_no_field_figures(world, clock_after_2026, year):
    assert indicators.compute(year).fieldwork is None
    assert "Médiation de terrain" not in [str(t.title) for t in report.activity_tables(
        indicators.compute(year)
    )]  # fmt: skip


def test_the_field_tables_leave_the_service_protected(service, night):
    figures = indicators.compute(march(service))
    tables = report.field_tables(figures.fieldwork)
    assert [row[1] for row in tables[0].rows] == [2, 5, 11, 1, 1]
    assert tables[0].note == ""  # two shifts: their hours would give them back
    hidden = suppress(tables)
    assert narrow_cells(hidden) == []
    assert all(row[1] != 5 for table in hidden for row in table.rows[:-1])  # every total hidden
