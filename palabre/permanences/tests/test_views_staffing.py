"""Staffing pages: the coordination's month, giving up and taking sessions, availability and
absences. The clock stands on Monday 7 December 2026: "next month" is January 2027, whose
Tuesdays (5, 12, 19, 26) each have a session of the weekly permanence."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.core.journal import entries_for
from palabre.partners.tests.factories import VenueFactory
from palabre.partners.tests.helpers import page
from palabre.permanences import actions
from palabre.permanences.models import Absence, Availability, BookingChannel, Duty, Frequency
from palabre.permanences.tests.conftest import MONDAY, at
from palabre.permanences.views.staffing import available_for

ROLES = ["admin", "coordinator", "reception", "mediator", "board", "partner", "network_staff"]
PLANNERS = {"admin", "coordinator"}
ON_DUTY = {"coordinator", "mediator"}

MONTH = reverse("permanences:staffing")
MINE = reverse("permanences:mine")
AVAILABILITY = reverse("permanences:availability")
JANUARY_5 = dt.date(2027, 1, 5)


def named(membership, first_name, last_name):
    membership.user.first_name, membership.user.last_name = first_name, last_name
    membership.user.save()
    return membership


def session_on(permanence, day):
    return permanence.occurrences.get(planned_on=day)


def weekly_tuesdays(mediator):
    actions.set_availability(mediator=mediator, windows=[(1, dt.time(13), dt.time(18))])
    return mediator


# --- Who opens what -----------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    name: str
    method: str
    url: object
    allowed: frozenset


def _url(name, *keys, query=""):
    def build(objects):
        return reverse(f"permanences:{name}", args=[objects[key].pk for key in keys]) + query

    return build


VIEWS = [
    View("staffing", "get", _url("staffing"), frozenset(PLANNERS)),
    View("duty_add", "post", _url("duty_add", "occurrence"), frozenset(PLANNERS)),
    View("duty_remove", "get", _url("duty_remove", "duty"), frozenset(PLANNERS)),
    View("mine", "get", _url("mine"), frozenset(ON_DUTY)),
    View("duty_take", "post", _url("duty_take", "occurrence"), frozenset(ON_DUTY)),
    View("availability", "get", _url("availability"), frozenset(ON_DUTY)),
    View(
        "availability_of_a_member",
        "get",
        lambda objects: f"{AVAILABILITY}?membre={objects['member'].pk}",
        frozenset(PLANNERS),
    ),
    View("absence_delete", "post", _url("absence_delete", "absence"), frozenset(PLANNERS)),
]
OBJECT_VIEWS = [view for view in VIEWS if view.name not in ("staffing", "mine", "availability")]


def _objects(organisation, coordinator, member):
    venue = VenueFactory(organisation=organisation)
    permanence = actions.create_permanence(
        organisation=organisation,
        by=coordinator,
        venue=venue,
        weekday=1,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        valid_from=MONDAY,
    )
    occurrence = session_on(permanence, JANUARY_5)
    colleague = weekly_tuesdays(member("mediator", organisation))
    return {
        "occurrence": occurrence,
        "duty": actions.add_duty(occurrence=occurrence, by=coordinator, mediator=colleague),
        "member": colleague,
        "absence": actions.add_absence(
            mediator=colleague, starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 5)
        ),
    }


@pytest.fixture
def objects(service, coordinator, member, clock):
    return _objects(service, coordinator, member)


@pytest.fixture
def foreign(other_service, member, clock):
    return _objects(other_service, member("coordinator", other_service), member)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_each_role_opens_exactly_the_staffing_pages_of_its_row(login, member, objects, view, role):
    response = getattr(login(member(role)), view.method)(view.url(objects))
    if role in view.allowed:
        assert response.status_code == (302 if view.method == "post" else 200)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "mediator"])
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda view: view.name)
def test_another_service_objects_answer_404_like_missing_ones(
    login, member, objects, foreign, view, role
):
    response = getattr(login(member(role)), view.method)(view.url(foreign))
    assert response.status_code == 404


def test_a_coordinator_cannot_open_the_availability_of_someone_who_holds_no_permanence(
    login, coordinator, member, clock
):
    receptionist = member("reception")
    response = login(coordinator).get(f"{AVAILABILITY}?membre={receptionist.pk}")
    assert response.status_code == 404


# --- The coordination's month -------------------------------------------------------------------


def _select(content, occurrence):
    match = re.search(
        rf'<select name="mediator"[^>]*id="id_mediator_{occurrence.pk.hex}".*?</select>',
        content,
        re.DOTALL,
    )
    return match[0] if match else ""


@pytest.fixture
def team(member, mediators):
    """Two mediators available on Tuesdays, one without any window, one away 5–12 January."""
    named(mediators[0], "Awa", "Diallo")
    named(mediators[1], "Bruno", "Le Floch")
    away = named(weekly_tuesdays(member("mediator")), "Chloé", "Martin")
    actions.add_absence(mediator=away, starts_on=JANUARY_5, ends_on=dt.date(2027, 1, 12))
    idle = named(member("mediator"), "Denis", "Robert")
    return {"awa": mediators[0], "bruno": mediators[1], "away": away, "idle": idle}


def test_next_month_opens_by_default_with_links_to_the_months_around(
    login, coordinator, permanence
):
    content = page(login(coordinator).get(MONTH))
    assert "Planning de l'équipe — janvier 2027" in content
    assert f"{MONTH}?mois=2026-12" in content and f"{MONTH}?mois=2027-02" in content


def test_the_month_flags_sessions_with_fewer_than_two_mediators_and_offers_only_available_ones(
    login, coordinator, permanence, team
):
    january_12 = session_on(permanence, dt.date(2027, 1, 12))
    for mediator in (team["awa"], team["bruno"]):
        actions.add_duty(occurrence=january_12, by=coordinator, mediator=mediator)
    january_19 = session_on(permanence, dt.date(2027, 1, 19))
    actions.add_duty(occurrence=january_19, by=coordinator, mediator=team["awa"])

    content = page(login(coordinator).get(MONTH, {"mois": "2027-01"}))

    assert content.count("Moins de deux médiateurs") == 3
    assert re.search(r"Séances prévues</p>\s*<p[^>]*>4<", content)
    assert re.search(r"Séances à moins de deux médiateurs</p>\s*<p[^>]*>3<", content)
    offered = _select(content, session_on(permanence, JANUARY_5))
    assert "Awa Diallo" in offered and "Bruno Le Floch" in offered
    assert "Chloé Martin" not in offered  # away that day
    assert "Denis Robert" not in offered  # never available
    assert "Chloé Martin" in _select(content, session_on(permanence, dt.date(2027, 1, 26)))
    # Whoever is already on duty is not offered again; nobody left: it is said.
    assert "Awa Diallo" not in _select(content, january_19)
    assert "Bruno Le Floch" in _select(content, january_19)
    assert not _select(content, january_12)
    assert "Aucun médiateur disponible" not in content.split("12 janvier")[0]
    assert "Aucun médiateur disponible" in content


def test_a_coordinator_adds_an_available_mediator_through_the_page(
    login, coordinator, permanence, team
):
    occurrence = session_on(permanence, JANUARY_5)
    client = login(coordinator)
    response = client.post(
        reverse("permanences:duty_add", args=[occurrence.pk]), {"mediator": team["awa"].pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{MONTH}?mois=2027-01"
    assert list(occurrence.duties.values_list("mediator", flat=True)) == [team["awa"].pk]
    content = page(client.get(response["Location"]))
    assert "Awa Diallo tient la séance du mardi 5 janvier 2027." in content


def test_an_unavailable_mediator_cannot_be_added_and_the_refusal_is_said(
    login, coordinator, permanence, team
):
    occurrence = session_on(permanence, JANUARY_5)
    client = login(coordinator)
    url = reverse("permanences:duty_add", args=[occurrence.pk])
    response = client.post(url, {"mediator": team["away"].pk}, follow=True)
    assert "Choisissez un médiateur disponible pour cette séance." in page(response)
    assert not occurrence.duties.exists()


def test_a_refusal_of_the_action_comes_back_as_an_error_message(
    login, coordinator, permanence, team
):
    occurrence = session_on(permanence, JANUARY_5)
    actions.cancel_occurrence(occurrence=occurrence, by=coordinator, reason="OTHER")
    response = login(coordinator).post(
        reverse("permanences:duty_add", args=[occurrence.pk]),
        {"mediator": team["awa"].pk},
        follow=True,
    )
    assert "Cette séance est annulée." in page(response)
    assert not occurrence.duties.exists()


def test_the_month_page_reads_the_month_in_a_bounded_number_of_queries(
    login, coordinator, member, permanence, team, django_assert_max_num_queries
):
    client = login(coordinator)
    client.get(MONTH)  # Warm the session and the middleware caches.
    with django_assert_max_num_queries(8):
        small = page(client.get(MONTH))
    for _index in range(6):
        weekly_tuesdays(member("mediator"))
    for day in (dt.date(2027, 1, 12), dt.date(2027, 1, 19), dt.date(2027, 1, 26)):
        for mediator in (team["awa"], team["bruno"]):
            actions.add_duty(
                occurrence=session_on(permanence, day), by=coordinator, mediator=mediator
            )
    with django_assert_max_num_queries(8):
        large = page(client.get(MONTH))
    assert large.count("<option") > small.count("<option")


def test_the_shared_availability_rule_agrees_with_the_action(permanence, team):
    occurrences = list(permanence.occurrences.filter(planned_on__month=1))
    candidates = list(team.values())
    found = available_for(occurrences, candidates)
    for occurrence in occurrences:
        expected = [m for m in candidates if actions.is_available(m, occurrence)]
        assert found[occurrence.pk] == expected


# --- Giving up a session ------------------------------------------------------------------------


@pytest.fixture
def pair_on_january_5(coordinator, permanence, team):
    occurrence = session_on(permanence, JANUARY_5)
    duties = [
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=team[key])
        for key in ("awa", "bruno")
    ]
    actions.book(
        occurrence=occurrence,
        starts_at=at(JANUARY_5, 14),
        channel=BookingChannel.STAFF,
        last_name="Le Gall",
    )
    return duties


def test_a_mediator_gives_up_their_session_after_seeing_the_consequences(
    login, coordinator, team, pair_on_january_5
):
    duty = pair_on_january_5[0]
    occurrence = duty.occurrence
    client = login(team["awa"])
    url = reverse("permanences:duty_remove", args=[duty.pk])

    content = page(client.get(url))
    assert "Après votre départ, cette séance n'aura plus qu'un médiateur." in content
    assert "1 rendez-vous est déjà pris à cette séance." in content

    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == MINE
    assert not Duty.objects.filter(pk=duty.pk).exists()
    assert "Vous ne tenez plus la séance du mardi 5 janvier 2027." in page(client.get(MINE))
    assert entries_for(occurrence).filter(verb="duty_removed").exists()

    # The coordination sees the session short of a mediator.
    month = page(login(coordinator).get(MONTH))
    row = month.split("mardi 5 janvier 2027")[1].split("</tr>")[0]
    assert "Moins de deux médiateurs" in row


def test_the_last_mediator_leaving_is_told_nobody_remains(login, team, pair_on_january_5):
    pair_on_january_5[0].delete()
    content = page(
        login(team["bruno"]).get(reverse("permanences:duty_remove", args=[pair_on_january_5[1].pk]))
    )
    assert "Après votre départ, cette séance n'aura plus aucun médiateur." in content


def test_a_mediator_cannot_remove_a_colleague_from_a_session(login, team, pair_on_january_5):
    client = login(team["awa"])
    url = reverse("permanences:duty_remove", args=[pair_on_january_5[1].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Duty.objects.filter(pk=pair_on_january_5[1].pk).exists()


def test_a_coordinator_removes_a_mediator_and_returns_to_the_month(
    login, coordinator, pair_on_january_5
):
    duty = pair_on_january_5[1]
    client = login(coordinator)
    url = reverse("permanences:duty_remove", args=[duty.pk])
    assert "Après ce retrait, cette séance n'aura plus qu'un médiateur." in page(client.get(url))
    response = client.post(url)
    assert response["Location"] == f"{MONTH}?mois=2027-01"
    assert not Duty.objects.filter(pk=duty.pk).exists()


# --- Taking a session ---------------------------------------------------------------------------


def test_a_mediator_takes_a_session_that_needs_someone_at_their_hours(
    login, member, coordinator, occurrence, mediators
):
    mediator = mediators[0]
    client = login(mediator)
    content = page(client.get(MINE))
    assert "Vous ne tenez aucune séance" in content
    take = reverse("permanences:duty_take", args=[occurrence.pk])
    assert take in content

    response = client.post(take)
    assert response.status_code == 302 and response["Location"] == MINE
    assert occurrence.duties.filter(mediator=mediator).exists()
    content = page(client.get(MINE))
    assert "Vous tenez la séance du mardi 8 décembre 2026." in content
    held = content.split('id="h-held"')[1].split('id="h-needing"')[0]
    assert "mardi 8 décembre 2026" in held
    assert "Seul·e pour l'instant" in held
    assert take not in content


def test_sessions_already_paired_or_outside_my_hours_are_not_offered(
    login, coordinator, member, permanence, occurrence, mediators
):
    for mediator in mediators:
        actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediator)
    third = member("mediator")
    actions.set_availability(mediator=third, windows=[(1, dt.time(15), dt.time(18))])
    later = session_on(permanence, MONDAY + dt.timedelta(days=8))
    content = page(login(third).get(MINE))
    assert reverse("permanences:duty_take", args=[occurrence.pk]) not in content
    assert reverse("permanences:duty_take", args=[later.pk]) not in content
    assert "Aucune séance à pourvoir" in content


def test_a_session_already_over_cannot_be_taken(login, clock, occurrence, mediators):
    clock(at(MONDAY + dt.timedelta(days=1), 18))
    response = login(mediators[0]).post(
        reverse("permanences:duty_take", args=[occurrence.pk]), follow=True
    )
    assert "Cette séance est passée." in page(response)
    assert not occurrence.duties.exists()


# --- Availability and absences ------------------------------------------------------------------


def test_the_availability_form_replaces_the_weekly_windows(login, mediators):
    mediator = mediators[0]
    client = login(mediator)
    content = page(client.get(AVAILABILITY))
    assert 'value="13:00"' in content and 'value="18:00"' in content
    data = {
        "part": "plages",
        "day_0": "2",
        "start_0": "09:00",
        "end_0": "12:30",
        "day_1": "4",
        "start_1": "14:00",
        "end_1": "17:00",
    }
    response = client.post(AVAILABILITY, data)
    assert response.status_code == 302
    windows = list(mediator.availabilities.values_list("weekday", "starts_at", "ends_at"))
    assert windows == [(2, dt.time(9), dt.time(12, 30)), (4, dt.time(14), dt.time(17))]


def test_a_window_ending_before_it_starts_is_refused_and_nothing_changes(login, mediators):
    mediator = mediators[0]
    data = {"part": "plages", "day_0": "2", "start_0": "12:00", "end_0": "09:00"}
    content = page(login(mediator).post(AVAILABILITY, data), status=400)
    assert "L'heure de fin doit suivre l'heure de début." in content
    assert list(mediator.availabilities.values_list("weekday", "starts_at", "ends_at")) == [
        (1, dt.time(13), dt.time(18))
    ]


def test_a_half_filled_row_is_refused(login, mediators):
    data = {"part": "plages", "day_0": "2", "start_0": "09:00", "end_0": ""}
    content = page(login(mediators[0]).post(AVAILABILITY, data), status=400)
    assert "Indiquez le jour, l'heure de début et l'heure de fin." in content
    assert mediators[0].availabilities.count() == 1


def test_a_coordinator_sets_the_availability_of_a_team_member(login, coordinator, mediators):
    mediator = named(mediators[0], "Awa", "Diallo")
    url = f"{AVAILABILITY}?membre={mediator.pk}"
    client = login(coordinator)
    assert "Disponibilités de Awa Diallo" in page(client.get(url))
    response = client.post(
        url, {"part": "plages", "day_0": "0", "start_0": "9:00", "end_0": "12:00"}
    )
    assert response["Location"] == url
    assert list(Availability.objects.filter(mediator=mediator).values_list("weekday")) == [(0,)]


def test_a_mediator_adds_and_withdraws_an_absence(login, clock, mediators):
    mediator = mediators[0]
    client = login(mediator)
    response = client.post(
        AVAILABILITY, {"part": "absence", "starts_on": "2027-01-04", "ends_on": "2027-01-08"}
    )
    assert response.status_code == 302
    absence = Absence.objects.get(mediator=mediator)
    assert (absence.starts_on, absence.ends_on) == (dt.date(2027, 1, 4), dt.date(2027, 1, 8))
    content = page(client.get(AVAILABILITY))
    assert "Du lundi 4 janvier 2027 au vendredi 8 janvier 2027" in content

    delete = reverse("permanences:absence_delete", args=[absence.pk])
    assert delete in content
    assert client.post(delete)["Location"] == AVAILABILITY
    assert not Absence.objects.filter(pk=absence.pk).exists()


def test_an_absence_ending_before_it_starts_is_refused(login, mediators):
    data = {"part": "absence", "starts_on": "2027-01-08", "ends_on": "2027-01-04"}
    content = page(login(mediators[0]).post(AVAILABILITY, data), status=400)
    assert "La fin de l'absence précède son début." in content
    assert not Absence.objects.exists()


def test_an_absence_already_over_stays(login, clock, mediators):
    absence = actions.add_absence(
        mediator=mediators[0], starts_on=dt.date(2026, 12, 14), ends_on=dt.date(2026, 12, 15)
    )
    clock(at(dt.date(2026, 12, 20), 9))
    response = login(mediators[0]).post(
        reverse("permanences:absence_delete", args=[absence.pk]), follow=True
    )
    assert "Cette absence est terminée" in page(response)
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_a_mediator_cannot_withdraw_a_colleague_absence(login, mediators):
    absence = actions.add_absence(
        mediator=mediators[1], starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 1, 8)
    )
    response = login(mediators[0]).post(reverse("permanences:absence_delete", args=[absence.pk]))
    assert response.status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_an_absent_mediator_is_no_longer_offered_the_sessions_of_those_days(
    login, permanence, mediators
):
    mediator = mediators[0]
    client = login(mediator)
    tomorrow = session_on(permanence, MONDAY + dt.timedelta(days=1))
    take = reverse("permanences:duty_take", args=[tomorrow.pk])
    assert take in page(client.get(MINE))
    client.post(
        AVAILABILITY, {"part": "absence", "starts_on": "2026-12-08", "ends_on": "2026-12-08"}
    )
    assert take not in page(client.get(MINE))
