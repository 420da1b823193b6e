"""The top navigation of a service's coordinator whose service belongs to a network (every
entry: cases, intake, referrals, permanences, outreach, activity, the network's menu, partners)
fits a 1280-pixel screen in French and in English, even with a long name: no sideways scroll."""

import pytest

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.network.tests.funding_support import link_service
from palabre.network.tests.members_support import make_network

LONG_NAME = ("Marie-Françoise-Éléonore", "de La Villemarqué-Kerjean")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_navigation_fits_a_laptop_screen(audited, transactional_db, language):
    network, _staff = make_network()
    service = OrganisationFactory(name="Médiation Rennes Sud", slug="mediation-rennes-sud")
    link_service(network, service, "Médiation Rennes Sud")
    user = UserFactory(first_name=LONG_NAME[0], last_name=LONG_NAME[1])
    MembershipFactory(user=user, organisation=service, role="coordinator")
    page = audited.page
    page.set_viewport_size({"width": 1280, "height": 800})
    audited.login(user.email)
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": audited.base_url}]
        )
        audited.goto("/")
    navigation = page.locator("header nav")
    network_menu = "Network" if language == "en" else "Réseau"
    assert navigation.get_by_role("button", name=network_menu, exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
