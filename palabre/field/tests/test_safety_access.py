"""Every view of shift reports, serious events and lone-worker safety, every role, and another
service's objects: the table of safety_access.py."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, OrganisationFactory
from palabre.field import actions, nights, safety_actions
from palabre.field.models import Shift, ShiftStatus
from palabre.field.safety import (
    CheckIn,
    OnCallContact,
    ReportStatus,
    SafetyAlert,
    SeriousEvent,
    ShiftReport,
)
from palabre.field.tests.conftest import EVENING, at

MANAGERS = {"admin", "coordinator", "coordinator on the shift"}
ON_THE_SHIFT = {"correspondent", "coordinator on the shift"}  # who checks in, writes the report
SHIFT_TEAM = MANAGERS | ON_THE_SHIFT  # who reads the report, flags an event
GO_OUT = SHIFT_TEAM | {"teammate off the shift", "mediator in no team"}
PEOPLE = [
    "admin",
    "coordinator",
    "coordinator on the shift",
    "correspondent",
    "teammate off the shift",
    "mediator in no team",
    "reception",
    "board",
    "partner",
    "network_staff",
    "network admin",
]


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture
    allowed: frozenset
    method: str = "get"

    def url(self, objects):
        return reverse(f"field:{self.name}", args=[objects[arg].pk for arg in self.args])


VIEWS = [
    View("check_in_start", (), frozenset(GO_OUT)),
    View("check_in", ("shift",), frozenset(ON_THE_SHIFT)),
    View("check_in", ("shift",), frozenset(ON_THE_SHIFT), "post"),
    View("alarm", ("shift",), frozenset(ON_THE_SHIFT), "post"),
    View("check_out", ("shift",), frozenset(ON_THE_SHIFT), "post"),
    View("shift_safety", ("shift",), frozenset(MANAGERS)),
    View("team_safety", ("team",), frozenset(MANAGERS)),
    View("team_safety", ("team",), frozenset(MANAGERS), "post"),
    View("shift_report", ("shift",), frozenset(SHIFT_TEAM)),
    View("shift_report", ("shift",), frozenset(ON_THE_SHIFT), "post"),
    View("shift_report_validate", ("shift",), frozenset(MANAGERS), "post"),
    View("safety_overview", (), frozenset(MANAGERS)),
    View("serious_event_create", ("shift",), frozenset(SHIFT_TEAM)),
    View("serious_event_create", ("shift",), frozenset(SHIFT_TEAM), "post"),
    View("serious_event", ("event",), frozenset(MANAGERS)),
    View("serious_event_acknowledge", ("event",), frozenset(MANAGERS), "post"),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _objects(organisation, coordinator, commune):
    """Tonight's shift through ``commune`` with a correspondent and a coordinator on it, a
    teammate off it; the team checks in every half hour; a signed report and a serious event."""
    correspondent = MembershipFactory(organisation=organisation, role="mediator")
    teammate = MembershipFactory(organisation=organisation, role="mediator")
    on_shift = MembershipFactory(organisation=organisation, role="coordinator")
    team = actions.create_team(
        organisation=organisation,
        by=coordinator,
        name="Nuit",
        members=[correspondent, teammate, on_shift],
    )
    safety_actions.set_team_safety(
        team=team,
        by=coordinator,
        check_in_minutes=30,
        on_call_email="astreinte@example.org",
        on_call_phone="0611223344",
    )
    starts_at, ends_at = nights.bounds(EVENING, dt.time(22), dt.time(6))
    shift = actions.plan_shift(
        organisation=organisation,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        members=[correspondent, on_shift],
        communes=[commune],
    )
    safety_actions.write_report(shift=shift, by=correspondent, summary="Avant", sign=True)
    event = safety_actions.flag_serious_event(
        shift=shift, by=correspondent, kind="POLICE_CALLED", occurred_at=at(EVENING, 23)
    )
    return {
        "team": team,
        "shift": shift,
        "event": event,
        "commune": commune,
        "correspondent": correspondent,
        "teammate": teammate,
        "coordinator on the shift": on_shift,
    }


@pytest.fixture
def objects(service, coordinator, place, clock):
    return _objects(service, coordinator, place["rennes"])


@pytest.fixture
def foreign(other_service, clock):
    coordinator = MembershipFactory(organisation=other_service)
    return _objects(other_service, coordinator, CommuneFactory(organisation=other_service))


def _person(name, objects, member):
    if name in ("correspondent", "coordinator on the shift"):
        return objects[name]
    if name == "teammate off the shift":
        return objects["teammate"]
    if name == "mediator in no team":
        return member("mediator")
    if name == "network admin":
        network = OrganisationFactory(slug="reseau", kind="NETWORK")
        return MembershipFactory(organisation=network, role="admin")
    return member(name)


def _data(view, objects):
    commune = f"c:{objects['commune'].pk}"
    return {
        "check_in": {"where": commune, "client_id": ""},
        "alarm": {"where": commune, "client_id": str(uuid.uuid4())},
        "team_safety": {"check_in_minutes": "45", "on_call_name": "Nuit",
                        "on_call_email": "autre@example.org", "on_call_phone": "0711223344"},
        "shift_report": {"people_met": "7", "summary": "Après", "sign": ""},
        "serious_event_create": {"kind": "OTHER", "time": "23:15", "intervention": "",
                                 "description": ""},
    }.get(view.name, {})  # fmt: skip


def _changed(view, organisation) -> bool | None:
    """Whether the view's action changed anything in ``organisation``; None for a page."""
    of = {"organisation": organisation}
    return {
        "check_in": lambda: CheckIn.objects.filter(**of).exists(),
        "check_out": lambda: CheckIn.objects.filter(**of).exists(),
        "alarm": lambda: SafetyAlert.objects.filter(**of).exists(),
        "team_safety": lambda: OnCallContact.objects.get(**of).email == "autre@example.org",
        "shift_report": lambda: ShiftReport.objects.get(**of).summary == "Après",
        "shift_report_validate": lambda: (
            ShiftReport.objects.get(**of).status == ReportStatus.VALIDATED
        ),
        "serious_event_create": lambda: SeriousEvent.objects.filter(**of).count() == 2,
        "serious_event_acknowledge": lambda: (
            SeriousEvent.objects.get(**of).acknowledged_at is not None
        ),
    }.get(view.name, lambda: None)()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_each_person_opens_exactly_the_safety_pages_of_their_row(
    login, member, objects, view, who, service
):
    client = login(_person(who, objects, member))
    if view.method == "post":
        response = client.post(view.url(objects), _data(view, objects))
    else:
        response = client.get(view.url(objects), follow=True)  # « pointage » opens the shift's
    allowed = who in view.allowed
    if allowed:
        assert response.status_code == (302 if view.method == "post" else 200), response.content
        assert "INVALID[" not in response.content.decode()
    else:
        assert response.status_code == 404
    if view.method == "post":
        assert _changed(view, service) == allowed


