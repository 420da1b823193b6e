"""Technical signals in the field figures, counted by hand: seven signals sent in March 2027 by
the night service of the field tests, their answers, and the delays in hours.

| signal | category    | partner  | sent        | acknowledged | resolved    | hours         |
|--------|-------------|----------|-------------|--------------|-------------|---------------|
| A0     | lighting    | Archipel | 28/02 10:00 | 1/03 10:00   | 2/03 10:00  | before March  |
| A1     | lighting    | Archipel | 3/03 10:00  | 3/03 14:00   | 4/03 10:00  | 4, 24         |
| A2     | lighting    | Archipel | 5/03 10:00  | 5/03 20:00   | 7/03 10:00  | 10, 48        |
| A3     | lift        | Archipel | 10/03 10:00 | 11/03 10:00  | —           | 24            |
| N1     | lift        | Néotoa   | 12/03 10:00 | 12/03 12:00  | 14/03 12:00 | 2, 50         |
| C1     | bulky waste | the city | 15/03 10:00 | —            | —           |               |
| A4     | door        | Archipel | 27/03 22:00 | at once      | 28/03 10:00 | 11, 11 (DST)  |
| A5     | lighting    | Archipel | 30/03 10:00 | 2/04 10:00   | —           | after March   |

March: 7 sent, 5 acknowledged (2, 4, 10, 11, 24 h: median 10, 90th percentile 18.8), 4 resolved
(11, 24, 48, 50 h: median 36, 90th percentile 49.4). C1 is in Le Blosne, the others in
Maurepas."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.field import watch_actions
from palabre.field.codes import PlaceKind
from palabre.field.territory import Place
from palabre.field.tests import conftest as field_fixtures
from palabre.field.tests import watch_world
from palabre.field.watch import SignalCategory
from palabre.partners.tests.factories import ConventionFactory
from palabre.reports import fieldwork, funder, indicators, report, runs
from palabre.reports.fieldwork import Delays
from palabre.reports.scope import Scope
from palabre.reports.suppression import narrow_cells, suppress
from palabre.reports.tables import SUPPRESSED
from palabre.reports.tests import auditor

at, place, team = field_fixtures.at, field_fixtures.place, field_fixtures.team
correspondents, clock = field_fixtures.correspondents, field_fixtures.clock
D = dt.date
APRIL_15 = at(D(2027, 4, 15), 12)
LIGHTING, LIFT = SignalCategory.LIGHTING, SignalCategory.LIFT
DOOR, WASTE = SignalCategory.DOOR_ACCESS, SignalCategory.BULKY_WASTE


@pytest.fixture
def march(clock, service, coordinator, team, place):
    """The signals of the table above; the clock left on 15 April 2027."""
    landlords = watch_world.landlords(service, place, coordinator)
    glycines, lilas = Place(residence=place["glycines"]), Place(residence=landlords["lilas"])
    blosne = Place(quartier=place["blosne"])

    def send(sent, category, where, acknowledged=None, resolved=None):
        clock(sent)
        kind = PlaceKind.PUBLIC_SPACE if where is blosne else PlaceKind.HALL
        signal = watch_actions.report_signal(
            organisation=service, by=coordinator, category=category, place_kind=kind, place=where
        )
        if acknowledged is not None:
            clock(acknowledged)
            watch_actions.acknowledge_signal(signal=signal)
        if resolved is not None:
            clock(resolved)
            watch_actions.resolve_signal(signal=signal)

    def day(d, hour):
        return at(D(2027, *d), hour)

    send(day((2, 28), 10), LIGHTING, glycines, day((3, 1), 10), day((3, 2), 10))  # A0
    send(day((3, 3), 10), LIGHTING, glycines, day((3, 3), 14), day((3, 4), 10))  # A1
    send(day((3, 5), 10), LIGHTING, glycines, day((3, 5), 20), day((3, 7), 10))  # A2
    send(day((3, 10), 10), LIFT, glycines, day((3, 11), 10))  # A3
    send(day((3, 12), 10), LIFT, lilas, day((3, 12), 12), day((3, 14), 12))  # N1
    send(day((3, 15), 10), WASTE, blosne)  # C1
    send(day((3, 27), 22), DOOR, glycines, resolved=day((3, 28), 10))  # A4
    send(day((3, 30), 10), LIGHTING, glycines, day((4, 2), 10))  # A5
    clock(APRIL_15)
    return landlords


def scope_of(service, **narrowing):
    return Scope.of_service(service, D(2027, 3, 1), D(2027, 3, 31), **narrowing)


def counts(row):
    return (
        row.sent,
        row.acknowledged,
        row.resolved,
        row.to_acknowledge.median,
        row.to_acknowledge.p90,
        row.to_resolve.median,
        row.to_resolve.p90,
    )


def test_the_month_counts_its_signals_and_their_delays_in_hours(service, march):
    signals = fieldwork.compute(scope_of(service), now=APRIL_15)["signals"]

    assert counts(signals["total"]) == (7, 5, 4, 10.0, 18.8, 36.0, 49.4)
    assert [(row.label, *counts(row)) for row in signals["category"]] == [
        ("Éclairage", 3, 2, 2, 7.0, 9.4, 36.0, 45.6),
        ("Ascenseur", 2, 2, 1, 13.0, 21.8, 50.0, 50.0),
        ("Porte, serrure, contrôle d'accès", 1, 1, 1, 11.0, 11.0, 11.0, 11.0),
        ("Encombrants", 1, 0, 0, None, None, None, None),
    ]
    assert [(row.label, *counts(row)) for row in signals["partner"]] == [
        ("Archipel Habitat", 5, 4, 3, 10.5, 20.1, 24.0, 43.2),
        ("Néotoa", 1, 1, 1, 2.0, 2.0, 50.0, 50.0),
        ("Ville de Rennes — propreté urbaine", 1, 0, 0, None, None, None, None),
    ]


def test_a_report_of_the_month_does_not_move_afterwards(service, march):
    on_the_first = fieldwork.compute(scope_of(service), now=at(D(2027, 4, 1), 3))["signals"]
    later = fieldwork.compute(scope_of(service), now=at(D(2028, 1, 10), 9))["signals"]

    assert counts(on_the_first["total"]) == counts(later["total"]) == (
        7, 5, 4, 10.0, 18.8, 36.0, 49.4,
    )  # fmt: skip


def test_the_month_in_progress_counts_up_to_now(service, march):
    signals = fieldwork.compute(scope_of(service), now=at(D(2027, 3, 12), 11))["signals"]

    # A1, A2, A3 and N1 sent; N1 acknowledged at noon, not yet.
    assert counts(signals["total"])[:3] == (4, 3, 2)


def test_a_landlords_convention_shows_its_own_signals_and_delays(service, march):
    convention = ConventionFactory(organisation=service, title="Convention Archipel")
    convention.scope_landlords.set([march["archipel"]])

    signals = fieldwork.compute(scope_of(service, convention=convention), now=APRIL_15)["signals"]

    assert counts(signals["total"]) == (5, 4, 3, 10.5, 20.1, 24.0, 43.2)
    assert [row.label for row in signals["partner"]] == ["Archipel Habitat"]


def test_a_territory_counts_the_signals_of_its_places(service, march, place):
    blosne = fieldwork.compute(scope_of(service, quartiers=(place["blosne"].pk,)), now=APRIL_15)

    assert counts(blosne["signals"]["total"])[:3] == (1, 0, 0)
    assert [row.label for row in blosne["signals"]["category"]] == ["Encombrants"]


def test_delays_take_the_middle_and_the_ninth_decile_by_the_inclusive_method():
    assert Delays.of([]) == Delays(0)
    assert Delays.of([3.0]) == Delays(1, 3.0, 3.0)
    assert Delays.of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]) == Delays(11, 6, 10.0)


# --- Tables ---------------------------------------------------------------------------------------


def _signal_tables(tables):
    return [table for table in tables if str(table.title).startswith("Signalements techniques")]


def test_the_tables_show_each_category_and_partner_in_a_fixed_order(service, march):
    figures = indicators.compute(scope_of(service), now=APRIL_15)

    by_category, by_partner = _signal_tables(report.field_tables(figures.fieldwork))

    assert by_category.rows[-1] == ["Total", 7, 5, 4, 10.0, 18.8, 36.0, 49.4]
    assert [row[0] for row in by_category.rows] == [
        "Éclairage",
        "Ascenseur",
        "Porte, serrure, contrôle d'accès",
        "Encombrants",
        "Total",
    ]
    assert by_partner.rows[0] == ["Archipel Habitat", 5, 4, 3, 10.5, 20.1, 24.0, 43.2]
    assert by_category.headings[4] == "Prise en compte : médiane (h)"


def test_small_counts_and_the_delays_drawn_from_them_leave_the_service_hidden(service, march):
    figures = indicators.compute(scope_of(service), now=APRIL_15)
    tables = report.field_tables(figures.fieldwork)

    hidden = suppress(tables)

    assert narrow_cells(hidden) == []
    by_category, by_partner = _signal_tables(hidden)
    lighting = by_category.rows[0]
    assert lighting[1:] == [SUPPRESSED] * 7  # 3 sent, 2 acknowledged and resolved: all small
    neotoa = by_partner.rows[1]
    assert neotoa[2] is SUPPRESSED and neotoa[4] is SUPPRESSED and neotoa[5] is SUPPRESSED


def test_a_landlords_funder_report_carries_its_delays_and_passes_the_audit(
    service, march, coordinator, login
):
    convention = ConventionFactory(
        organisation=service, title="Convention Archipel", starts_on=D(2027, 1, 1)
    )
    convention.scope_landlords.set([march["archipel"]])

    composed = funder.compose(convention, 2027, today=D(2027, 4, 15), now=APRIL_15)

    # From 1 January to 15 April: A0 to A5; A0 acknowledged after 24 h and resolved after 48,
    # A5 acknowledged after 72 (4, 10, 11, 24, 24, 72 h; 11, 24, 48, 48 h).
    _by_category, by_partner = _signal_tables(composed.tables)
    assert by_partner.rows == [
        ["Archipel Habitat", 6, 6, 4, 17.5, 48.0, 36.0, 48.0],
        ["Total", 6, 6, 4, 17.5, 48.0, 36.0, 48.0],
    ]
    assert narrow_cells(suppress(composed.tables)) == []
    page = login(coordinator).get(reverse("reports:funder_report", args=[convention.pk]))
    content = page.content.decode()
    assert "Signalements techniques par destinataire" in content and "17,5" in content


def test_the_landlords_documents_hold_the_wide_tables_and_give_nothing_away(
    service, march, settings, tmp_path
):
    """The PDF is read back by ``pdf_checks`` (nothing off the page, every cell tied to its
    headings); the CSV by the outside auditor."""
    settings.MEDIA_ROOT = tmp_path
    convention = ConventionFactory(
        organisation=service, title="Convention Archipel", starts_on=D(2027, 1, 1)
    )
    convention.scope_landlords.set([march["archipel"]])
    params = runs.normalise(funder.export_params(convention, 2027, today=D(2027, 4, 15)))

    def build(format):
        built = funder.build_funder_report(service, params, lambda *args: None, format)
        return built[2]

    assert build("pdf").startswith(b"%PDF")
    csv = build("csv")
    assert "Signalements techniques par destinataire" in csv.decode("utf-8-sig")
    assert auditor.leaks(csv) == []


def test_the_dashboard_shows_the_signals_and_their_delays(service, march, coordinator, login):
    page = login(coordinator).get(reverse("reports:dashboard") + "?du=2027-03-01&au=2027-03-31")

    content = page.content.decode()
    assert "Signalements techniques par catégorie" in content
    assert "Prise en compte : 90e centile (h)" in content and "18,8" in content


def test_the_definitions_say_how_the_signals_are_counted(login, coordinator):
    content = login(coordinator).get(reverse("reports:definitions")).content.decode()

    assert "CENTILE.INCLURE" in content and "Délais en heures" in content
