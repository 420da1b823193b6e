"""Fixtures the members, poles and events tests share: a network with its staff, its staff
logged in, and a media folder of the test's own for the files they upload."""

import pytest

from palabre.network.tests.members_support import make_network


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def network(db):
    return make_network()


@pytest.fixture
def staff_client(network, login):
    return login(network[1])


# The funding tests' world (funding_support.py).
from palabre.network.tests.funding_support import funding_world  # noqa: E402, F401
