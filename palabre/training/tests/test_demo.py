"""The demo training on a small dataset: the catalogue, past and coming sessions, enrolments of
the service's people within the places, attendance of the past ones, and the FDVA summary."""

import datetime as dt

from palabre.training import fdva
from palabre.training.demo import CATALOGUE, seed_training
from palabre.training.models import Attendance, Module, Session
from palabre.training.tests.conftest import person

TODAY = dt.date(2026, 12, 7)


def test_the_demo_builds_a_catalogue_with_past_and_coming_sessions(network, staff, service):
    service.email = "contact@service-un.fr"
    service.save()
    person(service, "coordinator", "Maëlle", "Rouxel")
    for n in range(4):
        person(service, "mediator", f"Médiateur{n}", "Demo")
    person(service, "board", "Odile", "Présidente")

    counts = seed_training(network, services=[service], today=TODAY)

    assert Module.objects.of(network).count() == len(CATALOGUE) == 8
    assert Module.objects.of(service).count() == 1
    sessions = Session.objects.of(network)
    assert sessions.filter(ends_on__lt=TODAY).count() == 8
    assert sessions.filter(starts_on__gt=TODAY).count() == 8
    assert counts["enrolments"] > 16
    for session in sessions:
        assert session.enrolments.enrolled().count() <= session.capacity
        assert session.half_days.exists()
    # Attendance only for sessions already held.
    assert not Attendance.objects.filter(half_day__day__gt=TODAY).exists()
    assert Attendance.objects.filter(half_day__session__ends_on__lt=TODAY).exists()
    # The service's own volunteer training: one held, one to come, in its FDVA summary.
    summary = fdva.summary(service, TODAY.year)
    held = [a for a in summary.actions if a.session.ends_on < TODAY]
    assert held and held[0].participants >= 1
    assert Session.objects.of(service).filter(fdva=True, starts_on__gt=TODAY).exists()