@pytest.mark.parametrize(
    "who", ["admin", "coordinator", "coordinator on the shift", "correspondent"]
)
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_another_services_objects_answer_404_like_missing_ones(
    login, member, objects, foreign, view, who, other_service
):
    client = login(_person(who, objects, member))
    response = getattr(client, view.method)(view.url(foreign), _data(view, foreign))
    assert response.status_code == 404
    if view.method == "post":
        assert not _changed(view, other_service)


def test_a_made_up_identifier_is_404(login, coordinator):
    for name in ("shift_report", "check_in", "shift_safety", "serious_event", "team_safety"):
        url = reverse(f"field:{name}", args=["00000000-0000-0000-0000-000000000000"])
        assert login(coordinator).get(url).status_code == 404, name


def test_the_buttons_answer_only_to_post(login, objects):
    client = login(objects["coordinator on the shift"])
    shift, event = objects["shift"], objects["event"]
    for url in (
        reverse("field:alarm", args=[shift.pk]),
        reverse("field:check_out", args=[shift.pk]),
        reverse("field:shift_report_validate", args=[shift.pk]),
        reverse("field:serious_event_acknowledge", args=[event.pk]),
    ):
        assert client.get(url).status_code == 405, url


def test_a_cancelled_shift_takes_no_check_in_nor_report(login, objects):
    shift = objects["shift"]
    Shift.objects.filter(pk=shift.pk).update(status=ShiftStatus.CANCELLED)
    client = login(objects["correspondent"])
    assert client.get(reverse("field:check_in", args=[shift.pk])).status_code == 404
    assert client.get(reverse("field:shift_report", args=[shift.pk])).status_code == 404
