"""Absences by who chose the slot (docs/adr/0026), on appointments counted by hand: the slots
people chose through their invitation's link against those the service gave; the dashboard shows
every figure, a document that leaves the service hides the small ones and what would give them
away."""

import csv
import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Occurrence,
    Permanence,
)
from palabre.reports import booking_no_shows, exports, indicators, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import narrow_cells, suppress
from palabre.reports.tables import SUPPRESSED

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
C, N = AppointmentState.CAME, AppointmentState.NO_SHOW
V, S, P, B, W = (
    BookingChannel.INVITATION,
    BookingChannel.STAFF,
    BookingChannel.PUBLIC,
    BookingChannel.PARTNER,
    BookingChannel.WALK_IN,
)

# Each session of 2026, the appointments of its slots in order: (who chose, what became of it);
# V: chosen through an invitation, S: given by the service, P: online, B: by a partner.
SESSIONS = {
    "2026-03-03": [(V, C), (V, C), (V, C), (V, C), (V, N), (S, C), (S, C), (S, C), (S, N), (S, N)],
    "2026-03-10": [(V, C), (V, C), (V, C), (V, C), (V, C), (S, C), (S, C), (S, N), (P, C), (P, N),
                   (B, C), (V, AppointmentState.CANCELLED), (S, AppointmentState.BOOKED)],
    # Out of the year: counts nowhere in 2026.
    "2025-12-16": [(V, N), (S, C)],
}  # fmt: skip
WALK_INS = {"2026-03-10": 2}
# By hand: chosen through an invitation, 9 came and 1 did not (10 %); given by the service, 5 came
# and 3 did not (37,5 %); online without an invitation 1 and 1; by a partner 1 and 0. The
# cancelled slot and the one whose visit was not recorded count nowhere, nor do the walk-ins.
EXPECTED = [
    ["Choisi par la personne, sur invitation", 10, 9, 1, 0.1],
    ["Donné par le service", 8, 5, 3, 0.375],
    ["Réservé en ligne par la personne, sans invitation", 2, 1, 1, 0.5],
    ["Pris par un partenaire", 1, 1, 0, 0.0],
    ["Total", 21, 16, 5, 5 / 21],
]


def _session(service, permanence, day: str, appointments, walk_ins=0):
    starts = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(14), tzinfo=PARIS)
    session = Occurrence.objects.create(
        organisation=service,
        permanence=permanence,
        planned_on=starts.date(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=7),
    )
    for index, (channel, state) in enumerate(appointments):
        Appointment.objects.create(
            organisation=service,
            occurrence=session,
            starts_at=starts + dt.timedelta(minutes=30 * index),
            state=state,
            channel=channel,
            secret=f"{service.slug}-{day}-{index}",
        )
    for index in range(walk_ins):
        Appointment.objects.create(
            organisation=service,
            occurrence=session,
            state=C,
            channel=W,
            secret=f"{service.slug}-{day}-walk-in-{index}",
        )


@pytest.fixture
def service(db, monkeypatch):
    moment = dt.datetime(2027, 1, 15, 9, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    service = OrganisationFactory(name="Service Un", slug="service-un")
    permanence = Permanence.objects.create(
        organisation=service,
        venue=VenueFactory(organisation=service),
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(21),
        slot_minutes=30,
        valid_from=dt.date(2025, 12, 1),
    )
    for day, appointments in SESSIONS.items():
        _session(service, permanence, day, appointments, WALK_INS.get(day, 0))
    # Another service's session the same day: never counted here.
    other = OrganisationFactory(name="Service Deux", slug="service-deux")
    elsewhere = Permanence.objects.create(
        organisation=other,
        venue=VenueFactory(organisation=other),
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(21),
        slot_minutes=30,
        valid_from=dt.date(2026, 1, 1),
    )
    _session(other, elsewhere, "2026-03-03", [(V, N), (V, N), (S, C)])
    return service


@pytest.fixture
def figures(service):
    return indicators.compute(Scope.of_year(service, 2026))


def test_came_and_absent_are_counted_by_who_chose_the_slot(figures):
    assert figures.permanences["by_channel"] == {
        "INVITATION": {"came": 9, "no_show": 1},
        "STAFF": {"came": 5, "no_show": 3},
        "PUBLIC": {"came": 1, "no_show": 1},
        "PARTNER": {"came": 1},
    }
    assert (figures.permanences["came"], figures.permanences["no_show"]) == (16, 5)


def test_the_table_compares_them_and_ends_on_the_permanences_figures(figures):
    table = booking_no_shows.table(figures.permanences)
    assert table.rows == EXPECTED
    assert table.title == "Absences aux rendez-vous de permanence selon qui a choisi le créneau"
    # Its total row is the « Permanences » table's people who came and absences: one quantity.
    assert (
        table.key(4, 2) == "permanences.came@now" and table.key(4, 3) == "permanences.no_show@now"
    )
    tables = report.activity_tables(figures)
    assert table.title in [t.title for t in tables]
    defined = {str(row) for _title, items in report.definitions() for d in items for row in d.rows}
    assert table.title in defined


def test_the_dashboard_shows_every_figure(service, client):
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    client.force_login(coordinator.user)
    session = client.session
    session["palabre_membership_id"] = str(coordinator.pk)
    session.save()
    response = client.get(reverse("reports:dashboard"), {"du": "2026-01-01", "au": "2026-12-31"})
    assert response.status_code == 200
    text = response.content.decode()
    caption = f">{booking_no_shows.TITLE}</caption>"
    section = text.split(caption)[1].split("</table>")[0]
    for label, *_numbers in EXPECTED:
        assert label in section
    rates = re.findall(r">([\d,]+)\xa0%<", section)
    assert rates == ["10", "37,5", "50", "0", "23,8"], rates


def test_a_document_leaving_the_service_hides_the_small_counts_and_what_gives_them_away(figures):
    document = suppress(report.activity_tables(figures))
    table = next(t for t in document if t.title == str(booking_no_shows.TITLE))
    by_label = {row[0]: row for row in table.rows}
    invitation, staff = by_label[EXPECTED[0][0]], by_label[EXPECTED[1][0]]
    assert invitation[3] is SUPPRESSED and invitation[4] is SUPPRESSED  # 1 absence, its rate
    assert staff[3] is SUPPRESSED and staff[4] is SUPPRESSED  # 3 absences
    # No hidden count can be pinned down from the rest of the document.
    assert narrow_cells(document) == []
    every = [cell for t in document for row in t.rows for cell in row[1:]]
    assert SUPPRESSED in every
    # The CSV a funder receives says the same.
    content = exports.to_csv("Bilan", "2026", report.activity_tables(figures)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    start = next(i for i, row in enumerate(rows) if row[:1] == [str(booking_no_shows.TITLE)])
    written = {row[0]: row for row in rows[start + 2 : start + 7]}
    assert written[EXPECTED[0][0]][3] == "< 5"
