"""The forms of collective mediation through their pages (docs/adr/0035): each posts to the
action and comes back to the case page's section; a refusal stays on the form in French with
nothing saved."""

import pytest
from django.urls import reverse

from palabre.cases import codes
from palabre.cases.tests.collective_support import (
    GROUP_A,
    GROUP_B,
    WORDING,
    collective_case,
    pin_clock,
    with_agreement,
)
from palabre.cases.tests.factories import CaseFactory


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch)


def _url(case, slug, query=""):
    return reverse("cases:collective_action", args=[case.pk, slug]) + query


def test_the_coordination_marks_a_case_and_adds_a_group(service, coordinator, login):
    case = CaseFactory(organisation=service, by=coordinator)
    browser = login(coordinator)
    response = browser.post(_url(case, "collectif"), {"dimension": "PROJECT"})
    assert response.status_code == 302 and response.url.endswith("#h-collective")
    response = browser.post(
        _url(case, "groupe"),
        {"name": "Jeunes du square", "description": "Une quinzaine", "estimated_size": "15"},
    )
    assert response.status_code == 302
    page = browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Médiation collective, dimension projet." in page
    assert "Jeunes du square" in page and "environ 15 personnes" in page


def test_attendance_is_recorded_per_group_from_its_form(service, coordinator, login):
    case = collective_case(service, coordinator)
    meeting = case.meetings.get()
    groups = {g.name: g for g in case.party_groups.all()}
    a, b = groups[GROUP_A], groups[GROUP_B]
    browser = login(coordinator)
    url = _url(case, "presence", f"?rencontre={meeting.pk}")
    form_page = browser.get(url).content.decode()
    assert f'name="count_{a.pk.hex}"' in form_page and f'name="present_{b.pk.hex}"' in form_page
    requester = case.requester()
    response = browser.post(
        url,
        {
            f"count_{a.pk.hex}": "7",
            f"present_{a.pk.hex}": [str(requester.pk)],
            f"count_{b.pk.hex}": "4",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.participants_count == 11
    page = browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"{GROUP_A} : 7 ({requester})" in page and "11 participants" in page
    # More people ticked than counted: refused on the form, nothing changed.
    response = browser.post(
        url,
        {
            f"count_{a.pk.hex}": "0",
            f"present_{a.pk.hex}": [str(requester.pk)],
            f"count_{b.pk.hex}": "1",
        },
    )
    assert response.status_code == 200
    assert "plus petit que le nombre de personnes cochées" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.participants_count == 11


def test_a_party_is_put_in_a_group_and_a_group_commitment_added(service, coordinator, login):
    case = with_agreement(collective_case(service, coordinator), coordinator)
    groups = {g.name: g for g in case.party_groups.all()}
    other = case.other_parties()[0]
    browser = login(coordinator)
    response = browser.post(
        _url(case, "placer"), {"party": str(other.pk), "group": str(groups[GROUP_A].pk)}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.group == groups[GROUP_A]
    response = browser.post(
        _url(case, "engagement"),
        {"group": str(groups[GROUP_B].pk), "category": "COMMON_AREA_RULES", "wording": WORDING},
    )
    assert response.status_code == 302
    page = browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    label = str(codes.CommitmentCategory.COMMON_AREA_RULES.label)
    assert f"{label} — « {WORDING} »" in page.replace("&#x27;", "'")


def test_a_group_is_edited_from_its_link(service, coordinator, login):
    case = collective_case(service, coordinator, held=False)
    group = case.party_groups.get(name=GROUP_B)
    browser = login(coordinator)
    url = _url(case, "modifier-groupe", f"?groupe={group.pk}")
    assert GROUP_B in browser.get(url).content.decode()  # the form starts from the group
    response = browser.post(url, {"name": GROUP_A, "description": "", "estimated_size": ""})
    assert response.status_code == 200
    assert "déjà un groupe de ce nom" in response.content.decode()
    response = browser.post(url, {"name": "Conseil syndical", "estimated_size": "6"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.estimated_size) == ("Conseil syndical", 6)
