"""The verbs of field mediation: what they do, what they refuse (changing nothing), and what
they write to the Journal."""

import datetime as dt
import uuid

import pytest

from palabre.core.journal import entries_for
from palabre.core.models import JournalEntry
from palabre.field import actions, nights
from palabre.field.actions import FieldRefused
from palabre.field.codes import Initiator, InterventionType, PlaceKind, Register
from palabre.field.models import FieldTeam, Intervention, RoadmapItem, Shift, ShiftStatus
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.partners.tests.factories import ResidenceFactory

MARKER = "MARQUEUR-NOTE-TERRAIN-4K7Z"


def plan(service, coordinator, team, **overrides):
    starts_at, ends_at = nights.bounds(EVENING + dt.timedelta(days=1), dt.time(22), dt.time(6))
    fields = {"team": team, "starts_at": starts_at, "ends_at": ends_at, **overrides}
    return actions.plan_shift(organisation=service, by=coordinator, **fields)


# --- Teams and shifts ---------------------------------------------------------------------------


def test_a_team_is_made_of_the_services_mediators(service, coordinator, member, other_service):
    outsider = member("mediator", organisation=other_service)
    with pytest.raises(FieldRefused, match="Seuls les médiateurs et la coordination"):
        actions.create_team(organisation=service, by=coordinator, name="Nuit", members=[outsider])
    with pytest.raises(FieldRefused, match="Seuls les médiateurs"):
        actions.create_team(
            organisation=service, by=coordinator, name="Nuit", members=[member("reception")]
        )
    assert not FieldTeam.objects.exists()


def test_two_teams_of_a_service_cannot_share_a_name(service, coordinator, team):
    with pytest.raises(FieldRefused, match="s'appelle déjà"):
        actions.create_team(organisation=service, by=coordinator, name="équipe de nuit")


def test_a_shift_belongs_to_the_evening_it_starts_and_takes_the_whole_team(
    service, coordinator, team, place, correspondents
):
    shift = plan(service, coordinator, team, quartiers=[place["maurepas"]])
    assert shift.date == EVENING + dt.timedelta(days=1)
    assert shift.hours == 8
    assert set(shift.members.all()) == set(correspondents)
    assert shift.status == ShiftStatus.PLANNED
    assert [e.verb for e in entries_for(shift)] == ["shift_planned"]


def test_a_shift_refuses_someone_outside_its_team(service, coordinator, team, place, member):
    stranger = member("mediator")
    with pytest.raises(FieldRefused, match="ne fait pas partie de l'équipe"):
        plan(service, coordinator, team, members=[stranger], quartiers=[place["maurepas"]])
    assert not Shift.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [((16, 7), "ne peut pas dépasser 14 heures"), ((22, 22), "ne peut pas dépasser 14 heures")],
)
def test_a_shift_too_long_is_refused(service, coordinator, team, place, hours, message):
    day = EVENING
    starts_at, ends_at = nights.bounds(day, dt.time(hours[0]), dt.time(hours[1]))
    with pytest.raises(FieldRefused, match=message):
        plan(
            service,
            coordinator,
            team,
            starts_at=starts_at,
            ends_at=ends_at,
            quartiers=[place["maurepas"]],
        )
    assert not Shift.objects.exists()


def test_a_shift_needs_a_territory_of_its_own_service(service, coordinator, team, other_service):
    from palabre.cases.tests.factories import CommuneFactory

    with pytest.raises(FieldRefused, match="Indiquez le territoire"):
        plan(service, coordinator, team)
    with pytest.raises(FieldRefused, match="celui du service"):
        plan(service, coordinator, team, communes=[CommuneFactory(organisation=other_service)])
    assert not Shift.objects.exists()


