"""Calendar feeds: valid iCalendar, only what the team may share, and addresses that stop
answering when they are renewed or revoked."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from palabre.cases import actions as case_actions
from palabre.organisations.models import Role
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions, feeds
from palabre.permanences.models import (
    AppointmentState,
    BookingChannel,
    CalendarFeed,
    CancelReason,
    Frequency,
)
from palabre.permanences.tests.conftest import MONDAY, at

TUESDAY = MONDAY + dt.timedelta(days=1)
MARKER = "Zyxwvmarqueur"


def book(occurrence, hour=14, minute=0, **fields):
    return actions.book(
        occurrence=occurrence,
        starts_at=at(occurrence.starts_at.date(), hour, minute),
        channel=BookingChannel.STAFF,
        **{"last_name": "Le Gall", **fields},
    )


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def event_of(body: bytes, occurrence):
    uid = f"{occurrence.pk}@palabre"
    found = [event for event in events(body) if str(event["UID"]) == uid]
    assert len(found) == 1
    return found[0]


def fetch(client, feed):
    return client.get(reverse("rdv:feed", args=[feed.token]))


@pytest.fixture
def on_duty(coordinator, occurrence, mediators):
    """Both mediators hold tomorrow's session."""
    for mediator in mediators:
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediator)
    return occurrence


@pytest.fixture
def mediator_feed(service, mediators):
    return actions.issue_feed(organisation=service, mediator=mediators[0])


@pytest.fixture
def venue_feed(service, venue, permanence):
    return actions.issue_feed(organisation=service, venue=venue)


# --- The document ------------------------------------------------------------------------------


def test_a_feed_parses_back_with_the_properties_every_event_needs(on_duty, mediator_feed):
    body = feeds.mediator_calendar(mediator_feed)
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Palabre//Permanences//FR"
    assert str(calendar["X-WR-CALNAME"]) == "Mes permanences — Service Un"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
    found = events(body)
    assert found
    for event in found:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS"):
            assert name in event, name
        assert event.end > event.start
        assert event.start.utcoffset() == dt.timedelta(0)


def test_a_feed_with_no_duty_is_still_a_calendar_with_one_component(mediator_feed):
    body = feeds.mediator_calendar(mediator_feed)
    calendar = Calendar.from_ical(body)
    assert events(body) == []
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_an_event_says_where_when_who_is_on_duty_and_how_many_are_booked(
    on_duty, mediator_feed, mediators, venue
):
    venue.address = "12 rue des Lilas"
    venue.save()
    book(on_duty, 14)
    book(on_duty, 14, 45, last_name="Autre")
    event = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    assert str(event["UID"]) == f"{on_duty.pk}@palabre"
    assert event.start == dt.datetime(2026, 12, 8, 13, tzinfo=dt.UTC) == at(TUESDAY, 14)
    assert event.end == at(TUESDAY, 17)
    assert str(event["SUMMARY"]) == "Permanence — Maison du Ronceray"
    assert str(event["LOCATION"]) == f"12 rue des Lilas, {venue.commune.name}"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    for mediator in mediators:
        assert mediator.user.get_full_name() in description
    assert "2 rendez-vous sur 4 créneaux" in description


