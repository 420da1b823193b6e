"""The data-protection pages are linked to the people who may open them, and only to them: a
notice's page leads each reader back to a page of theirs, and a network's staff find their
register and notices in their menu, without a link to the safety reports of a service
(palabre/privacy/dpo_access.py)."""

import re

import pytest
from django.urls import reverse

from palabre.network.tests.members_support import make_network

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)"')
BREADCRUMB = re.compile(r'<ol class="breadcrumb">(.*?)</ol>', re.S)
NOTICES, REGISTER = reverse("dpo:notices"), reverse("dpo:register")
SAFETY_REPORTS = reverse("dpo:safety_reports")


def links(response) -> set:
    return set(HREF.findall(response.content.decode()))


@pytest.mark.parametrize("role", ["coordinator", "mediator", "reception"])
def test_a_notice_page_leads_its_reader_back_to_a_page_they_may_open(member, login, role):
    client = login(member(role))
    page = client.get(reverse("dpo:notice", args=["demandeur"]))
    assert page.status_code == 200

    up = HREF.findall(BREADCRUMB.search(page.content.decode()).group(1))

    assert up == [NOTICES if role == "coordinator" else reverse("cases:today")]
    assert client.get(up[0]).status_code == 200


def test_the_network_staff_menu_leads_to_its_register_and_notices(login, db):
    _network, staff = make_network()
    client = login(staff)

    shown = links(client.get(reverse("network:home")))

    assert {NOTICES, REGISTER} <= shown
    assert SAFETY_REPORTS not in shown  # no cases, no safety reports
    for url in (NOTICES, REGISTER, reverse("dpo:dpia")):
        page = client.get(url)
        assert page.status_code == 200
        assert SAFETY_REPORTS not in links(page), url


@pytest.mark.parametrize(("role", "expected"), [("coordinator", 3), ("reception", 0)])
def test_a_service_menu_shows_the_data_protection_pages_to_its_coordination(
    member, login, role, expected
):
    shown = links(login(member(role)).get(reverse("cases:today")))

    assert len({NOTICES, REGISTER, SAFETY_REPORTS} & shown) == expected
