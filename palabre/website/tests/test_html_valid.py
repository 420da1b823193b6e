"""The public page with every block filled, its preview and the settings page are valid HTML
for the Nu Html Checker (OpenGraph's ``property`` and the JSON-LD script included)."""

import datetime as dt

import pytest

from palabre.cases.tests.factories import CommuneFactory
from palabre.outreach import actions as outreach_actions
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory, VenueFactory
from palabre.permanences import actions as permanence_actions
from palabre.permanences.models import Frequency
from palabre.website.tests.conftest import MONDAY, at, page
from tests.crawl import htmlcheck


def test_the_public_and_settings_pages_pass_the_nu_html_checker(
    client, login, site, coordinator, tmp_path
):
    if htmlcheck.missing():
        pytest.fail(htmlcheck.missing())
    service = site.organisation
    ConventionFactory(organisation=service, partners=[PartnerFactory(organisation=service)])
    permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(organisation=service),
        weekday=1,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=MONDAY,
    )
    outreach_actions.plan_action(
        organisation=service,
        by=coordinator,
        kind="MARKET",
        title="Marché des Lices",
        starts_at=at(MONDAY + dt.timedelta(days=5), 9),
        ends_at=at(MONDAY + dt.timedelta(days=5), 12),
        commune=CommuneFactory(organisation=service, name="Rennes"),
        place_name="Place des Lices",
        public_description="Venez nous voir.",
    )
    (tmp_path / "public.html").write_text(page(client, service).text)
    login(coordinator)
    site.is_published = False
    site.save()
    (tmp_path / "preview.html").write_text(page(client, service).text)
    (tmp_path / "settings.html").write_text(client.get("/site-public/").text)
    (tmp_path / "refused.html").write_text(
        client.post("/site-public/", {"contact_phone": "non", "about": "x"}).text
    )

    errors = htmlcheck.errors_in(tmp_path)

    assert [(e["url"].rsplit("/", 1)[-1], e["message"]) for e in errors] == []
