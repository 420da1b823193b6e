import pytest
from django.utils import timezone

from palabre.outreach.tests import world


@pytest.fixture
def clock(monkeypatch):
    """``timezone.now()`` at 10:00 on Wednesday 9 December 2026, Paris time."""
    monkeypatch.setattr(timezone, "now", lambda: world.NOW)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def objects(service, coordinator, clock):
    return world.make(service, coordinator)


@pytest.fixture
def foreign(other_service, clock):
    return world.make(other_service)


@pytest.fixture
def buildings(service, objects):
    """``objects`` with a followed co-ownership (``world.make_coownership``)."""
    return {**objects, **world.make_coownership(service, objects)}


@pytest.fixture
def foreign_buildings(other_service, foreign):
    return {**foreign, **world.make_coownership(other_service, foreign)}