def test_a_shift_with_interventions_keeps_them_within_its_hours(
    shift, coordinator, team, record, place
):
    record(shift, happened_at=at(EVENING, 22, 30))
    starts_at, ends_at = nights.bounds(EVENING, dt.time(23), dt.time(7))
    with pytest.raises(FieldRefused, match="1 intervention déjà enregistrée tomberait hors"):
        actions.change_shift(
            shift=shift, by=coordinator, team=team, starts_at=starts_at, ends_at=ends_at,
            quartiers=[place["maurepas"]],
        )  # fmt: skip
    shift.refresh_from_db()
    assert shift.starts_at == at(EVENING, 22)


def test_a_shift_is_cancelled_only_before_anything_is_logged(shift, coordinator, record):
    record(shift)
    with pytest.raises(FieldRefused, match="elle a eu lieu"):
        actions.cancel_shift(shift=shift, by=coordinator)
    Intervention.objects.all().delete()
    cancelled = actions.cancel_shift(shift=shift, by=coordinator)
    assert cancelled.status == ShiftStatus.CANCELLED
    with pytest.raises(FieldRefused, match="déjà annulée"):
        actions.cancel_shift(shift=cancelled, by=coordinator)


def test_the_roadmap_names_only_residences_of_the_territory(shift, coordinator, place):
    item = actions.add_roadmap_item(
        shift=shift, by=coordinator, text="Passer dans les halls", residence=place["glycines"]
    )
    assert list(shift.roadmap.all()) == [item]
    with pytest.raises(FieldRefused, match="n'est pas dans le territoire"):
        actions.add_roadmap_item(
            shift=shift, by=coordinator, text="Ailleurs", residence=place["ajoncs"]
        )
    actions.remove_roadmap_item(item=item, by=coordinator)
    assert not RoadmapItem.objects.exists()
    verbs = {entry.verb for entry in entries_for(shift)}
    assert {"roadmap_item_added", "roadmap_item_removed"} <= verbs


# --- Interventions ------------------------------------------------------------------------------


def test_an_intervention_takes_its_area_from_the_residence_and_its_register_from_the_type(
    shift, record, place
):
    intervention = record(shift, type=InterventionType.TECHNICAL_WATCH_ROUND, men=2, girls=1)
    assert (intervention.quartier, intervention.commune) == (place["maurepas"], place["rennes"])
    assert intervention.register == Register.TECHNICAL_WATCH
    assert intervention.people_met == 3
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.HELD


def test_a_public_space_of_a_quartier_of_the_territory_is_a_place(shift, record, place):
    intervention = record(
        shift,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(quartier=place["maurepas"]),
        place_label="Square de la Motte",
        register=Register.SOCIAL_WATCH,
    )
    assert intervention.residence is None
    assert intervention.commune == place["rennes"]
    assert intervention.register == Register.SOCIAL_WATCH


@pytest.mark.parametrize(
    ("where", "kind", "message"),
    [
        ("ajoncs", PlaceKind.HALL, "Ce lieu n'est pas dans le territoire de la tournée."),
        ("blosne", PlaceKind.PUBLIC_SPACE, "Ce lieu n'est pas dans le territoire de la tournée."),
        ("glycines", PlaceKind.PUBLIC_SPACE, "Pour une résidence ou un hall"),
        ("maurepas", PlaceKind.HALL, "Pour une résidence ou un hall"),
    ],
)
def test_a_place_outside_the_territory_or_of_the_wrong_kind_saves_nothing(
    shift, record, place, where, kind, message
):
    row = place[where]
    spot = Place(residence=row) if where in ("ajoncs", "glycines") else Place(quartier=row)
    with pytest.raises(FieldRefused, match=message):
        record(shift, place=spot, place_kind=kind)
    assert not Intervention.objects.exists()
    assert not JournalEntry.objects.filter(verb="intervention_recorded").exists()
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.PLANNED


def test_a_residence_of_another_service_is_never_in_the_territory(shift, record, other_service):
    foreign = ResidenceFactory(landlord__organisation=other_service)
    with pytest.raises(FieldRefused, match="pas dans le territoire"):
        record(shift, place=Place(residence=foreign))


