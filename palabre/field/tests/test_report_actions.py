"""The shift report and serious events: what the team writes at the end of tonight's shift, what
the coordination validates, and the message that tells it of a serious event."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError

from palabre.core.mail import AUTOMATIC
from palabre.core.models import JournalEntry
from palabre.field import actions, nights, safety_actions
from palabre.field.actions import FieldRefused
from palabre.field.codes import InterventionType, PlaceKind, Register
from palabre.field.safety import ReportStatus, SeriousEvent, ShiftReport
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at


@pytest.fixture
def logged(shift, record, place, correspondents):
    """Three interventions: two noise calls at Les Glycines (3 people), one elderly person in
    Maurepas (1)."""
    record(shift, by=correspondents[0], men=2, women=1)
    record(shift, by=correspondents[1], happened_at=at(EVENING, 23, 10))
    record(
        shift,
        by=correspondents[0],
        happened_at=at(EVENING, 23, 20),
        type=InterventionType.ISOLATED_ELDERLY,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(quartier=place["maurepas"]),
        older_women=1,
    )
    return shift


# --- The report ---------------------------------------------------------------------------------


def test_the_report_takes_its_counts_from_the_interventions(logged, correspondents):
    report = safety_actions.write_report(shift=logged, by=correspondents[0], summary="Calme")

    assert report.counts == {
        "interventions": 3,
        "people_met": 4,
        "by_register": {Register.CONFLICT_MANAGEMENT: 2, Register.SOCIAL_WATCH: 1},
        "by_type": {InterventionType.NOISE_NIGHT: 2, InterventionType.ISOLATED_ELDERLY: 1},
    }
    assert report.people_met == 4  # pre-filled
    assert report.status == ReportStatus.WRITTEN and report.signed_at is None


def test_the_team_may_correct_the_people_met_and_rewrite_until_validated(
    logged, correspondents, coordinator, clock
):
    first, second = correspondents
    safety_actions.write_report(shift=logged, by=first, summary="Premier jet", people_met=9)
    clock(at(NEXT_MORNING, 6, 30))
    signed = safety_actions.write_report(shift=logged, by=second, summary="Relu", sign=True)

    assert ShiftReport.objects.count() == 1
    assert (signed.summary, signed.people_met, signed.status) == ("Relu", 4, ReportStatus.SIGNED)
    assert (signed.signed_by, signed.signed_at) == (second, at(NEXT_MORNING, 6, 30))

    validated = safety_actions.validate_report(report=signed, by=coordinator)
    assert validated.status == ReportStatus.VALIDATED
    with pytest.raises(FieldRefused, match="validé par la coordination"):
        safety_actions.write_report(shift=logged, by=first, summary="Trop tard")
    assert ShiftReport.objects.get().summary == "Relu"


def test_saving_a_signed_report_unsigned_takes_the_signature_back(logged, correspondents):
    safety_actions.write_report(shift=logged, by=correspondents[0], sign=True)
    report = safety_actions.write_report(shift=logged, by=correspondents[1], summary="Ajout")
    assert (report.status, report.signed_by, report.signed_at) == (ReportStatus.WRITTEN, None, None)


def test_the_coordination_validates_only_a_signed_report(logged, correspondents, coordinator):
    report = safety_actions.write_report(shift=logged, by=correspondents[0])
    with pytest.raises(FieldRefused, match="pas encore signé"):
        safety_actions.validate_report(report=report, by=coordinator)
    safety_actions.write_report(shift=logged, by=correspondents[0], sign=True)
    safety_actions.validate_report(report=report, by=coordinator)
    with pytest.raises(FieldRefused, match="déjà validé"):
        safety_actions.validate_report(report=report, by=coordinator)


def test_the_validated_report_keeps_its_figures(logged, correspondents, coordinator, record):
    report = safety_actions.write_report(shift=logged, by=correspondents[0], sign=True)
    safety_actions.validate_report(report=report, by=coordinator)
    record(logged, by=correspondents[0], happened_at=at(EVENING, 23, 25))

    report.refresh_from_db()
    assert report.counts["interventions"] == 3


def test_one_report_per_shift_is_held_by_the_database(logged, correspondents):
    safety_actions.write_report(shift=logged, by=correspondents[0])
    with pytest.raises(IntegrityError):
        ShiftReport.objects.create(organisation_id=logged.organisation_id, shift=logged)


def test_two_first_versions_sent_at_once_make_one_report(logged, correspondents, monkeypatch):
    """The second request did not see the first one's report when it looked: the database
    refuses its row and the second version is written over the first."""
    real = safety_actions._report_of
    calls = []

    def not_yet_seen(shift, *, lock=False):
        calls.append(shift)
        if len(calls) == 1:
            ShiftReport.objects.create(
                organisation_id=shift.organisation_id, shift=shift, summary="Premier"
            )
            return None
        return real(shift, lock=lock)

    monkeypatch.setattr(safety_actions, "_report_of", not_yet_seen)
    report = safety_actions.write_report(shift=logged, by=correspondents[1], summary="Second")

    assert ShiftReport.objects.get() == report
    assert report.summary == "Second"


def test_no_report_before_the_shift_nor_for_a_cancelled_one(
    shift, correspondents, coordinator, clock
):
    clock(at(EVENING, 21))
    with pytest.raises(FieldRefused, match="n'a pas commencé"):
        safety_actions.write_report(shift=shift, by=correspondents[0])
    shift = actions.cancel_shift(shift=shift, by=coordinator)
    with pytest.raises(FieldRefused, match="annulée"):
        safety_actions.write_report(shift=shift, by=correspondents[0])
    assert not ShiftReport.objects.exists()


def test_the_journal_says_what_was_done_to_the_report_never_what_it_says(
    logged, correspondents, coordinator
):
    report = safety_actions.write_report(
        shift=logged, by=correspondents[0], summary="Texte MARQUEUR-JOURNAL", sign=True
    )
    safety_actions.validate_report(report=report, by=coordinator)

    verbs = list(
        JournalEntry.objects.filter(subject_id=report.pk).order_by("occurred_at", "recorded_at")
    )
    assert [entry.verb for entry in verbs] == ["shift_report_signed", "shift_report_validated"]
    assert all("MARQUEUR" not in entry.summary + str(entry.data) for entry in verbs)


# --- Serious events -----------------------------------------------------------------------------


@pytest.fixture
def coordination(member, coordinator):
    """Two coordinators and an admin; a coordinator of another service and a partner."""
    return [coordinator, member("coordinator"), member("admin")]


def test_a_serious_event_tells_each_coordinator_by_their_own_message_with_nothing_but_its_kind(
    logged, correspondents, coordination, member, other_service, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.PALABRE_BASE_URL = "https://palabre.example.org"
    member("coordinator", organisation=other_service)
    member("partner")
    member("mediator")
    intervention = logged.interventions.first()

    with django_capture_on_commit_callbacks(execute=True):
        event = safety_actions.flag_serious_event(
            shift=logged,
            by=correspondents[0],
            kind="TEAM_ASSAULTED",
            occurred_at=at(EVENING, 23, 5),
            description="Coup de poing MARQUEUR-GRAVE, témoin M. X",
            intervention=intervention,
        )
        assert mail.outbox == []  # only once it is saved

    expected = sorted(c.user.email for c in coordination)
    assert sorted(address for message in mail.outbox for address in message.to) == expected
    link = f"https://palabre.example.org/terrain/evenements-graves/{event.pk}/"
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.subject == "Événement grave signalé : Agression physique de l'équipe"
        assert (
            message.body == f"Événement grave signalé : Agression physique de l'équipe.\n\n{link}\n"
        )
        assert message.extra_headers == AUTOMATIC


def test_a_serious_event_stays_within_the_shift_and_its_hours(
    logged, shift, correspondents, service, coordinator, clock
):
    starts_at, ends_at = nights.bounds(NEXT_MORNING, dt.time(22), dt.time(23))
    other = actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=shift.team,
        starts_at=starts_at,
        ends_at=ends_at,
        quartiers=list(shift.quartiers.all()),
    )
    intervention = logged.interventions.first()
    with pytest.raises(FieldRefused, match="pas une intervention de la tournée"):
        safety_actions.flag_serious_event(
            shift=other, by=coordinator, kind="OTHER", occurred_at=at(NEXT_MORNING, 22, 10),
            intervention=intervention,
        )  # fmt: skip
    with pytest.raises(FieldRefused, match="pendant la tournée"):
        safety_actions.flag_serious_event(
            shift=logged, by=correspondents[0], kind="OTHER", occurred_at=at(EVENING, 21)
        )
    with pytest.raises(FieldRefused, match="à venir"):
        safety_actions.flag_serious_event(
            shift=logged, by=correspondents[0], kind="OTHER", occurred_at=at(NEXT_MORNING, 1)
        )
    assert not SeriousEvent.objects.exists()


def test_the_journal_names_the_kind_of_event_never_its_description(
    logged, correspondents, coordinator
):
    event = safety_actions.flag_serious_event(
        shift=logged, by=correspondents[0], kind="POLICE_CALLED", occurred_at=at(EVENING, 23),
        description="Détails MARQUEUR-GRAVE",
    )  # fmt: skip
    safety_actions.acknowledge_serious_event(event=event, by=coordinator)
    with pytest.raises(FieldRefused, match="déjà pris en compte"):
        safety_actions.acknowledge_serious_event(event=event, by=coordinator)

    entries = JournalEntry.objects.filter(subject_id=event.pk).order_by("recorded_at")
    assert [entry.summary for entry in entries] == [
        "Événement grave signalé : Police appelée",
        "Événement grave pris en compte par la coordination",
    ]
    assert all("MARQUEUR" not in str(entry.data) for entry in entries)
