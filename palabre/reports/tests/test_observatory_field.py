"""Field figures in the observatory: a service with field teams adds them to what it shares (same
consent, same small-count rules), the receiver checks them, the network sees them summed and
beside comparable members — and nothing about a person, a place or a note goes with them.

The night service of ``test_fieldwork``: in March 2027, two shifts held (7 and 8 hours), five
interventions (four of conflict management, one of social watch) meeting eleven people; and here
one technical signal, sent and resolved."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.field import watch_actions
from palabre.field.codes import PlaceKind, Register
from palabre.field.models import Intervention
from palabre.field.territory import Place
from palabre.field.watch import SignalCategory
from palabre.reports import actions, observatory, observatory_field, observatory_tables
from palabre.reports.demo_observatory import REGISTERS
from palabre.reports.models import SharedFigures
from palabre.reports.tables import SUPPRESSED
from palabre.reports.tests.observatory_support import document, figures, shared
from palabre.reports.tests.test_fieldwork import at, correspondents, night, place, team  # noqa: F401
from palabre.reports.tests.test_observatory import _documented_schema, receive

NOTE = "MARQUEUR-NOTE-TERRAIN-6J3B"
FIELD = {
    "shifts": 2,
    "shift_hours": 15.0,
    "interventions": 5,
    "people_met": 11,
    "by_register": {"CONFLICT_MANAGEMENT": 4, "SOCIAL_WATCH": 1},
    "signals_sent": 1,
    "signals_resolved": 1,
}
# A member on another instance with a larger night service.
LYON = {
    "shifts": 120,
    "shift_hours": 900.0,
    "interventions": 1400,
    "people_met": 2100,
    "by_register": {"CONFLICT_MANAGEMENT": 900, "PRESENCE_PROXIMITY": 500},
    "signals_sent": 60,
    "signals_resolved": 48,
}


@pytest.fixture
def field_service(service, coordinator, night, place, monkeypatch):  # noqa: F811
    """The night service, with one signal sent on 20 March and resolved the next day, and a
    note on one of its interventions; the clock on 15 April 2027."""
    moment = {"now": at(dt.date(2027, 3, 20), 10)}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    signal = watch_actions.report_signal(
        organisation=service,
        by=coordinator,
        category=SignalCategory.LIGHTING,
        place_kind=PlaceKind.HALL,
        place=Place(residence=place["glycines"]),
    )
    moment["now"] = at(dt.date(2027, 3, 21), 10)
    watch_actions.resolve_signal(signal=signal)
    noted = Intervention.objects.first()
    noted.note = NOTE
    noted.save(update_fields=["note"])
    moment["now"] = dt.datetime(2027, 4, 15, 12, tzinfo=dt.UTC)
    return service


@pytest.fixture
def sharing(field_service, network, make_member, coordinator):
    field_service.networks.add(network)
    make_member("Nuit de Rennes", organisation=field_service, region="BRE")
    actions.share_figures(network=network, by=coordinator)
    return field_service


# --- The document ---------------------------------------------------------------------------------


def test_a_field_service_shares_its_field_work_counted_by_fieldwork(field_service):
    shared_figures = observatory.figures_of(field_service, 2027)

    assert shared_figures["field"] == FIELD
    built = observatory.build_document(
        organisation=field_service, year=2027, network="reseau", key_id="obs-1"
    )
    assert built["schema"] == "palabre-observatoire/2"
    assert observatory.validate(built) == []


def test_nothing_about_a_person_a_place_or_a_note_goes_with_them(field_service):
    body = observatory.encode(
        observatory.build_document(
            organisation=field_service, year=2027, network="reseau", key_id="obs-1"
        )
    ).decode()
    field = json.loads(body)["figures"]["field"]

    assert set(field) == set(observatory_field.KEYS)
    assert all(isinstance(field[key], int) for key in observatory_field.COUNTS)
    assert set(field["by_register"]) <= set(Register.values)
    for forbidden in (NOTE, "Glycines", "Tilleuls", "Archipel", "Néotoa", "Maurepas", "Blosne"):
        assert forbidden not in body
    assert not re.search(r"[a-z]{3,} [a-z]{3,}", body.replace("palabre-observatoire", ""))


def test_a_service_without_field_teams_still_writes_the_first_version(world):
    built = observatory.build_document(
        organisation=world["service"], year=2026, network="reseau", key_id="obs-1"
    )

    assert built["schema"] == "palabre-observatoire/1"
    assert "field" not in built["figures"]
    assert observatory.validate(built) == []


def test_the_documented_schema_names_the_field_keys():
    example, schema = _documented_schema()

    assert set(schema["$defs"]["field"]["required"]) == set(observatory_field.KEYS)
    assert set(example["figures"]["field"]) == set(observatory_field.KEYS)
    assert schema["properties"]["schema"]["enum"] == list(observatory.SCHEMAS)


# --- Receiving ------------------------------------------------------------------------------------


def test_field_figures_pushed_by_another_instance_are_stored_with_the_rest(key):
    doc = document(key, figures=figures(field=LYON))

    receive(doc)

    assert SharedFigures.objects.get(member=key.member).payload["field"] == LYON


def test_a_first_version_document_may_not_carry_field_figures(key):
    doc = document(key, schema="palabre-observatoire/1", figures=figures(field=LYON))

    with pytest.raises(observatory.Rejected) as refused:
        receive(doc)

    assert "Clé inconnue : « figures.field »." in refused.value.problems


MALFORMED = {
    "registers not adding up": (
        {"by_register": {"CONFLICT_MANAGEMENT": 900}},
        "« figures.field.by_register » doit totaliser « figures.field.interventions ».",
    ),
    "more resolved than sent": (
        {"signals_resolved": 61},
        "« figures.field.signals_resolved » ne peut pas dépasser « figures.field.signals_sent ».",
    ),
    "unknown register": (
        {"by_register": {"PATROUILLE": 1400}},
        "Code inconnu dans « figures.field.by_register » : « PATROUILLE ».",
    ),
    "hours without shifts": ({"shifts": 0}, "« figures.field.shift_hours » ne va pas"),
    "hours beyond 14 a shift": ({"shift_hours": 1681.0}, "« figures.field.shift_hours » ne va"),
    "negative count": ({"people_met": -1}, "« figures.field.people_met » doit être un entier"),
    "a name": ({"team": "Équipe de nuit"}, "Clé inconnue : « figures.field.team »."),
}


@pytest.mark.parametrize("spoil, problem", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_field_figures_are_refused_with_the_problem_in_french(key, spoil, problem):
    doc = document(key, figures=figures(field=LYON | spoil))

    with pytest.raises(observatory.Rejected) as refused:
        receive(doc)

    assert any(problem in found for found in refused.value.problems), refused.value.problems
    assert not SharedFigures.objects.exists()


def test_a_missing_field_key_is_named():
    incomplete = {k: v for k, v in LYON.items() if k != "signals_sent"}

    assert "Clé manquante : « figures.field.signals_sent »." in observatory_field.problems(
        incomplete
    )


# --- The network's pages --------------------------------------------------------------------------


def test_a_field_members_figures_reach_the_network_with_small_counts_hidden(
    sharing, network, make_member
):
    shared(make_member("Nuit de Lyon", region="ARA"), 2027, figures(field=LYON))
    found = observatory_tables.entries(network, 2027)

    by_group, by_register = observatory_field.dashboard_tables(
        found, "region", observatory_tables.DIMENSIONS
    )

    rows = {row[0]: row[1:] for row in by_group.rows}
    # Rennes: 2 shifts (hidden, and their 15 hours with them), 5 interventions, 11 people met,
    # 1 signal sent and resolved (hidden).
    assert rows["Bretagne"] == [1, SUPPRESSED, SUPPRESSED, 5, 11, SUPPRESSED, SUPPRESSED]
    assert rows["Auvergne-Rhône-Alpes"][0] == 1
    ensemble = rows["Ensemble des structures de terrain"]
    assert ensemble[0] == 2 and ensemble[3:5] == [1405, 2111]
    registers = {row[0]: row[1] for row in by_register.rows}
    assert registers["Prévention et gestion des conflits"] == 904
    assert registers["Veille sociale territoriale"] is SUPPRESSED


def test_the_dashboard_and_the_member_page_show_field_work_and_no_note(
    sharing, network, make_member, staff, login
):
    shared(make_member("Nuit de Lyon", region="ARA"), 2027, figures(field=LYON))
    client = login(staff)

    dashboard = client.get("/bilans/observatoire/?annee=2027").content.decode()
    rennes = next(
        entry.member
        for entry in observatory_tables.entries(network, 2027)
        if entry.member.name == "Nuit de Rennes"
    )
    page = client.get(
        reverse("reports:observatory_member", args=[rennes.pk]) + "?annee=2027"
    ).content.decode()

    assert "Médiation de terrain par région" in dashboard
    assert "Interventions de terrain par registre" in dashboard
    assert "Médiation de terrain" in page and "Heures de tournée" in page
    for content in (dashboard, page):
        for forbidden in (NOTE, "Glycines", "Archipel", "Maurepas"):
            assert forbidden not in content


def test_a_withdrawn_consent_takes_the_field_figures_away(sharing, network, coordinator):
    actions.withdraw_figures(network=network, by=coordinator)

    found = observatory_tables.entries(network, 2027)

    assert observatory_field.dashboard_tables(found, "region", observatory_tables.DIMENSIONS) == []


def test_a_member_is_compared_with_the_median_of_comparable_field_services(network, make_member):
    members = [make_member(f"Nuit {n}") for n in range(4)]
    shifts = [120, 60, 80, 3]
    for member, n in zip(members, shifts, strict=True):
        shared(member, 2027, figures(field=LYON | {"shifts": n, "shift_hours": n * 7.5}))
    found = observatory_tables.entries(network, 2027)
    small = next(e for e in found if e.member.name == "Nuit 3")

    [table] = observatory_field.comparison_tables(
        small, observatory_tables.peers_of(small, found), min_peers=3
    )

    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Tournées tenues"] == [SUPPRESSED, 80]
    assert rows["Heures de tournée"] == [SUPPRESSED, 600]


def test_the_sharing_page_shows_the_field_figures_before_consent(
    field_service, network, coordinator, login, monkeypatch
):
    field_service.networks.add(network)
    # The page previews last year's figures: 2027 seen from 2028.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2028, 1, 10, 9, tzinfo=dt.UTC))

    content = login(coordinator).get("/bilans/observatoire/partage/").content.decode()

    assert "Tournées tenues" in content and "Heures de tournée" in content
    assert "Interventions de terrain : Prévention et gestion des conflits" in content


def test_the_demo_members_field_figures_use_known_registers():
    assert set(REGISTERS) <= set(Register.values)
