"""Every import view with an import of partners, of permanences or of the team, every role, and
another service's import of the same kind: only the coordination of a mediation service reaches
them, its own imports only."""

import pytest
from django.urls import reverse

from palabre.imports import actions
from palabre.imports.models import ImportJob
from palabre.imports.tests import test_partners, test_people, test_permanences
from palabre.imports.tests.conftest import upload, xlsx
from palabre.imports.tests.test_access import COORDINATION, IDS, ROLES, VIEWS, View

KINDS = {"partners": test_partners, "permanences": test_permanences, "team": test_people}
PARTNER_VIEWS = [
    *VIEWS,
    *(
        View("template", "get", 200, job=False, args=(kind, extension))
        for kind in KINDS
        for extension in ("xlsx", "ods")
    ),
]
PARTNER_IDS = [*IDS, *(f"template-{k}-{e}" for k in KINDS for e in ("xlsx", "ods"))]


def _job(organisation, by, kind):
    module = KINDS[kind]
    return actions.deposit(
        organisation=organisation,
        by=by,
        upload=upload(f"{kind}.xlsx", xlsx(module.HEADER, module.ROWS)),
        kind=kind,
    )


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return request.param


@pytest.fixture
def job(service, coordinator, territory, kind):
    return _job(service, coordinator, kind)


@pytest.fixture
def foreign(other_service, member, kind):
    return _job(other_service, member("coordinator", other_service), kind)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", PARTNER_VIEWS, ids=PARTNER_IDS)
def test_each_role_reaches_exactly_the_views_of_its_row(login, member, job, view, role):
    response = view.call(login(member(role)), job)
    assert response.status_code == (view.status if role in COORDINATION else 404)


JOB_VIEWS = [v for v in PARTNER_VIEWS if v.job]


@pytest.mark.parametrize("role", sorted(COORDINATION))
@pytest.mark.parametrize("view", JOB_VIEWS, ids=[f"{v.name}-{v.method}" for v in JOB_VIEWS])
def test_another_service_import_answers_404(login, member, job, foreign, view, role):
    assert view.call(login(member(role)), foreign).status_code == 404
    assert ImportJob.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("view", PARTNER_VIEWS, ids=PARTNER_IDS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, job, view):
    response = view.call(client, job)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
