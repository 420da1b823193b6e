"""The clock, the world and the logged-in clients of the hostile-input tests."""

import axes.attempts
import axes.handlers.proxy
import pytest
from django.test import Client
from django.utils import timezone

from tests.hostile import world as world_module
from tests.hostile import world_network
from tests.hostile.world import NOW


@pytest.fixture
def clock(monkeypatch):
    """``timezone.now()`` stands at Tuesday 8 December 2026, 10:00 in Rennes (django-axes'
    clock too, so that the failed logins it counts stay in its window)."""
    for module in (timezone, axes.attempts, axes.handlers.proxy):
        monkeypatch.setattr(module, "now", lambda: NOW)
    return NOW


@pytest.fixture
def world(db, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return world_network.build(world_module.build())


@pytest.fixture
def as_role(world):
    """``as_role("mediator")`` → a client logged in as that member of the world (``None``:
    anonymous), which sends the CSRF token of the page as a browser does: a form without it is
    refused before its view reads it."""

    def log_in(role):
        client = Client(enforce_csrf_checks=True)
        if role is not None:
            membership = world[role]
            client.force_login(membership.user)
            session = client.session
            session["palabre_membership_id"] = str(membership.pk)
            session.save()
        return client

    return log_in
