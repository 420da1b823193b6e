"""The certification cycle: stages, due dates at two and four years, overdue audits and actions,
and the refusals of impossible moves."""

import datetime as dt

import pytest

from palabre.core.actions import Refused
from palabre.core.models import JournalEntry
from palabre.network import actions_certification as actions
from palabre.network import certification as rules
from palabre.network.models import ActionItem, CertificationRecord, Finding
from palabre.network.tests.certification_support import (
    TODAY,
    make_contact,
    make_member,
    make_network,
    open_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    network, staff = make_network()
    member = make_member(network)
    return network, staff, member


def certified(record, staff, on):
    return actions.set_stage(record=record, stage="CERTIFIED", on=on, by=staff, today=TODAY)


def test_a_certification_is_due_for_surveillance_at_two_years_and_renewal_at_four(setup):
    network, staff, member = setup
    record = certified(open_record(network, staff, member), staff, dt.date(2024, 6, 10))

    assert rules.surveillance_due_on(record) == dt.date(2026, 6, 10)
    assert rules.renewal_due_on(record) == dt.date(2028, 6, 10)


def test_a_certification_granted_on_29_february_falls_due_on_28_february():
    assert rules.add_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert rules.add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert rules.add_years(dt.date(2023, 3, 1), 1) == dt.date(2024, 3, 1)


def test_a_record_not_certified_has_no_due_dates(setup):
    network, staff, member = setup
    record = open_record(network, staff, member)

    assert rules.surveillance_due_on(record) is None
    assert rules.renewal_due_on(record) is None
    assert rules.next_step(record, TODAY).label == "Audit à blanc"
    assert not rules.is_overdue(record, TODAY)


def test_the_surveillance_audit_is_overdue_the_day_after_its_due_date(setup):
    network, staff, member = setup
    record = certified(open_record(network, staff, member), staff, dt.date(2024, 3, 15))

    on_time = rules.next_step(record, dt.date(2026, 3, 15))
    late = rules.next_step(record, dt.date(2026, 3, 16))

    assert (on_time.label, on_time.is_overdue, on_time.is_due_soon) == (
        "Audit de suivi",
        False,
        True,
    )
    assert late.is_overdue and rules.is_overdue(record, dt.date(2026, 3, 16))


def test_after_the_surveillance_audit_the_renewal_comes_next(setup):
    network, staff, member = setup
    record = certified(open_record(network, staff, member), staff, dt.date(2023, 1, 10))
    record = actions.record_surveillance_audit(
        record=record, on=dt.date(2025, 1, 20), by=staff, today=TODAY
    )

    step = rules.next_step(record, TODAY)

    assert (step.label, step.due_on, step.is_overdue) == (
        "Audit de renouvellement",
        dt.date(2027, 1, 10),
        False,
    )


def test_a_renewal_opens_a_new_cycle_from_its_date(setup):
    network, staff, member = setup
    record = certified(open_record(network, staff, member), staff, dt.date(2022, 1, 10))
    actions.record_surveillance_audit(record=record, on=dt.date(2024, 1, 5), by=staff, today=TODAY)

    record = certified(record, staff, dt.date(2026, 1, 8))

    assert rules.next_step(record, TODAY).label == "Audit de suivi"
    assert rules.surveillance_due_on(record) == dt.date(2028, 1, 8)
    assert JournalEntry.objects.filter(
        verb="certification_stage", summary="Certification renouvelée le 08/01/2026"
    ).exists()


def test_the_stages_follow_each_other_with_their_dates_and_a_journal_row_each(setup):
    network, staff, member = setup
    record = open_record(network, staff, member, stage="NOT_ENGAGED")
    record = actions.set_stage(record=record, stage="PREPARING", by=staff, today=TODAY)
    record = actions.record_mock_audit(
        record=record,
        on=dt.date(2026, 2, 3),
        by=staff,
        finding_kind="NONCONFORMITY_MINOR",
        requirement="Suivi de l'activité",
        finding_text="Les fiches d'intervention ne sont pas tenues chaque jour.",
        today=TODAY,
    )
    record = certified(record, staff, dt.date(2026, 3, 2))

    assert (record.stage, record.engaged_on, record.mock_audit_on, record.certified_on) == (
        "CERTIFIED",
        TODAY,
        dt.date(2026, 2, 3),
        dt.date(2026, 3, 2),
    )
    finding = Finding.objects.get(record=record)
    assert (finding.audit, finding.kind, finding.found_on) == (
        "MOCK",
        "NONCONFORMITY_MINOR",
        dt.date(2026, 2, 3),
    )
    assert JournalEntry.objects.filter(subject_id=record.pk).count() == 4


@pytest.mark.parametrize(
    "stage, on, message",
    [
        ("CERTIFIED", None, "Indiquez la date : date de la certification."),
        ("CERTIFIED", TODAY + dt.timedelta(days=1), "La date ne peut pas être dans le futur"),
        ("MOCK_AUDIT_DONE", None, "Indiquez la date : date de l'audit à blanc."),
        ("PREPARING", None, "La démarche est déjà à cette étape."),
        ("NOT_ENGAGED", TODAY + dt.timedelta(days=3), "La date ne peut pas être dans le futur."),
        ("UNKNOWN", None, "Cette étape n'existe pas."),
    ],
)
def test_an_impossible_stage_change_is_refused_and_changes_nothing(setup, stage, on, message):
    network, staff, member = setup
    record = open_record(network, staff, member)
    rows = JournalEntry.objects.count()

    with pytest.raises(Refused, match=message):
        actions.set_stage(record=record, stage=stage, on=on, by=staff, today=TODAY)

    record.refresh_from_db()
    assert record.stage == "PREPARING" and record.certified_on is None
    assert JournalEntry.objects.count() == rows


def test_a_member_not_engaged_cannot_hold_a_mock_audit(setup):
    network, staff, member = setup
    record = open_record(network, staff, member, stage="NOT_ENGAGED")

    with pytest.raises(Refused, match="pas engagée"):
        actions.record_mock_audit(record=record, on=TODAY, by=staff, today=TODAY)


def test_a_certified_member_holding_a_mock_audit_stays_certified(setup):
    network, staff, member = setup
    record = certified(open_record(network, staff, member), staff, dt.date(2022, 5, 1))

    record = actions.record_mock_audit(record=record, on=TODAY, by=staff, today=TODAY)

    assert record.stage == "CERTIFIED" and record.mock_audit_on == TODAY
    with pytest.raises(Refused, match="reste|certifiée"):
        actions.set_stage(record=record, stage="MOCK_AUDIT_DONE", on=TODAY, by=staff, today=TODAY)


def test_a_renewal_cannot_predate_the_certification_in_force(setup):
    network, staff, member = setup
    record = certified(open_record(network, staff, member), staff, dt.date(2025, 5, 1))

    with pytest.raises(Refused, match="01/05/2025"):
        certified(record, staff, dt.date(2024, 5, 1))


def test_a_surveillance_audit_needs_a_certified_member(setup):
    network, staff, member = setup
    record = open_record(network, staff, member)

    with pytest.raises(Refused, match="certifiée"):
        actions.record_surveillance_audit(record=record, on=TODAY, by=staff, today=TODAY)


def test_a_member_follows_a_scheme_once(setup):
    network, staff, member = setup
    open_record(network, staff, member)

    with pytest.raises(Refused, match="déjà une démarche"):
        open_record(network, staff, member)
    open_record(network, staff, member, scheme="NETWORK_LABEL")
    assert CertificationRecord.objects.filter(member=member).count() == 2


def test_a_record_cannot_be_opened_for_another_network_s_member(setup):
    network, staff, _member = setup
    other, _ = make_network(slug="autre-reseau")
    foreign = make_member(other, name="Ailleurs")

    with pytest.raises(Refused, match="pas membre"):
        open_record(network, staff, foreign)


def test_an_action_has_an_owner_and_is_overdue_once_its_due_date_has_passed(setup):
    network, staff, member = setup
    record = open_record(network, staff, member)
    contact = make_contact(member)

    with pytest.raises(Refused, match="qui porte"):
        actions.add_action(record=record, action="Tenir le registre", due_on=TODAY, by=staff)
    item = actions.add_action(
        record=record,
        action="Tenir le registre des réclamations",
        owner_contact=contact,
        due_on=TODAY - dt.timedelta(days=1),
        by=staff,
    )

    assert item.owner == "Annaïg Le Floch (Coordinatrice)"
    assert item.is_overdue(TODAY)
    assert list(ActionItem.objects.overdue(TODAY)) == [item]
    done = actions.set_action_status(item=item, status="DONE", done_on=TODAY, by=staff, today=TODAY)
    assert not done.is_overdue(TODAY) and not ActionItem.objects.overdue(TODAY).exists()


def test_an_action_is_not_done_in_the_future_nor_owned_by_another_member_s_contact(setup):
    network, staff, member = setup
    record = open_record(network, staff, member)
    other_contact = make_contact(make_member(network, name="Autre structure"))
    item = actions.add_action(
        record=record,
        action="Former la coordinatrice",
        owner_name="Direction",
        due_on=TODAY,
        by=staff,
    )

    with pytest.raises(Refused, match="futur"):
        actions.set_action_status(
            item=item, status="DONE", done_on=TODAY + dt.timedelta(days=1), by=staff, today=TODAY
        )
    with pytest.raises(Refused, match="pas une personne de cette structure"):
        actions.add_action(
            record=record, action="X", owner_contact=other_contact, due_on=TODAY, by=staff
        )


def test_a_finding_dated_in_the_future_is_refused(setup):
    network, staff, member = setup
    record = open_record(network, staff, member)

    with pytest.raises(Refused, match="futur"):
        actions.add_finding(
            record=record,
            audit="MOCK",
            found_on=TODAY + dt.timedelta(days=1),
            kind="OBSERVATION",
            text="Charte non affichée",
            by=staff,
            today=TODAY,
        )
    assert not Finding.objects.exists()
