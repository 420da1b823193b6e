"""A service whose public page is published, its demo-like texts and contact, and a clock set
to Monday 7 December 2026 at 9:00 in Rennes."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.website import access
from palabre.website.models import ServiceSite

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = dt.date(2026, 12, 7)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; starts on Monday 7 December 2026 at 9:00."""
    state = {"now": at(MONDAY, 9)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def site(service, clock) -> ServiceSite:
    service.email = "contact@service-un.example"
    service.phone = "02 99 11 22 33"
    service.address = "3 rue du Puits, 35000 Rennes"
    service.save()
    site = access.new_site(service)
    site.is_published = True
    site.contact_hours = "Du lundi au vendredi, de 9 h à 17 h"
    site.save()
    return site


def page(client, organisation):
    return client.get(f"/{organisation.slug}/")
