import pytest
from django.urls import reverse

from palabre.partners.tests.helpers import page

LINKS = {
    "directory": reverse("partners:list"),
    "conventions": reverse("partners:convention_list"),
    "venues": reverse("partners:venue_list"),
}
EXPECTED = {
    "admin": {"directory", "conventions", "venues"},
    "coordinator": {"directory", "conventions", "venues"},
    "reception": {"directory", "conventions", "venues"},
    "mediator": {"venues"},
    "board": {"conventions"},
    "partner": set(),
    "network_staff": set(),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_the_navbar_offers_the_partners_pages_each_role_may_open(login, member, role):
    client = login(member(role))
    content = page(client.get("/", follow=True))
    navbar = content[content.index("<nav") : content.index("</nav>")]
    shown = {key for key, url in LINKS.items() if f'href="{url}"' in navbar}
    assert shown == EXPECTED[role]
