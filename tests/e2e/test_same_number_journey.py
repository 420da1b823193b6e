"""A coordinator follows a figure of the activity to its cases, and downloads them: the same
number on the page, in the list and in the file. Every page visited is audited by axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.models import Case
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
)
from palabre.reports.tests.downloads import data_rows


def test_a_coordinator_follows_the_treated_cases_to_their_list_and_file(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    year = timezone.localdate().year
    # Treated this year in Cesson: two opened this year, one carried over from last year; one
    # closed last year is not. Rennes has its own.
    for commune, opened, closed in [
        (cesson, dt.date(year, 1, 2), None),
        (cesson, dt.date(year, 1, 3), None),
        (cesson, dt.date(year - 1, 11, 5), None),
        (cesson, dt.date(year - 1, 3, 5), dt.date(year - 1, 6, 1)),
        (rennes, dt.date(year, 1, 4), None),
    ]:
        case = CaseFactory(organisation=service, by=coordinator, commune=commune, opened_on=opened)
        if closed:
            Case.objects.filter(pk=case.pk).update(
                status="CLOSED", closed_on=closed, closure_reason="NO_AGREEMENT"
            )

    audited.login(coordinator.user.email)
    page = audited.page
    audited.goto("/bilans/")
    page.get_by_label("Commune", exact=True).select_option(label="Cesson-Sévigné")
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher", exact=True).click()
    audited.audit()

    with page.expect_navigation():
        page.get_by_role("link", name="3 — voir ces dossiers").first.click()
    audited.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers")
    expect(page.get_by_role("status")).to_have_text("3 dossiers")
    expect(page.get_by_label("Sur la période, les dossiers")).to_have_value("traites")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV — 3 dossiers").click()
    with open(download.value.path(), "rb") as handle:
        assert len(data_rows("csv", handle.read())) == 3
