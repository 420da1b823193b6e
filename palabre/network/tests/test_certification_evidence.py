"""The evidence checklist fills itself from a member's Palabre data when the member works on this
instance and has joined the network there; otherwise every item waits for a hand-made check."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.core.actions import Refused
from palabre.network import actions_certification as actions
from palabre.network import certification as rules
from palabre.network.tests.certification_support import (
    TODAY,
    make_member,
    make_network,
    open_record,
)

pytestmark = pytest.mark.django_db


def by_code(items):
    return {item.code: item for item in items}


def attended(organiser, service, person, *, kind, day, present=True, title="Module"):
    # The training app sits above the network; imported here so that the other tests of the
    # checklist stand on their own.
    from palabre.training.models import Attendance, Enrolment, Module, Session, SessionHalfDay

    module = Module.objects.create(
        organiser=organiser, title=title, duration_hours=Decimal("3.5"), kind=kind
    )
    session = Session.objects.create(
        module=module, starts_on=day, ends_on=day, trainer="Formatrice", capacity=12
    )
    half_day = SessionHalfDay.objects.create(
        session=session, day=day, period="AM", hours=Decimal("3.5")
    )
    enrolment = Enrolment.objects.create(
        session=session,
        user=person.user,
        organisation=service,
        state="ENROLLED",
        requested_at=timezone.now(),
    )
    Attendance.objects.create(enrolment=enrolment, half_day=half_day, present=present)


@pytest.fixture
def on_instance(service, coordinator):
    network, staff = make_network()
    return network, staff, make_member(network, name=service.name, organisation=service)


def test_a_member_on_the_instance_shows_its_cases_opened_and_closed_as_counts(
    on_instance, service, coordinator
):
    _network, _staff, member = on_instance
    for days in (10, 40, 70, 100, 200, 300):
        CaseFactory(organisation=service, by=coordinator, opened_on=TODAY - dt.timedelta(days))
    CaseFactory(organisation=service, by=coordinator, opened_on=TODAY - dt.timedelta(500))
    closed = Case.objects.of(service).order_by("opened_on")[:2]
    Case.objects.filter(pk__in=[c.pk for c in closed]).update(
        status="CLOSED", closed_on=TODAY - dt.timedelta(days=5)
    )

    item = by_code(rules.evidence(member, TODAY))["ACTIVITY_CASES"]

    assert item.status == "OK"
    assert item.detail == "6 dossiers ouverts, moins de 5 dossiers clos"


def test_a_member_on_the_instance_without_activity_misses_that_evidence(on_instance):
    _network, _staff, member = on_instance

    items = by_code(rules.evidence(member, TODAY))

    assert items["ACTIVITY_CASES"].status == "MISSING"
    assert items["ACTIVITY_CASES"].detail == "0 dossiers ouverts, 0 dossiers clos"
    assert items["TRAININGS"].status == "MISSING"
    assert items["PRACTICE_ANALYSIS"].status == "MISSING"


def test_trainings_and_practice_analysis_count_the_sessions_attended_in_the_last_year(
    on_instance, service, member
):
    network, _staff, entry = on_instance
    one, two = member("mediator"), member("mediator")
    attended(network, service, one, kind="TRAINING", day=TODAY - dt.timedelta(30))
    attended(network, service, two, kind="TRAINING", day=TODAY - dt.timedelta(60))
    attended(network, service, two, kind="TRAINING", day=TODAY - dt.timedelta(400))
    attended(network, service, one, kind="TRAINING", day=TODAY - dt.timedelta(10), present=False)
    attended(service, service, one, kind="PRACTICE_ANALYSIS", day=TODAY - dt.timedelta(20))
    elsewhere = OrganisationFactory(slug="ailleurs")
    stranger = MembershipFactory(organisation=elsewhere, role="mediator")
    attended(network, elsewhere, stranger, kind="PRACTICE_ANALYSIS", day=TODAY)

    items = by_code(rules.evidence(entry, TODAY))

    assert (items["TRAININGS"].status, items["TRAININGS"].detail) == (
        "OK",
        "2 sessions suivies, 2 personnes présentes",
    )
    assert (items["PRACTICE_ANALYSIS"].status, items["PRACTICE_ANALYSIS"].detail) == (
        "OK",
        "1 séance suivie, 1 personne présente",
    )


def test_what_palabre_does_not_record_says_so_honestly(on_instance):
    _network, _staff, member = on_instance

    items = by_code(rules.evidence(member, TODAY))

    for code in ("SATISFACTION_SURVEYS", "COMPLAINTS", "ACTIVITY_OTHER_REGISTERS"):
        assert items[code].status == "NOT_ON_INSTANCE"
        assert items[code].detail == "Non suivi dans Palabre."
        assert items[code].can_tick


def test_a_directory_only_member_has_every_item_outside_palabre():
    network, _staff = make_network()
    member = make_member(network, name="Médiation de Quimper")

    items = rules.evidence(member, TODAY)

    assert [item.code for item in items] == list(rules.ITEMS)
    assert {item.status for item in items} == {"NOT_ON_INSTANCE"}
    assert all(item.can_tick and not item.is_satisfied for item in items)


def test_a_service_that_has_not_joined_the_network_in_palabre_shows_no_figures(
    service, coordinator
):
    network, _staff = make_network()
    CaseFactory(organisation=service, by=coordinator, opened_on=TODAY - dt.timedelta(3))
    member = make_member(network, organisation=service, joined=False)

    items = rules.evidence(member, TODAY)

    assert {item.status for item in items} == {"NOT_ON_INSTANCE"}
    assert "n'a pas déclaré son adhésion" in rules.outside_reason(member)


def test_staff_tick_an_item_palabre_cannot_show_and_may_untick_it():
    network, staff = make_network()
    record = open_record(network, staff, make_member(network, name="Médiation de Brest"))

    check = actions.check_evidence(
        record=record, item="COMPLAINTS", note="Registre 2025 vu", by=staff, today=TODAY
    )
    items = by_code(rules.evidence_for(record, TODAY))

    assert items["COMPLAINTS"].check == check and items["COMPLAINTS"].is_satisfied
    assert (check.checked_by, check.checked_on) == (staff.user, TODAY)
    with pytest.raises(Refused, match="déjà coché"):
        actions.check_evidence(record=record, item="COMPLAINTS", by=staff, today=TODAY)
    actions.uncheck_evidence(record=record, item="COMPLAINTS", by=staff)
    assert by_code(rules.evidence_for(record, TODAY))["COMPLAINTS"].check is None


def test_an_item_palabre_already_shows_cannot_be_ticked(on_instance, service, coordinator):
    network, staff, member = on_instance
    CaseFactory(organisation=service, by=coordinator, opened_on=TODAY - dt.timedelta(3))
    record = open_record(network, staff, member)

    with pytest.raises(Refused, match="montre déjà"):
        actions.check_evidence(record=record, item="ACTIVITY_CASES", by=staff, today=TODAY)
    with pytest.raises(Refused, match="ne fait pas partie"):
        actions.check_evidence(record=record, item="UNKNOWN", by=staff, today=TODAY)
