"""Fixtures shared by every app's tests: organisations, people in each role, cases."""

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from icalendar import Calendar
from weasyprint.document import Document

from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.core.tests import icscheck, mailcheck
from palabre.core.tests.pdfcheck import Measured

# The suite's clock: PALABRE_TEST_NOW runs the session at a chosen instant (see the module).
pytest_plugins = ["palabre.core.tests.clock", "palabre.core.tests.instants"]


def pytest_collection_modifyitems(config, items):
    """Browser journeys are marked ``e2e``; a test written for one database (``sqlite_only``,
    ``postgresql_only``) is deselected on the other's run, so the count says so and nothing is
    skipped at run time."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    other = "postgresql_only" if "sqlite" in engine else "sqlite_only"
    kept, deselected = [], []
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
        (deselected if item.get_closest_marker(other) else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _no_axes_lockout_between_tests(settings):
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _french_again_after_each_test():
    """A request in English leaves English active in the thread: the next test starts in the
    instance's language whatever the last one asked for."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_counts_kept_between_tests():
    """The cache holds the public forms' counts per address (``core.throttle``): each test
    starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def pdf_checks(monkeypatch):
    """Every PDF a test writes, whoever writes it, is read back (palabre/core/tests/pdfcheck.py):
    nothing outside its pages, one level-1 heading and no level skipped, each table cell named
    by its headers, its title and language in its XMP metadata. Any problem fails the test."""
    measured = Measured(Document.write_pdf)
    monkeypatch.setattr(Document, "write_pdf", measured.write_pdf)
    yield measured
    if measured.found:
        pytest.fail("A PDF written by this test is not well made:\n" + "\n".join(measured.found))


@pytest.fixture(autouse=True)
def mail_checks(monkeypatch):
    """Every e-mail a test sends, whatever the backend, and every one an SMTP sink of the tests
    receives from a task worker, is read back (palabre/core/tests/mailcheck.py): one person in
    To (others only in Bcc), ``Auto-Submitted``, ``Date``, ``Message-ID``, a plain-text part,
    and links built from ``PALABRE_BASE_URL``. Any problem fails the test."""
    caught = mailcheck.Caught(EmailMessage.message)
    monkeypatch.setattr(EmailMessage, "message", caught.wrap())
    start_sink = Controller.__init__
    monkeypatch.setattr(
        Controller,
        "__init__",
        lambda sink, handler, *args, **kwargs: start_sink(
            sink, caught.recording(handler), *args, **kwargs
        ),
    )
    yield caught
    found = caught.problems()
    if found:
        pytest.fail("An e-mail sent by this test is not well made:\n" + "\n".join(found))


@pytest.fixture(autouse=True)
def calendar_checks(monkeypatch, mail_checks):
    """Every iCalendar document a test writes or mails is read back by ``icalendar`` held to
    RFC 5545 and by Mozilla's ical.js (palabre/core/tests/icscheck.py): one calendar with at
    least one component. Any problem fails the test."""
    written = icscheck.Written(Calendar.to_ical)
    monkeypatch.setattr(Calendar, "to_ical", written.wrap())
    yield written
    documents = written.documents + [
        part.get_payload(decode=True)
        for sent in mail_checks.unique()
        for part in sent.mime.walk()
        if part.get_content_type() == "text/calendar"
    ]
    found = icscheck.problems(documents)
    if found:
        pytest.fail("A calendar written by this test is not well made:\n" + "\n".join(found))


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
