"""The deadline of a rights request: one calendar month from its receipt, the month's last day
when it has no such day, and two further months once, if the person is told in the first."""

import datetime as dt

import pytest

from palabre.core.models import JournalEntry
from palabre.privacy import rights_actions as actions
from palabre.privacy.rights import (
    ReceivedThrough,
    RightsKind,
    RightsRequest,
    RightsStatus,
    add_months,
    extended_deadline,
    first_deadline,
)
from palabre.privacy.tests import rights_support as support
from palabre.privacy.tests.rights_support import TODAY, at

clock = support.clock
world = support.world

D = dt.date


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (D(2026, 3, 15), D(2026, 4, 15)),
        (D(2026, 1, 31), D(2026, 2, 28)),
        (D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 12, 20), D(2027, 1, 20)),
        (D(2026, 2, 28), D(2026, 3, 28)),
    ],
)
def test_the_deadline_is_one_calendar_month_with_the_end_of_month_rule(received, deadline):
    assert first_deadline(received) == deadline


def test_an_extension_adds_two_months_to_the_first_deadline():
    assert extended_deadline(D(2026, 1, 31)) == D(2026, 4, 28)
    assert extended_deadline(D(2026, 3, 15)) == D(2026, 6, 15)
    assert extended_deadline(D(2026, 11, 30)) == D(2027, 2, 28)


def test_add_months_crosses_years_both_ways():
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 5, 31), 12) == D(2027, 5, 31)


def _receive(world, coordinator, received_on, **extra):
    return actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=RightsKind.ACCESS,
        parties=world["eloise"],
        received_on=received_on,
        received_through=ReceivedThrough.LETTER,
        **extra,
    )


def test_a_request_is_recorded_with_its_deadline_and_a_journal_line_without_her_name(
    world, coordinator
):
    request = _receive(world, coordinator, D(2026, 1, 31))

    assert request.deadline == D(2026, 2, 28)
    assert request.status == RightsStatus.RECEIVED
    assert set(request.parties.all()) == set(world["eloise"])
    entry = JournalEntry.objects.get(subject_id=request.pk)
    assert entry.summary == ("Demande d'accès reçue (courrier), à traiter avant le 28/02/2026")
    assert "Gall" not in entry.summary and "Gall" not in str(entry.data)
    assert entry.data["parties"] == sorted(str(p.pk) for p in world["eloise"])


def test_a_request_received_in_the_future_is_refused_and_nothing_is_saved(world, coordinator):
    with pytest.raises(actions.RightsRefused, match="à venir"):
        _receive(world, coordinator, TODAY + dt.timedelta(days=1))

    assert not RightsRequest.objects.exists()


def test_a_request_must_name_at_least_one_record_of_the_person(world, coordinator):
    with pytest.raises(actions.RightsRefused, match="cochez au moins une"):
        actions.receive_request(
            organisation=coordinator.organisation,
            by=coordinator,
            kind=RightsKind.ACCESS,
            parties=[],
            received_on=TODAY,
            received_through=ReceivedThrough.EMAIL,
        )


def test_another_services_party_cannot_be_named_in_a_request(world, coordinator):
    with pytest.raises(actions.RightsRefused, match="n'appartient pas"):
        actions.receive_request(
            organisation=coordinator.organisation,
            by=coordinator,
            kind=RightsKind.ACCESS,
            parties=[world["foreign"].requester()],
            received_on=TODAY,
            received_through=ReceivedThrough.EMAIL,
        )
    assert not RightsRequest.objects.exists()


def test_the_deadline_is_extended_once_within_the_first_month(world, coordinator):
    request = _receive(world, coordinator, D(2026, 3, 2))

    request = actions.extend_deadline(
        rights_request=request, by=coordinator, reason="Six dossiers à relire", on=TODAY
    )

    assert request.deadline == D(2026, 6, 2)
    assert request.extended_on == TODAY
    assert request.status == RightsStatus.IN_PROGRESS
    with pytest.raises(actions.RightsRefused, match="déjà été prolongé"):
        actions.extend_deadline(rights_request=request, by=coordinator, reason="Encore", on=TODAY)


def test_the_deadline_cannot_be_extended_after_the_first_month(world, coordinator):
    request = _receive(world, coordinator, D(2026, 2, 10))

    with pytest.raises(actions.RightsRefused, match="au plus tard le 10/03/2026"):
        actions.extend_deadline(rights_request=request, by=coordinator, reason="Trop", on=TODAY)

    request.refresh_from_db()
    assert request.deadline == D(2026, 3, 10)
    assert request.extended_on is None


def test_an_extension_needs_its_reason(world, coordinator):
    request = _receive(world, coordinator, D(2026, 3, 2))

    with pytest.raises(actions.RightsRefused, match="motif"):
        actions.extend_deadline(rights_request=request, by=coordinator, reason="  ", on=TODAY)


def test_overdue_requests_are_the_open_ones_past_their_deadline(world, coordinator, clock):
    late = _receive(world, coordinator, D(2026, 2, 10))
    on_time = _receive(world, coordinator, D(2026, 3, 10))
    answered = _receive(world, coordinator, D(2026, 1, 5), identity_method="KNOWN_EMAIL")
    answered = actions.complete(rights_request=answered, by=coordinator, answered_on=D(2026, 2, 1))

    overdue = RightsRequest.objects.of(coordinator.organisation).overdue(TODAY)

    assert list(overdue) == [late]
    assert late.is_overdue(TODAY) and not on_time.is_overdue(TODAY)
    clock(at(D(2026, 4, 11), 9))
    assert not answered.is_overdue(D(2026, 4, 11))
