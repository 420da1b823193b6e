"""The planning pages: the month, planning a shift from an evening and two times (across
midnight, across the changes of clocks), changing and cancelling it, its feuille de route, the
teams."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.field import actions, nights
from palabre.field.models import FieldTeam, Shift, ShiftStatus
from palabre.field.tests.conftest import EVENING, at
from palabre.partners.tests.helpers import page

CREATE = reverse("field:shift_create")


def shift_data(team, place, **overrides):
    data = {
        "date": "2027-03-27",
        "starts": "22:00",
        "ends": "06:00",
        "team": str(team.pk),
        "quartiers": [str(place["maurepas"].pk)],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("evening", "hours"), [("2027-03-27", 7), ("2027-10-30", 9), ("2027-05-14", 8)]
)
def test_a_night_planned_from_22_to_6_counts_its_real_hours(
    login, coordinator, team, place, evening, hours
):
    client = login(coordinator)
    response = client.post(CREATE, shift_data(team, place, date=evening))
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert shift.date == dt.date.fromisoformat(evening)
    assert shift.hours == hours
    content = page(client.get(response.url))
    assert f"22 h – 6 h ({hours} h)" in content
    month = page(client.get(f"{reverse('field:planning')}?mois={evening[:7]}"))
    assert f"22 h – 6 h ({hours} h)" in month


@pytest.mark.parametrize(
    ("times", "message"),
    [
        (("22:00", "22:00"), "La fin est à la même heure que le début"),
        (("16:00", "07:00"), "Une tournée ne peut pas dépasser 14 heures (ici 15 h)"),
    ],
    ids=["same hour", "too long"],
)
def test_a_shift_with_impossible_hours_is_refused_and_nothing_saved(
    login, coordinator, team, place, times, message
):
    data = shift_data(team, place, date="2027-05-14", starts=times[0], ends=times[1])
    content = page(login(coordinator).post(CREATE, data))
    assert message in content
    assert "rien n'a été enregistré" in content
    assert not Shift.objects.exists()


def test_a_shift_needs_a_territory_and_people_of_its_team(login, coordinator, team, place, member):
    stranger = member("mediator")
    stranger.user.first_name, stranger.user.last_name = "Paul", "Martin"
    stranger.user.save()
    data = shift_data(team, place, quartiers=[], members=[str(stranger.pk)])
    content = page(login(coordinator).post(CREATE, data))
    assert "Indiquez le territoire de la tournée" in content
    assert "Ne font pas partie de l'équipe « Équipe de nuit » : Paul Martin." in content
    assert not Shift.objects.exists()


def test_the_month_lists_the_shifts_of_a_mediators_teams_only(
    login, shift, correspondents, service, coordinator, member, place
):
    other_team = actions.create_team(
        organisation=service, by=coordinator, name="Équipe du soir", members=[member("mediator")]
    )
    starts_at, ends_at = nights.bounds(EVENING, dt.time(18), dt.time(23))
    actions.plan_shift(
        organisation=service, by=coordinator, team=other_team, starts_at=starts_at,
        ends_at=ends_at, quartiers=[place["blosne"]],
    )  # fmt: skip
    content = page(login(correspondents[0]).get(reverse("field:planning")))
    assert "Tournées — décembre 2026" in content
    assert "vendredi 11 décembre 2026" in content and "vous y êtes" in content
    assert "Équipe du soir" not in content
    assert "Planifier une tournée" not in content
    assert "Équipe du soir" in page(login(coordinator).get(reverse("field:planning")))


def test_the_coordinator_moves_a_shift_and_its_team_follows(
    login, coordinator, shift, team, place, correspondents
):
    url = reverse("field:shift_edit", args=[shift.pk])
    client = login(coordinator)
    assert 'value="22:00"' in page(client.get(url))
    data = shift_data(
        team, place, date=EVENING.isoformat(), starts="21:00", ends="05:00",
        members=[str(correspondents[1].pk)],
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    shift.refresh_from_db()
    assert (shift.starts_at, shift.ends_at) == (at(EVENING, 21), at(EVENING + dt.timedelta(1), 5))
    assert list(shift.members.all()) == [correspondents[1]]


def test_the_coordinator_cancels_a_shift_nothing_was_logged_on(login, coordinator, shift):
    url = reverse("field:shift_cancel", args=[shift.pk])
    client = login(coordinator)
    assert "Annuler la tournée du vendredi 11 décembre 2026" in page(client.get(url))
    assert client.post(url).status_code == 302
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.CANCELLED
    assert "Cette tournée est annulée." in page(client.get(reverse("field:shift", args=[shift.pk])))


def test_a_shift_that_was_held_cannot_be_cancelled(login, coordinator, shift, record):
    record(shift)
    content = page(login(coordinator).post(reverse("field:shift_cancel", args=[shift.pk])))
    assert "Des interventions sont enregistrées sur cette tournée" in content
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.HELD


def test_the_feuille_de_route_is_written_on_the_shift_page(login, coordinator, shift, place):
    client = login(coordinator)
    url = reverse("field:roadmap_add", args=[shift.pk])
    data = {"text": "Passer dans les halls : squats signalés", "residence": place["glycines"].pk}
    client.post(url, data)
    content = page(client.get(reverse("field:shift", args=[shift.pk])))
    assert "Passer dans les halls : squats signalés" in content
    assert "— Les Glycines" in content
    # A residence outside the territory is not even offered.
    response = client.post(url, {"text": "Ailleurs", "residence": place["ajoncs"].pk})
    assert "Sélectionnez un choix valide" in page(client.get(response.url))
    assert shift.roadmap.count() == 1


def test_the_team_sees_the_interventions_and_their_notes(login, correspondents, shift, record):
    record(shift, note="Revenir vers 2 h", men=2)
    content = page(login(correspondents[1]).get(reverse("field:shift", args=[shift.pk])))
    assert "1 intervention" in content and "2 personnes rencontrées" in content
    assert "Revenir vers 2 h" in content
    assert "Bruit nocturne" in content and "Prévention et gestion des conflits" in content


def test_the_coordinator_makes_a_team(login, coordinator, correspondents):
    client = login(coordinator)
    create = reverse("field:team_create")
    data = {"name": "Équipe du soir", "members": [str(correspondents[0].pk)]}
    assert client.post(create, data).status_code == 302
    team = FieldTeam.objects.get()
    assert list(team.members.all()) == [correspondents[0]]
    content = page(client.post(create, {"name": "équipe du soir"}))
    assert "Une équipe du service s'appelle déjà « équipe du soir »." in content
    edit = reverse("field:team_edit", args=[team.pk])
    assert client.post(edit, {"name": "Équipe du soir", "members": []}).status_code == 302
    assert not team.members.exists()
    assert "Équipe du soir" in page(client.get(reverse("field:teams")))