def test_lines_end_with_crlf_and_long_lines_are_folded(on_duty, mediator_feed, venue):
    venue.address = "Résidence des Acacias, bâtiment C, escalier 4, " * 3
    venue.save()
    body = feeds.mediator_calendar(mediator_feed)
    assert body.endswith(b"\r\n")
    assert body.count(b"\n") == body.count(b"\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\r\n " in body


def test_a_uid_stays_the_same_from_one_fetch_to_the_next(on_duty, mediator_feed, clock):
    first = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    clock(at(MONDAY, 11))
    again = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    assert first["UID"] == again["UID"]
    assert first["DTSTAMP"].dt == again["DTSTAMP"].dt


# --- What each feed holds ----------------------------------------------------------------------


def test_a_mediators_feed_holds_only_their_duties(
    service, coordinator, permanence, on_duty, mediators, member
):
    later = permanence.occurrences.get(planned_on=TUESDAY + dt.timedelta(days=7))
    colleague = member("mediator")
    actions.set_availability(mediator=colleague, windows=[(1, dt.time(13), dt.time(18))])
    actions.add_duty(occurrence=later, by=coordinator, mediator=colleague)
    mine = feeds.mediator_calendar(actions.issue_feed(organisation=service, mediator=mediators[0]))
    theirs = feeds.mediator_calendar(actions.issue_feed(organisation=service, mediator=colleague))
    assert [str(event["UID"]) for event in events(mine)] == [f"{on_duty.pk}@palabre"]
    assert [str(event["UID"]) for event in events(theirs)] == [f"{later.pk}@palabre"]


def test_a_venues_feed_holds_every_session_there_and_no_other_venues(
    service, coordinator, permanence, venue_feed, clock
):
    elsewhere = actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(organisation=service, name="Centre social"),
        weekday=3,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        slot_minutes=30,
        valid_from=MONDAY,
    )
    body = feeds.venue_calendar(venue_feed)
    uids = {str(event["UID"]) for event in events(body)}
    assert uids == {f"{occurrence.pk}@palabre" for occurrence in permanence.occurrences.all()}
    assert not uids & {f"{o.pk}@palabre" for o in elsewhere.occurrences.all()}
    assert str(Calendar.from_ical(body)["X-WR-CALNAME"]) == "Permanences — Maison du Ronceray"


def test_the_window_runs_from_sixty_days_ago_to_the_planning_horizon(
    permanence, venue_feed, clock, settings
):
    settings.PALABRE_PLANNING_DAYS = 120
    clock(at(TUESDAY + dt.timedelta(days=70), 9))
    actions.plan(permanence)
    starts = sorted(event.start for event in events(feeds.venue_calendar(venue_feed)))
    today = TUESDAY + dt.timedelta(days=70)
    assert starts[0] >= at(today, 9) - dt.timedelta(days=60)
    assert starts[0] < at(today, 9) - dt.timedelta(days=53)
    assert starts[-1] <= at(today + dt.timedelta(days=120), 17)


def test_a_cancelled_session_is_cancelled_with_a_higher_sequence(
    coordinator, on_duty, mediator_feed
):
    before = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    actions.cancel_occurrence(occurrence=on_duty, by=coordinator, reason=CancelReason.VENUE)
    after = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    assert str(before["STATUS"]) == "CONFIRMED"
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert "Lieu indisponible" in str(after["DESCRIPTION"])


def test_a_moved_session_shows_its_new_times(coordinator, on_duty, mediator_feed):
    wednesday = TUESDAY + dt.timedelta(days=1)
    actions.move_occurrence(
        occurrence=on_duty,
        by=coordinator,
        day=wednesday,
        starts_at=dt.time(15),
        ends_at=dt.time(18),
    )
    event = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    assert (event.start, event.end) == (at(wednesday, 15), at(wednesday, 18))
    assert b"DTSTART:20261209T140000Z" in feeds.mediator_calendar(mediator_feed)
    assert int(event["SEQUENCE"]) == 1


def test_no_feed_names_the_people_booked_nor_anything_of_a_case(
    service, coordinator, on_duty, mediator_feed, venue_feed
):
    case = case_actions.open_case(
        organisation=service,
        by=coordinator,
        opened_on=MONDAY,
        channel="PHONE",
        referral_source="SELF",
        requester_last_name=f"{MARKER}-partie",
        requester_first_name="Éloïse",
        other_party_last_name=f"{MARKER}-voisin",
        primary_conflict="NOISE",
        commune=on_duty.permanence.venue.commune,
    )
    case_actions.add_private_note(case=case, by=coordinator, text=f"{MARKER}-note")
    book(
        on_duty,
        14,
        first_name=f"{MARKER}-prenom",
        last_name=f"{MARKER}-nom",
        email="marqueur@example.org",
        phone="0611223344",
        notify_by="EMAIL",
        case=case,
    )
    for body in (feeds.mediator_calendar(mediator_feed), feeds.venue_calendar(venue_feed)):
        text = Calendar.from_ical(body).to_ical().decode()
        unfolded = body.replace(b"\r\n ", b"").decode()
        for haystack in (text, unfolded):
            assert MARKER.lower() not in haystack.lower()
            assert "marqueur@example.org" not in haystack
            assert "0611223344" not in haystack
            assert case.reference not in haystack
        assert "1 rendez-vous sur 4 créneaux" in unfolded.replace("\\", "")


