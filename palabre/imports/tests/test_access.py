"""Every import view, every role, and another service's import: only the coordination of a
mediation service reaches them, its own imports only (``imports/access.py``)."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.imports import actions
from palabre.imports.models import ImportJob
from palabre.imports.tests.conftest import HEADER, ROWS, upload, xlsx
from palabre.organisations.models import OrganisationKind

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]
COORDINATION = frozenset({"admin", "coordinator"})


@dataclass(frozen=True)
class View:
    name: str
    method: str
    status: int  # the answer to the coordination
    job: bool = True
    args: tuple = ()

    def url(self, job):
        return reverse(f"imports:{self.name}", args=[*([job.pk] if self.job else []), *self.args])

    def call(self, client, job):
        return getattr(client, self.method)(self.url(job))


VIEWS = [
    View("index", "get", 200, job=False),
    View("index", "post", 200, job=False),  # no file: the form says so
    View("template", "get", 200, job=False, args=("xlsx",)),
    View("template", "get", 200, job=False, args=("ods",)),
    View("mapping", "get", 200),
    View("mapping", "post", 200),  # nothing chosen: the required fields are asked for
    View("values", "get", 200),
    View("values", "post", 302),
    View("preview", "get", 200),
    View("progress", "get", 200),
    View("discard", "get", 302),
    View("discard", "post", 302),
]
IDS = [f"{v.name}-{v.method}-{'-'.join(v.args)}" for v in VIEWS]


def _job(organisation, by):
    return actions.deposit(
        organisation=organisation, by=by, upload=upload("f.xlsx", xlsx(HEADER, ROWS))
    )


@pytest.fixture
def job(service, coordinator, territory):
    return _job(service, coordinator)


@pytest.fixture
def foreign(other_service, member):
    return _job(other_service, member("coordinator", other_service))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_each_role_reaches_exactly_the_views_of_its_row(login, member, job, view, role):
    response = view.call(login(member(role)), job)
    assert response.status_code == (view.status if role in COORDINATION else 404)


JOB_VIEWS = [(v, i) for v, i in zip(VIEWS, IDS, strict=True) if v.job]


@pytest.mark.parametrize("role", sorted(COORDINATION))
@pytest.mark.parametrize("view", [v for v, _i in JOB_VIEWS], ids=[i for _v, i in JOB_VIEWS])
def test_another_service_import_answers_404_like_a_missing_one(
    login, member, job, foreign, view, role
):
    assert view.call(login(member(role)), foreign).status_code == 404
    assert ImportJob.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, job, view):
    response = view.call(client, job)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_a_network_s_own_administration_imports_no_cases(login, job, view):
    network = OrganisationFactory(slug="reseau", kind=OrganisationKind.NETWORK)
    admin = MembershipFactory(organisation=network, role="admin")
    assert view.call(login(admin), job).status_code == 404


def test_the_navigation_links_the_coordination_to_the_import_page(login, coordinator, member):
    link = reverse("imports:index")
    assert link in login(coordinator).get(reverse("organisations:security")).content.decode()
    assert link not in login(member("reception")).get(reverse("home"), follow=True).content.decode()
