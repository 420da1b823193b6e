"""The planning pages: permanences and their rules, closures, one session, cancelling and
moving it, for each role."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from palabre.partners.tests.factories import VenueFactory
from palabre.partners.tests.helpers import page
from palabre.permanences import actions
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    CancelReason,
    Closure,
    ClosureKind,
    Frequency,
    NoticeKind,
    OccurrenceStatus,
    Permanence,
)
from palabre.permanences.tests.conftest import MONDAY, at

ROLES = ["admin", "coordinator", "reception", "mediator", "board", "partner", "network_staff"]
READERS = {"admin", "coordinator", "reception", "mediator"}
PLANNERS = {"admin", "coordinator"}
TUESDAY = MONDAY + dt.timedelta(days=1)
LIST = reverse("permanences:list")
CREATE = reverse("permanences:create")
CLOSURES = reverse("permanences:closures")


def book(occurrence, hour=14, minute=0, **fields):
    defaults = {"last_name": "Le Gall", "email": "eloise@example.org", "notify_by": "EMAIL"}
    return actions.book(
        occurrence=occurrence,
        starts_at=at(TUESDAY, hour, minute),
        channel=BookingChannel.STAFF,
        **{**defaults, **fields},
    )


def rule_data(venue, **overrides):
    data = {
        "venue": str(venue.pk),
        "weekday": "1",
        "frequency": Frequency.WEEKLY,
        "starts_at": "14:00",
        "ends_at": "17:00",
        "slot_minutes": "45",
        "valid_from": MONDAY.isoformat(),
        "valid_until": "",
        "skip_school_holidays": "on",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def detail_url(permanence):
    return reverse("permanences:detail", args=[permanence.pk])


def edit_url(permanence):
    return reverse("permanences:edit", args=[permanence.pk])


def occurrence_url(occurrence, name="occurrence"):
    return reverse(f"permanences:{name}", args=[occurrence.pk])


def told(appointment, kind):
    return appointment.notices.filter(kind=kind, dropped=False).exists()


# --- Who reaches which page ---------------------------------------------------------------------

PAGES = {
    "list": (READERS, lambda o: LIST),
    "create": (PLANNERS, lambda o: CREATE),
    "detail": (READERS, lambda o: detail_url(o.permanence)),
    "edit": (PLANNERS, lambda o: edit_url(o.permanence)),
    "closures": (READERS, lambda o: CLOSURES),
    "occurrence": (READERS, lambda o: occurrence_url(o)),
    "cancel": (PLANNERS, lambda o: occurrence_url(o, "occurrence_cancel")),
    "move": (PLANNERS, lambda o: occurrence_url(o, "occurrence_move")),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_only_the_roles_it_serves(name, role, member, login, occurrence):
    allowed, url = PAGES[name]
    response = login(member(role)).get(url(occurrence))
    assert response.status_code == (200 if role in allowed else 404), (name, role)


def _posts(occurrence, venue):
    """Each form post, and how to tell whether it did something."""
    permanence = occurrence.permanence
    return {
        "create": (
            CREATE,
            rule_data(venue, weekday="3"),
            lambda: Permanence.objects.count() == 2,
        ),
        "edit": (
            edit_url(permanence),
            rule_data(venue, starts_at="13:30"),
            lambda: Permanence.objects.get(pk=permanence.pk).starts_at == dt.time(13, 30),
        ),
        "closure": (
            CLOSURES,
            {
                "kind": ClosureKind.CLOSURE,
                "label": "Travaux",
                "starts_on": TUESDAY.isoformat(),
                "ends_on": TUESDAY.isoformat(),
                "venue": "",
            },
            lambda: Closure.objects.exists(),
        ),
        "cancel": (
            occurrence_url(occurrence, "occurrence_cancel"),
            {"reason": CancelReason.STAFF},
            lambda: occurrence.__class__.objects.get(pk=occurrence.pk).is_cancelled,
        ),
        "move": (
            occurrence_url(occurrence, "occurrence_move"),
            {"day": TUESDAY.isoformat(), "starts_at": "15:00", "ends_at": "18:00"},
            lambda: occurrence.__class__.objects.get(pk=occurrence.pk).starts_at == at(TUESDAY, 15),
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["create", "edit", "closure", "cancel", "move"])
def test_only_the_coordination_plans(name, role, member, login, occurrence, venue):
    url, data, changed = _posts(occurrence, venue)[name]
    response = login(member(role)).post(url, data)
    if role in PLANNERS:
        assert response.status_code == 302, (name, role)
        assert changed(), (name, role)
    else:
        assert response.status_code == 404, (name, role)
        assert not changed(), (name, role)


@pytest.mark.parametrize(
    "url",
    [
        lambda o: detail_url(o.permanence),
        lambda o: edit_url(o.permanence),
        lambda o: occurrence_url(o),
        lambda o: occurrence_url(o, "occurrence_cancel"),
        lambda o: occurrence_url(o, "occurrence_move"),
    ],
)
def test_another_service_never_reaches_a_permanence_or_a_session(
    url, occurrence, other_service, member, login
):
    client = login(member("coordinator", organisation=other_service))
    assert client.get(url(occurrence)).status_code == 404
    post = client.post(
        occurrence_url(occurrence, "occurrence_cancel"), {"reason": CancelReason.STAFF}
    )
    assert post.status_code == 404
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.PLANNED


def test_another_service_sees_none_of_the_permanences_sessions_or_closures(
    service, coordinator, occurrence, other_service, member, login
):
    actions.add_closure(
        organisation=service,
        by=coordinator,
        kind=ClosureKind.CLOSURE,
        label="Travaux au Ronceray",
        starts_on=TUESDAY + dt.timedelta(days=30),
        ends_on=TUESDAY + dt.timedelta(days=31),
    )
    client = login(member("coordinator", organisation=other_service))
    content = page(client.get(LIST))
    assert "Maison du Ronceray" not in content
    assert occurrence_url(occurrence) not in content
    assert "Travaux au Ronceray" not in page(client.get(CLOSURES))


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_each_permanence_by_venue_with_its_rule_and_next_sessions(
    login, member, occurrence
):
    content = page(login(member("mediator")).get(LIST))
    assert "Maison du Ronceray" in content
    assert "Chaque mardi, de 14 h à 17 h" in content
    assert "créneaux de 45 min" in content and "réservable en ligne" in content
    assert detail_url(occurrence.permanence) in content
    assert occurrence_url(occurrence) in content
    assert CREATE not in content
    assert CLOSURES in content


def test_the_next_fortnight_counts_mediators_and_bookings_and_warns_of_a_lone_mediator(
    login, coordinator, occurrence, mediators
):
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    book(occurrence)
    content = page(login(coordinator).get(LIST))
    fortnight = content[content.index("Les 14 prochains jours") : content.index("Les permanences")]
    assert "mardi 8 décembre 2026" in fortnight and "mardi 15 décembre 2026" in fortnight
    assert "mardi 22 décembre 2026" not in fortnight
    assert "1 / 4" in fortnight
    assert fortnight.count("moins de deux médiateurs") == 2
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[1])
    fortnight = page(login(coordinator).get(LIST))
    assert fortnight.count("moins de deux médiateurs") == 1
    assert CREATE in fortnight


def test_the_list_costs_the_same_queries_for_one_permanence_or_many(
    service, coordinator, login, occurrence, mediators
):
    client = login(coordinator)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        page(client.get(LIST))
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    book(occurrence)
    for weekday in (2, 3, 4):
        actions.create_permanence(
            organisation=service,
            by=coordinator,
            venue=VenueFactory(organisation=service),
            weekday=weekday,
            frequency=Frequency.WEEKLY,
            starts_at=dt.time(9),
            ends_at=dt.time(12),
            slot_minutes=30,
            valid_from=MONDAY,
        )
    with CaptureQueriesContext(connection) as many:
        content = page(client.get(LIST))
    assert content.count("de 9 h à 12 h") == 3
    assert len(many) == len(few) <= 12


# --- Creating and changing a permanence ---------------------------------------------------------


def test_a_coordinator_creates_a_permanence_on_the_2nd_and_4th_tuesdays(
    login, coordinator, service, venue, clock
):
    data = rule_data(venue, frequency=Frequency.WEEKS_OF_MONTH, weeks=["2", "4"])
    response = login(coordinator).post(CREATE, data)
    permanence = Permanence.objects.get(organisation=service)
    assert response.status_code == 302 and response["Location"] == detail_url(permanence)
    assert permanence.weeks_of_month == "2,4"
    days = list(permanence.occurrences.values_list("planned_on", flat=True)[:4])
    assert days == [
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 22),
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 26),
    ]
    content = page(login(coordinator).get(detail_url(permanence)))
    assert "Les 2e et 4e mardis du mois, de 14 h à 17 h" in content
    assert "séances sont au calendrier" in content


def test_the_last_week_of_the_month_is_a_box_of_its_own(login, coordinator, service, venue, clock):
    data = rule_data(venue, frequency=Frequency.WEEKS_OF_MONTH, weeks=["-1"])
    login(coordinator).post(CREATE, data)
    permanence = Permanence.objects.get(organisation=service)
    assert permanence.weeks_of_month == "-1"
    assert permanence.occurrences.first().planned_on == dt.date(2026, 12, 29)


def test_weeks_ticked_for_a_weekly_permanence_are_ignored(login, coordinator, service, venue):
    login(coordinator).post(CREATE, rule_data(venue, weeks=["2"]))
    assert Permanence.objects.get(organisation=service).weeks_of_month == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "13:00"}, "L'heure de fin doit suivre l'heure de début."),
        ({"slot_minutes": "240"}, "Un créneau ne peut pas durer plus longtemps que la permanence."),
        ({"frequency": Frequency.WEEKS_OF_MONTH}, "Cochez au moins une semaine du mois."),
        ({"valid_until": "2026-12-01"}, "La date de fin précède la date de début."),
        ({"starts_at": "quatorze heures"}, "Saisissez une heure valide."),
    ],
)
def test_a_bad_rule_is_refused_in_french_and_nothing_is_created(
    login, coordinator, venue, clock, overrides, message
):
    content = page(login(coordinator).post(CREATE, rule_data(venue, **overrides)))
    assert message in content
    assert "rien n'a été enregistré" in content
    assert not Permanence.objects.exists()


def test_only_the_service_active_venues_are_offered(
    login, coordinator, service, other_service, venue
):
    closed = VenueFactory(organisation=service, name="Ancien local", is_active=False)
    foreign = VenueFactory(organisation=other_service, name="Lieu d'ailleurs")
    client = login(coordinator)
    content = page(client.get(CREATE))
    assert "Maison du Ronceray" in content
    assert "Ancien local" not in content and "Lieu d'ailleurs" not in content
    for other in (closed, foreign):
        content = page(client.post(CREATE, rule_data(other)))
        assert "Sélectionnez un choix valide" in content
    assert not Permanence.objects.exists()


def test_the_edit_page_warns_and_keeps_the_rule(login, coordinator, permanence):
    content = page(login(coordinator).get(edit_url(permanence)))
    assert "Les séances à venir suivent la nouvelle règle." in content
    assert "prévenues par e-mail ou SMS" in content
    assert 'value="14:00"' in content and 'value="45"' in content


def test_changing_the_day_cancels_the_booked_sessions_and_tells_the_people(
    login, coordinator, permanence, occurrence, venue
):
    appointment = book(occurrence)
    client = login(coordinator)
    response = client.post(edit_url(permanence), rule_data(venue, weekday="3"))
    assert response.status_code == 302
    occurrence.refresh_from_db()
    appointment.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert occurrence.cancel_reason == CancelReason.RULE_CHANGED
    assert appointment.state == AppointmentState.CANCELLED
    assert told(appointment, NoticeKind.CANCELLATION)
    assert permanence.occurrences.planned().first().planned_on == dt.date(2026, 12, 10)
    content = page(client.get(response["Location"]))
    assert "1 personne dont la séance disparaît est prévenue." in content


def test_a_refused_change_leaves_the_rule_as_it_was(login, coordinator, permanence, venue):
    content = page(login(coordinator).post(edit_url(permanence), rule_data(venue, ends_at="9:00")))
    assert "L'heure de fin doit suivre l'heure de début." in content
    permanence.refresh_from_db()
    assert permanence.ends_at == dt.time(17)


# --- The permanence page ------------------------------------------------------------------------


def test_the_permanence_page_shows_the_rule_the_venue_and_the_sessions_around_now(
    login, member, permanence, occurrence, clock, coordinator
):
    venue = permanence.venue
    venue.access_notes = "Bus C4, arrêt Ronceray"
    venue.save()
    clock(at(MONDAY + dt.timedelta(days=14), 9))
    actions.cancel_occurrence(
        occurrence=permanence.occurrences.get(planned_on=dt.date(2026, 12, 22)),
        by=coordinator,
        reason=CancelReason.VENUE,
    )
    content = page(login(member("reception")).get(detail_url(permanence)))
    assert "Chaque mardi, de 14 h à 17 h" in content
    assert venue.address in content and "Bus C4, arrêt Ronceray" in content
    upcoming = content[content.index("8 prochaines semaines") : content.index("4 dernières")]
    past = content[content.index("4 dernières semaines") :]
    assert "mardi 22 décembre 2026" in upcoming and "Lieu indisponible" in upcoming
    assert "mardi 9 février 2027" in upcoming and "mardi 16 février 2027" not in upcoming
    assert "mardi 8 décembre 2026" in past and "mardi 15 décembre 2026" in past
    assert edit_url(permanence) not in content


# --- Closures -----------------------------------------------------------------------------------


def test_adding_a_closure_cancels_the_sessions_it_covers_and_tells_the_people(
    login, coordinator, permanence, occurrence
):
    appointment = book(occurrence)
    client = login(coordinator)
    response = client.post(
        CLOSURES,
        {
            "kind": ClosureKind.SCHOOL_HOLIDAYS,
            "label": "Vacances de Noël",
            "starts_on": "2026-12-05",
            "ends_on": "2027-01-03",
            "venue": "",
        },
    )
    assert response.status_code == 302
    cancelled = permanence.occurrences.filter(status=OccurrenceStatus.CANCELLED)
    assert [o.planned_on.day for o in cancelled] == [8, 15, 22, 29]
    assert permanence.occurrences.planned().first().planned_on == dt.date(2027, 1, 5)
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert told(appointment, NoticeKind.CANCELLATION)
    content = page(client.get(CLOSURES))
    assert "« Vacances de Noël » est enregistrée : 4 séances annulées." in content
    assert "1 personne qui avait rendez-vous est prévenue." in content
    assert "Vacances scolaires" in content and "Tous les lieux" in content


def test_school_holidays_spare_a_permanence_held_during_the_holidays(
    login, coordinator, permanence, occurrence
):
    permanence.skip_school_holidays = False
    permanence.save()
    login(coordinator).post(
        CLOSURES,
        {
            "kind": ClosureKind.SCHOOL_HOLIDAYS,
            "label": "Vacances de Noël",
            "starts_on": "2026-12-05",
            "ends_on": "2027-01-03",
            "venue": "",
        },
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.PLANNED


def test_a_closure_ending_before_it_starts_is_refused(login, coordinator, occurrence):
    content = page(
        login(coordinator).post(
            CLOSURES,
            {
                "kind": ClosureKind.CLOSURE,
                "label": "Travaux",
                "starts_on": "2026-12-10",
                "ends_on": "2026-12-09",
                "venue": "",
            },
        )
    )
    assert "La fin de la fermeture précède son début." in content
    assert not Closure.objects.exists()


def test_the_team_reads_closures_and_past_ones_fold_away_after_a_year(
    login, member, service, coordinator, venue, clock
):
    # On the fixed Monday of December 2026: spring 2026 is within the year, 2025 is not.
    for label, start in [
        ("Travaux de printemps", dt.date(2026, 4, 1)),
        ("Fermeture de 2025", dt.date(2025, 6, 1)),
        ("Vacances d'hiver", dt.date(2027, 2, 6)),
    ]:
        actions.add_closure(
            organisation=service,
            by=coordinator,
            kind=ClosureKind.CLOSURE,
            label=label,
            starts_on=start,
            ends_on=start + dt.timedelta(days=5),
            venue=venue,
        )
    content = page(login(member("mediator")).get(CLOSURES))
    assert "Vacances d'hiver" in content and "Maison du Ronceray" in content
    folded = content[content.index("<details>") : content.index("</details>")]
    assert "Travaux de printemps" in folded
    assert "Fermeture de 2025" not in content
    assert 'name="label"' not in content
    assert "zone B" not in content
    assert "zone B" in page(login(coordinator).get(CLOSURES))


# --- One session --------------------------------------------------------------------------------


def test_the_session_page_names_the_mediators_and_warns_when_one_is_missing(
    login, coordinator, occurrence, mediators
):
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    client = login(coordinator)
    content = page(client.get(occurrence_url(occurrence)))
    assert "Séance du mardi 8 décembre 2026" in content and "14 h – 17 h" in content
    assert mediators[0].user.get_full_name() in content
    assert "moins de deux médiateurs" in content
    assert occurrence_url(occurrence, "occurrence_cancel") in content
    assert occurrence_url(occurrence, "occurrence_move") in content
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[1])
    content = page(client.get(occurrence_url(occurrence)))
    assert mediators[1].user.get_full_name() in content
    assert "moins de deux médiateurs" not in content


def test_names_of_the_booked_show_to_the_office_and_the_mediators_on_duty_only(
    login, member, coordinator, occurrence, mediators
):
    book(occurrence, last_name="Kerouani")
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    assert "Kerouani" in page(login(member("reception")).get(occurrence_url(occurrence)))
    assert "Kerouani" in page(login(mediators[0]).get(occurrence_url(occurrence)))
    content = page(login(member("mediator")).get(occurrence_url(occurrence)))
    assert "Kerouani" not in content
    assert "1 rendez-vous pris sur 4 créneaux de 45 minutes." in content


def test_a_cancelled_session_says_why_and_offers_no_change(login, coordinator, occurrence):
    actions.cancel_occurrence(occurrence=occurrence, by=coordinator, reason=CancelReason.STAFF)
    client = login(coordinator)
    content = page(client.get(occurrence_url(occurrence)))
    assert "Cette séance est annulée : Médiateurs indisponibles." in content
    assert occurrence_url(occurrence, "occurrence_cancel") not in content
    assert "moins de deux médiateurs" not in content
    for name in ("occurrence_cancel", "occurrence_move"):
        response = client.get(occurrence_url(occurrence, name))
        assert response.status_code == 302
        assert response["Location"] == occurrence_url(occurrence)


def test_a_past_session_offers_no_change(login, coordinator, occurrence, clock):
    clock(at(TUESDAY, 18))
    content = page(login(coordinator).get(occurrence_url(occurrence)))
    assert occurrence_url(occurrence, "occurrence_move") not in content


def test_cancelling_a_session_says_who_will_be_told_then_tells_them(login, coordinator, occurrence):
    reached = book(occurrence)
    unreachable = book(occurrence, 14, 45, last_name="Sans contact", email="", notify_by="")
    client = login(coordinator)
    content = page(client.get(occurrence_url(occurrence, "occurrence_cancel")))
    assert "2 personnes ont rendez-vous à cette séance." in content
    assert "1 sera prévenue par e-mail ou SMS." in content
    assert "1 n'a pas laissé de moyen d'être prévenue" in content
    assert "Changement du calendrier" not in content
    response = client.post(
        occurrence_url(occurrence, "occurrence_cancel"), {"reason": CancelReason.VENUE}
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert occurrence.cancel_reason == CancelReason.VENUE
    for appointment in (reached, unreachable):
        appointment.refresh_from_db()
        assert appointment.state == AppointmentState.CANCELLED
    assert told(reached, NoticeKind.CANCELLATION)
    assert not unreachable.notices.exists()
    assert "La séance est annulée ; 1 personne est prévenue." in page(
        client.get(response["Location"])
    )


def test_cancelling_needs_a_reason(login, coordinator, occurrence):
    content = page(login(coordinator).post(occurrence_url(occurrence, "occurrence_cancel"), {}))
    assert "Ce champ est obligatoire." in content
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.PLANNED


def test_moving_a_session_shifts_the_bookings_and_tells_the_people(login, coordinator, occurrence):
    appointment = book(occurrence, 14, 45)
    client = login(coordinator)
    content = page(client.get(occurrence_url(occurrence, "occurrence_move")))
    assert 'value="2026-12-08"' in content
    assert 'value="14:00"' in content and 'value="17:00"' in content
    assert "1 sera prévenue par e-mail ou SMS." in content
    wednesday = TUESDAY + dt.timedelta(days=1)
    response = client.post(
        occurrence_url(occurrence, "occurrence_move"),
        {"day": wednesday.isoformat(), "starts_at": "15:00", "ends_at": "18:00"},
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    appointment.refresh_from_db()
    assert (occurrence.starts_at, occurrence.ends_at) == (at(wednesday, 15), at(wednesday, 18))
    assert appointment.starts_at == at(wednesday, 15, 45)
    assert appointment.state == AppointmentState.BOOKED
    assert told(appointment, NoticeKind.CHANGE)
    content = page(client.get(response["Location"]))
    assert "La séance a lieu le mercredi 9 décembre 2026, 15 h – 18 h ; 1 personne est" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"day": "2026-12-08", "starts_at": "14:00", "ends_at": "15:00"},
            "La nouvelle plage est trop courte pour les rendez-vous déjà pris.",
        ),
        (
            {"day": "2026-12-01", "starts_at": "14:00", "ends_at": "17:00"},
            "Une séance ne peut être déplacée que vers l'avenir.",
        ),
        (
            {"day": "2026-12-08", "starts_at": "17:00", "ends_at": "14:00"},
            "L'heure de fin doit suivre l'heure de début.",
        ),
    ],
)
def test_a_move_the_session_cannot_take_is_refused(login, coordinator, occurrence, data, message):
    appointment = book(occurrence, 15, 30)
    content = page(login(coordinator).post(occurrence_url(occurrence, "occurrence_move"), data))
    assert message in content
    occurrence.refresh_from_db()
    appointment.refresh_from_db()
    assert occurrence.starts_at == at(TUESDAY, 14)
    assert appointment.starts_at == at(TUESDAY, 15, 30)
    assert not Appointment.objects.filter(notices__kind=NoticeKind.CHANGE).exists()