def test_pending_and_cancelled_bookings_are_not_counted(on_duty, mediator_feed):
    book(on_duty, 14)
    online = actions.book(
        occurrence=on_duty,
        starts_at=at(TUESDAY, 14, 45),
        channel=BookingChannel.PUBLIC,
        last_name="En attente",
        email="attente@example.org",
        notify_by="EMAIL",
    )
    assert online.state == AppointmentState.PENDING
    gone = book(on_duty, 15, 30, last_name="Parti")
    actions.cancel_appointment(appointment=gone)
    event = event_of(feeds.mediator_calendar(mediator_feed), on_duty)
    assert "1 rendez-vous sur 4 créneaux" in str(event["DESCRIPTION"])


def test_a_feed_costs_two_queries_however_many_sessions(
    coordinator, permanence, mediators, mediator_feed, django_assert_num_queries
):
    for occurrence in permanence.occurrences.all()[:4]:
        for mediator in mediators:
            actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediator)
        book(occurrence, 14)
    with django_assert_num_queries(2):
        body = feeds.mediator_calendar(mediator_feed)
    assert len(events(body)) == 4


# --- The address -------------------------------------------------------------------------------


def test_a_live_address_answers_text_calendar_without_an_account(
    client, on_duty, mediator_feed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = fetch(client, mediator_feed)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert event_of(response.content, on_duty)


def test_a_feed_address_answers_only_get(client, mediator_feed):
    response = client.post(reverse("rdv:feed", args=[mediator_feed.token]))
    assert response.status_code == 405


def test_unknown_and_revoked_addresses_get_the_same_404(client, mediator_feed):
    actions.revoke_feed(feed=mediator_feed)
    revoked = fetch(client, mediator_feed)
    unknown = client.get(reverse("rdv:feed", args=["pas-une-adresse"]))
    assert revoked.status_code == unknown.status_code == 404
    # The same page, but for the per-request nonce, CSRF token and address.
    varying = re.compile(rb'(nonce|value)="[^"]*"')
    assert varying.sub(b"", revoked.content) == varying.sub(b"", unknown.content)


def test_a_renewed_address_replaces_the_old_one(client, service, mediators, mediator_feed):
    renewed = actions.issue_feed(organisation=service, mediator=mediators[0])
    assert fetch(client, mediator_feed).status_code == 404
    assert fetch(client, renewed).status_code == 200


def test_the_feed_of_a_mediator_who_left_stops_answering(client, mediators, mediator_feed):
    mediators[0].is_active = False
    mediators[0].save()
    assert fetch(client, mediator_feed).status_code == 404


# --- The page ----------------------------------------------------------------------------------

ROLES = [r.value for r in Role]
LIST = {"admin": 200, "coordinator": 200, "mediator": 200}
OWN = {"coordinator": 302, "mediator": 302}
PLANNERS = {"admin": 302, "coordinator": 302}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_feed_page(login, member, role, permanence):
    response = login(member(role)).get(reverse("permanences:feeds"))
    assert response.status_code == LIST.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_who_issues_their_own_feed(login, member, role):
    membership = member(role)
    response = login(membership).post(reverse("permanences:feed_issue"))
    assert response.status_code == OWN.get(role, 404)
    issued = CalendarFeed.objects.filter(mediator=membership, revoked_at__isnull=True)
    assert issued.count() == (1 if role in OWN else 0)


@pytest.mark.parametrize("role", ROLES)
def test_who_issues_a_venues_feed(login, member, role, venue, permanence):
    response = login(member(role)).post(reverse("permanences:feed_issue"), {"venue": venue.pk})
    assert response.status_code == PLANNERS.get(role, 404)
    issued = CalendarFeed.objects.filter(venue=venue, revoked_at__isnull=True)
    assert issued.count() == (1 if role in PLANNERS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_who_revokes_a_venues_feed(login, member, role, venue_feed):
    response = login(member(role)).post(reverse("permanences:feed_revoke", args=[venue_feed.pk]))
    assert response.status_code == PLANNERS.get(role, 404)
    venue_feed.refresh_from_db()
    assert (venue_feed.revoked_at is not None) == (role in PLANNERS)


@pytest.mark.parametrize("role", ["coordinator", "mediator"])
def test_a_member_revokes_their_own_feed(login, service, member, role):
    membership = member(role)
    feed = actions.issue_feed(organisation=service, mediator=membership)
    response = login(membership).post(reverse("permanences:feed_revoke", args=[feed.pk]))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_a_mediator_cannot_revoke_a_colleagues_feed(login, mediators, mediator_feed):
    response = login(mediators[1]).post(reverse("permanences:feed_revoke", args=[mediator_feed.pk]))
    assert response.status_code == 404
    mediator_feed.refresh_from_db()
    assert mediator_feed.revoked_at is None


def test_a_mediator_cannot_issue_a_venues_feed_even_by_forging_the_form(
    login, mediators, venue, permanence
):
    response = login(mediators[0]).post(reverse("permanences:feed_issue"), {"venue": venue.pk})
    assert response.status_code == 404
    assert not CalendarFeed.objects.filter(venue=venue).exists()


def test_a_foreign_services_feed_and_venue_are_not_found(login, coordinator, other_service, member):
    foreign = actions.issue_feed(
        organisation=other_service, venue=VenueFactory(organisation=other_service)
    )
    client = login(coordinator)
    revoke = client.post(reverse("permanences:feed_revoke", args=[foreign.pk]))
    issue = client.post(reverse("permanences:feed_issue"), {"venue": foreign.venue_id})
    assert (revoke.status_code, issue.status_code) == (404, 404)
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_the_page_shows_the_full_address_and_renewing_replaces_it(
    login, mediators, settings, permanence
):
    settings.PALABRE_BASE_URL = "https://palabre.exemple.fr/"
    mediator = mediators[0]
    client = login(mediator)
    page = client.get(reverse("permanences:feeds")).content.decode()
    assert "Créer mon adresse d'agenda" in page
    client.post(reverse("permanences:feed_issue"))
    first = CalendarFeed.objects.get(mediator=mediator)
    page = client.get(reverse("permanences:feeds")).content.decode()
    assert f'value="https://palabre.exemple.fr/agenda/{first.token}.ics"' in page
    assert f"webcal://palabre.exemple.fr/agenda/{first.token}.ics" in page
    assert "Renouveler l'adresse" in page
    assert "Agendas des lieux" not in page
    client.post(reverse("permanences:feed_issue"))
    first.refresh_from_db()
    assert first.revoked_at is not None
    renewed = CalendarFeed.objects.get(mediator=mediator, revoked_at__isnull=True)
    page = client.get(reverse("permanences:feeds")).content.decode()
    assert renewed.token in page
    assert first.token not in page


def test_the_coordination_sees_one_feed_per_venue_with_permanences(
    login, coordinator, service, venue, permanence, venue_feed
):
    idle = VenueFactory(organisation=service, name="Salle sans permanence")
    page = login(coordinator).get(reverse("permanences:feeds")).content.decode()
    assert "Agendas des lieux" in page
    assert venue_feed.token in page
    assert idle.name not in page
    assert "Mon agenda" in page
