"""Orientations in the field figures: counted by reason in the period of their date, narrowed by
territory like the interventions, whatever the result typed at entry; their table is protected
like the others in a document that leaves the service."""

import datetime as dt

import pytest

from palabre.field import followup_actions
from palabre.field.codes import OrientationReason, OrientationStatus, PlaceKind, Result
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, at
from palabre.partners.tests.factories import PartnerFactory
from palabre.reports import fieldwork, indicators, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import narrow_cells, suppress

DECEMBER = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
JANUARY = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))


@pytest.fixture
def oriented(service, shift, record, coordinator, place, clock):
    """Three people met at Les Glycines (Maurepas) that evening: one oriented to the CCAS and
    the ADIL that night, one to the CCAS on 4 January; the third calmed, not oriented though
    its result says « orienté »."""
    ccas = PartnerFactory(organisation=service, name="CCAS")
    adil = PartnerFactory(organisation=service, name="ADIL")
    first = record(shift, happened_at=at(EVENING, 22, 10), result=Result.CALMED)
    second = record(shift, happened_at=at(EVENING, 22, 40))
    record(shift, happened_at=at(EVENING, 23, 5), result=Result.ORIENTED)

    def orient(intervention, partner, reason, **fields):
        return followup_actions.orient(
            intervention=intervention, by=coordinator, partner=partner, reason=reason,
            agreed_now=True, **fields,
        )  # fmt: skip

    orient(first, ccas, OrientationReason.SOCIAL_SUPPORT, status=OrientationStatus.CONTACT_MADE)
    orient(first, adil, OrientationReason.LEGAL_ADVICE)
    clock(at(dt.date(2027, 1, 4), 10))
    orient(second, ccas, OrientationReason.SOCIAL_SUPPORT, oriented_on=dt.date(2027, 1, 4))
    clock(at(dt.date(2027, 2, 1), 10))
    return {"ccas": ccas, "adil": adil}


def figures(service, period, **narrowing):
    return fieldwork.compute(Scope.of_service(service, *period, **narrowing))


def test_orientations_count_by_reason_in_the_period_of_their_date(service, oriented):
    december = figures(service, DECEMBER)
    assert december["orientations"].total == 2
    assert december["orientations"].count(OrientationReason.SOCIAL_SUPPORT) == 1
    assert december["orientations"].count(OrientationReason.LEGAL_ADVICE) == 1
    assert december["result"].count(Result.ORIENTED) == 1  # what was typed, counted apart
    january = figures(service, JANUARY)
    assert january["orientations"].total == 1
    assert january["interventions"] == 0  # the intervention itself was in December


def test_a_territory_counts_the_orientations_of_its_own_interventions(service, oriented, place):
    assert figures(service, DECEMBER, quartiers=(place["maurepas"].pk,))["orientations"].total == 2
    assert figures(service, DECEMBER, quartiers=(place["blosne"].pk,))["orientations"].total == 0


def test_the_orientations_table_gives_its_own_total_and_stays_protected(service, oriented):
    scope = Scope.of_service(service, *DECEMBER)
    tables = report.field_tables(indicators.compute(scope).fieldwork)
    [table] = [
        t for t in tables if t.title == "Orientations vers un partenaire (mises en relation)"
    ]
    labels = [row[0] for row in table.rows]
    assert labels == [
        "Conseil juridique, accès au droit",
        "Accompagnement social, aide matérielle",
        "Total",
    ]  # the code list's order, never the counts'
    assert [row[1] for row in table.rows] == [1, 1, 2]
    assert table.row_keys[-1] == "field.orientations"
    hidden = suppress(tables)
    assert narrow_cells(hidden) == []
    [shown] = [t for t in hidden if t.title == table.title]
    assert all(row[1] != 1 for row in shown.rows)  # two and one: small counts, hidden


def test_a_public_space_intervention_orients_like_any_other(
    service, shift, record, coordinator, place
):
    intervention = record(
        shift, place_kind=PlaceKind.PUBLIC_SPACE, place=Place(quartier=place["maurepas"])
    )
    followup_actions.orient(
        intervention=intervention, by=coordinator, reason=OrientationReason.SHELTER,
        partner=PartnerFactory(organisation=service, name="115"), agreed_now=True,
    )  # fmt: skip
    assert figures(service, DECEMBER)["orientations"].count(OrientationReason.SHELTER) == 1
