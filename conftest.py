"""Fixtures shared by every app's tests: organisations, people in each role, cases."""

import pytest

from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _no_axes_lockout_between_tests(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def service(db):
    return OrganisationFactory(name="Service Un", slug="service-un")


@pytest.fixture
def other_service(db):
    return OrganisationFactory(name="Service Deux", slug="service-deux")


@pytest.fixture
def member(service):
    """``member("coordinator")`` → an active membership of the service with that role."""

    def make(role, organisation=None):
        return MembershipFactory(organisation=organisation or service, role=role)

    return make


@pytest.fixture
def coordinator(member):
    return member("coordinator")


@pytest.fixture
def case(service, coordinator):
    return CaseFactory(organisation=service, by=coordinator)


@pytest.fixture
def login(client):
    """Logs the membership's user in and makes that membership the current one."""

    def do(membership):
        client.force_login(membership.user)
        session = client.session
        session["palabre_membership_id"] = str(membership.pk)
        session.save()
        return client

    return do
