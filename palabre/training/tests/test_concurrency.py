"""Two coordinators enrol someone on the last place at the same instant, each through their own
connection: the session's row lock makes the second wait and count again, so one person gets
the place and the other the waiting list."""

import threading
import time

import pytest
from django.db import connections

from palabre.training import actions
from palabre.training.models import EnrolmentState
from palabre.training.tests.conftest import person


@pytest.mark.django_db(transaction=True)
def test_two_enrolments_on_the_last_place_at_the_same_instant(
    service, other_service, make_session, monkeypatch
):
    session = make_session(capacity=1)
    pairs = [
        (person(service, "mediator", "Awa", "Diallo"), person(service, "coordinator", "C", "Un")),
        (
            person(other_service, "mediator", "Bruno", "Le Goff"),
            person(other_service, "coordinator", "C", "Deux"),
        ),
    ]
    # Each one counts the places, then lingers before writing: without the lock, both would
    # count zero and both take the place. (On SQLite the second transaction waits to begin.)
    original = actions._places_taken

    def slow_count(session):
        taken = original(session)
        time.sleep(0.5)
        return taken

    monkeypatch.setattr(actions, "_places_taken", slow_count)
    start, outcomes = threading.Barrier(2, timeout=10), []

    def enrol(mediator, coordinator):
        try:
            start.wait()
            outcomes.append(actions.enrol(session=session, person=mediator, by=coordinator).state)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [EnrolmentState.ENROLLED, EnrolmentState.WAITING]
    assert session.enrolments.enrolled().count() == 1
