"""Every page of the *signalements exceptionnels*, the information notices and the DPO's
documents, for every role, anonymous included, and for another service's objects: the tables
of ``safety_reports_access`` and ``dpo_access``."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.privacy.tests import safety_support as support
from palabre.privacy.tests.safety_support import propose

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]
MANAGERS = frozenset({"admin", "coordinator"})
CASE_READERS = MANAGERS | {"mediator", "reception"}

clock = support.clock
team = support.team


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture, or literal slugs
    allowed: frozenset
    method: str = "get"

    def url(self, objects):
        return reverse(
            f"dpo:{self.name}", args=[getattr(objects.get(arg), "pk", arg) for arg in self.args]
        )


VIEWS = [
    View("safety_reports", (), MANAGERS | {"mediator"}),
    View("safety_report", ("report",), MANAGERS),
    View("safety_report_step", ("report", "decision"), MANAGERS, "post"),
    View("safety_report_propose", ("case",), MANAGERS),
    View("notices", (), MANAGERS),
    View("notice", ("demandeur",), CASE_READERS),
    View("notice", ("autre-partie",), CASE_READERS),
    View("notice", ("equipe",), MANAGERS),
    View("notice_party", ("case", "party"), MANAGERS),
    View("notice_member", ("membership",), MANAGERS, "post"),
    View("register", (), MANAGERS),
    View("register_pdf", (), MANAGERS),
    View("dpia", (), MANAGERS),
    View("dpia_pdf", (), MANAGERS),
]
OBJECT_NAMES = {"case", "party", "report", "membership"}
OBJECT_VIEWS = [view for view in VIEWS if OBJECT_NAMES & set(view.args)]


def _objects(team):
    case = team["case"]
    return {
        "case": case,
        "party": case.requester(),
        "report": propose(team),
        "membership": team["pair"],
    }


@pytest.fixture
def objects(team):
    return _objects(team)


@pytest.fixture
def foreign(other_service, member, clock):
    from palabre.cases import actions as case_actions
    from palabre.cases.tests.factories import CaseFactory

    coordinator, mediator = member("coordinator", other_service), member("mediator", other_service)
    case = CaseFactory(organisation=other_service, by=coordinator)
    case_actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    return _objects({"case": case, "mediator": mediator, "pair": mediator})


def _ids(view):
    return f"{view.name}({','.join(view.args)})"


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("view", VIEWS, ids=_ids)
def test_each_role_opens_exactly_the_pages_of_its_row(client, login, member, objects, view, role):
    if role != "anonymous":
        client = login(member(role))
    response = getattr(client, view.method)(view.url(objects))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif role in view.allowed:
        assert response.status_code in {200, 302, 400}
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", sorted(MANAGERS))
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=_ids)
def test_another_service_objects_answer_404_like_missing_ones(
    login, member, objects, foreign, view, role
):
    response = getattr(login(member(role)), view.method)(view.url(foreign))
    assert response.status_code == 404


def test_the_mediator_who_proposed_reads_their_report_but_cannot_decide_on_it(login, team, objects):
    client = login(team["mediator"])
    report = objects["report"]

    assert client.get(reverse("dpo:safety_report", args=[report.pk])).status_code == 200
    url = reverse("dpo:safety_report_step", args=[report.pk, "decision"])
    assert client.post(url, {"decision": "validate"}).status_code == 404
    assert client.get(reverse("dpo:safety_reports")).context["reports"][0] == report
    # The other mediator of the pair does not read it.
    assert (
        login(team["pair"]).get(reverse("dpo:safety_report", args=[report.pk])).status_code == 404
    )