@pytest.mark.parametrize(
    "moment", [at(EVENING, 21, 59), at(NEXT_MORNING, 6, 1)], ids=["before", "after"]
)
def test_a_time_outside_the_shift_is_refused(shift, record, clock, moment):
    clock(at(NEXT_MORNING, 8))
    with pytest.raises(FieldRefused, match=r"doit tomber pendant la tournée \(22 h – 6 h\)"):
        record(shift, happened_at=moment)
    assert not Intervention.objects.exists()


def test_an_intervention_still_to_come_is_refused(shift, record):
    with pytest.raises(FieldRefused, match="est à venir"):
        record(shift, happened_at=at(NEXT_MORNING, 1))


def test_nothing_is_logged_on_a_cancelled_shift(shift, coordinator, record):
    actions.cancel_shift(shift=shift, by=coordinator)
    shift.refresh_from_db()
    with pytest.raises(FieldRefused, match="annulée"):
        record(shift)


def test_the_same_entry_sent_twice_is_recorded_once(shift, record):
    client_id = uuid.uuid4()
    first = record(shift, client_id=client_id, men=1)
    again = record(shift, client_id=client_id, men=5, happened_at=at(EVENING, 23, 10))
    assert again.pk == first.pk
    assert again.men == 1
    assert Intervention.objects.count() == 1
    assert JournalEntry.objects.filter(verb="intervention_recorded").count() == 1


def test_two_simultaneous_sends_of_one_entry_record_it_once(shift, record, monkeypatch):
    """The second request looked before the first had written: the database's unique key
    stops it, and it answers with the first one's intervention."""
    client_id = uuid.uuid4()
    first = record(shift, client_id=client_id)
    real, looks = actions._recorded, []

    def blind_at_first(*args):
        looks.append(args)
        return None if len(looks) == 1 else real(*args)

    monkeypatch.setattr(actions, "_recorded", blind_at_first)
    again = record(shift, client_id=client_id, happened_at=at(EVENING, 23, 10))
    assert again.pk == first.pk
    assert len(looks) == 2  # it did try to write, and looked again
    assert Intervention.objects.count() == 1


def test_an_entry_id_is_unique_per_service_not_across_services(
    shift, record, service, other_service, coordinator
):
    client_id = uuid.uuid4()
    record(shift, client_id=client_id)
    Intervention.objects.update(organisation=other_service)
    record(shift, client_id=client_id)
    assert Intervention.objects.filter(client_id=client_id).count() == 2


def test_an_entry_id_already_used_on_another_shift_is_refused(
    shift, record, service, coordinator, team, place
):
    client_id = uuid.uuid4()
    record(shift, client_id=client_id)
    starts_at, ends_at = nights.bounds(EVENING, dt.time(21), dt.time(23))
    other = plan(service, coordinator, team, starts_at=starts_at, ends_at=ends_at,
                 quartiers=[place["maurepas"]])  # fmt: skip
    with pytest.raises(FieldRefused, match="sur une autre tournée"):
        record(other, client_id=client_id, happened_at=at(EVENING, 22, 30))


def test_a_call_received_is_an_intervention_from_a_residents_call(shift, record):
    record(shift, initiated_by=Initiator.RESIDENT_CALL)
    record(shift, happened_at=at(EVENING, 23, 5))
    assert Intervention.objects.calls().count() == 1


def test_the_journal_says_an_intervention_was_logged_never_what_its_note_says(shift, record):
    intervention = record(shift, note=f"Voisin du 3e très agité {MARKER}")
    assert MARKER in intervention.note
    entries = JournalEntry.objects.all()
    assert entries.filter(verb="intervention_recorded", subject_id=intervention.pk).exists()
    for entry in entries:
        assert MARKER not in entry.summary
        assert MARKER not in str(entry.data)
