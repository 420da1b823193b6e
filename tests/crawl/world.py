"""The world the crawls walk: the demo, at a fixed instant, with a marker in every free text.

``build_world()`` loads the demo into the current database (``manage.py seed_demo``, smaller
than ``make demo`` by default), adds what the demo does not make yet — a shift report and a
serious event of the night correspondents, a safety report proposed by the demo mediator, a
rights request and a legal hold — and plants a distinct marker in each free-text field
(``tests/crawl/markers.py``, whose docstring says who may read what). It needs database access
and no pytest fixture: a browser test seeds its live server with it, serves its pages inside
``frozen_clock()`` so that they stand at the same instant as the data, logs in with
``roles.PEOPLE`` (password ``roles.PASSWORD``), and calls ``delete_world()`` when done: the
rows are committed, and the other tests expect an empty database.

The instant is a Monday evening in December, during the night correspondents' shift, with
permanences and appointments around it: ``MOMENT``.
"""

import datetime as dt
import io
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass

import axes.attempts
import axes.handlers.proxy
from django.core.management import call_command
from django.utils import timezone

from palabre.cases.models import Case, Party
from palabre.field import safety_actions
from palabre.field.models import Shift
from palabre.field.safety import SeriousEventKind
from palabre.organisations.models import Membership
from palabre.privacy import retention_actions, rights_actions, safety_reports_actions
from palabre.privacy.retention import HoldReason
from palabre.privacy.rights import ReceivedThrough, RightsKind
from palabre.privacy.safety_reports import SafetyReason, SafetyRecipient
from tests.crawl import markers as canary
from tests.crawl.roles import FIELD_SERVICE, PEOPLE, SERVICE

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MOMENT = dt.datetime(2026, 12, 7, 21, 30, tzinfo=PARIS)


@dataclass
class World:
    markers: dict  # marker text → canary.Marker
    people: tuple  # roles.Person
    find = staticmethod(canary.find)

    def viewers(self, marker: str) -> frozenset:
        found = self.markers.get(marker)
        return found.viewers if found else frozenset()

    def out_of_place(self, person_key: str, found) -> list:
        """The markers of ``found`` that ``person_key`` may not read (unknown ones included)."""
        return sorted(m for m in found if person_key not in self.viewers(m))


@contextmanager
def frozen_clock(moment: dt.datetime = MOMENT):
    """``timezone.now()`` answers ``moment`` (django-axes' own references to it too)."""
    saved = timezone.now, axes.attempts.now, axes.handlers.proxy.now

    def now():
        return moment

    timezone.now = axes.attempts.now = axes.handlers.proxy.now = now
    try:
        yield moment
    finally:
        timezone.now, axes.attempts.now, axes.handlers.proxy.now = saved


def build_world(*, years: int = 1, cases_per_year: int = 40) -> World:
    """Seeds the demo at ``MOMENT`` and plants the markers; returns them with their viewers."""
    with frozen_clock():
        call_command("seed_demo", years=years, cases_per_year=cases_per_year, stdout=io.StringIO())
        _add_field_reports()
        _add_privacy_records()
        markers = canary.plant_all(PEOPLE)
    return World(markers=markers, people=PEOPLE)


def delete_world(*, sessions=()) -> None:
    """Removes the demo and what logging in left behind (django-axes' rows for the demo
    accounts, the ``sessions`` given by their keys), leaving the database as it was."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    from palabre.demo.reset import delete_demo

    delete_demo()
    emails = [person.email for person in PEOPLE if person.email]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=emails).delete()
    Session.objects.filter(session_key__in=[key for key in sessions if key]).delete()


def _member(email, slug) -> Membership:
    return Membership.objects.get(user__email=email, organisation__slug=slug)


def _add_field_reports():
    """Last night's shift of the correspondent: its report, signed, and a serious event."""
    correspondent = _member("correspondant@demo.palabre.fr", FIELD_SERVICE)
    shift = (
        Shift.objects.filter(members=correspondent, ends_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    safety_actions.write_report(
        shift=shift, by=correspondent, summary="Soirée calme, un hall occupé.", sign=True
    )
    safety_actions.flag_serious_event(
        shift=shift,
        by=correspondent,
        kind=SeriousEventKind.TEAM_THREATENED,
        occurred_at=shift.starts_at + dt.timedelta(hours=1),
        description="Menaces verbales dans un hall.",
    )


def _add_privacy_records():
    """A safety report proposed by the demo mediator on one of her cases, a rights request of
    a party of another case, and a legal hold on a closed case."""
    mediator = _member("mediation@demo.palabre.fr", SERVICE)
    coordinator = _member("coordination@demo.palabre.fr", SERVICE)
    own = Case.objects.assigned_to(mediator).order_by("reference").first()
    safety_reports_actions.propose_safety_report(
        case=own,
        by=mediator,
        reason=SafetyReason.PERSON_INTEGRITY,
        recipient=SafetyRecipient.CRIP,
        content="Un enfant du foyer semble en danger.",
    )
    cases = Case.objects.of(coordinator.organisation).order_by("reference")
    party = Party.objects.filter(case__in=cases).exclude(case=own).order_by("case__reference")[0]
    rights_actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=RightsKind.ACCESS,
        parties=[party],
        received_on=timezone.localdate() - dt.timedelta(days=3),
        received_through=ReceivedThrough.LETTER,
        details="Demande reçue par courrier.",
    )
    closed = cases.filter(status="CLOSED").first()
    retention_actions.place_hold(
        case=closed, by=coordinator, reason=HoldReason.OTHER, detail="Réquisition en cours."
    )
