"""The pages: the list's tabs and filters, the month calendar (plain links), the forms' refusals
(a French message, nothing saved), recording results with a linked case, the navigation entry."""

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CaseFactory
from palabre.organisations.access import can_read_cases
from palabre.outreach import access
from palabre.outreach.models import OutreachAction
from palabre.outreach.tests import world


def test_the_list_splits_upcoming_and_past_and_filters(login, objects):
    browser = login(objects["coordinator"])
    upcoming = browser.get(reverse("outreach:list")).content.decode()
    assert "Fête de quartier de Maurepas" in upcoming and "Porte-à-porte aux" not in upcoming
    past = browser.get(reverse("outreach:list"), {"quand": "passees"}).content.decode()
    assert "Porte-à-porte aux Glycines" in past and "Fête de quartier" not in past
    filtered = browser.get(
        reverse("outreach:list"), {"quand": "passees", "kind": "MARKET"}
    ).content.decode()
    assert "Porte-à-porte aux Glycines" not in filtered
    assert "Aucune action ici." in filtered


def test_the_calendar_shows_the_month_and_moves_by_plain_links(login, objects):
    browser = login(objects["coordinator"])
    page = browser.get(reverse("outreach:calendar")).content.decode()
    assert "décembre 2026" in page
    assert reverse("outreach:detail", args=[objects["planned"].pk]) in page
    assert reverse("outreach:detail", args=[objects["held"].pk]) in page
    assert "?mois=2026-11" in page and "?mois=2027-01" in page
    january = browser.get(reverse("outreach:calendar"), {"mois": "2027-01"}).content.decode()
    assert "janvier 2027" in january and str(objects["planned"].pk) not in january
    assert browser.get(reverse("outreach:calendar"), {"mois": "n'importe"}).status_code == 200


def test_a_refused_plan_says_why_in_french_and_saves_nothing(login, objects):
    browser = login(objects["coordinator"])
    before = OutreachAction.objects.count()
    response = browser.post(
        reverse("outreach:create"),
        {"kind": "MARKET", "title": "Marché", "day": "2026-12-19", "starts": "12:00",
         "ends": "09:00", "commune": objects["rennes"].pk},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "L&#x27;action doit finir après avoir commencé." in page
    assert "Choisissez un lieu d&#x27;accueil du service" in page
    assert OutreachAction.objects.count() == before


def test_results_link_the_cases_opened_since_that_the_person_opens(login, objects):
    case = CaseFactory(
        organisation=objects["held"].organisation, by=objects["coordinator"], opened_on=world.TODAY
    )
    url = reverse("outreach:results", args=[objects["held"].pk])
    # A mediator of the team sees only the cases assigned to them: none here.
    assert case.reference not in login(objects["teammate"]).get(url).content.decode()
    browser = login(objects["coordinator"])
    page = browser.get(url).content.decode()
    assert case.reference in page
    assert objects["case"].reference not in page  # opened before the action
    response = browser.post(
        url, {"households_met": "25", "hours": "5,5", "topics": ["NOISE"], "cases": [case.pk]}
    )
    assert response.status_code == 302
    held = objects["held"]
    held.refresh_from_db()
    assert held.households_met == 25 and list(held.cases.all()) == [case]


def test_results_refuse_another_services_case(login, objects, foreign):
    browser = login(objects["coordinator"])
    url = reverse("outreach:results", args=[objects["held"].pk])
    response = browser.post(url, {"cases": [foreign["case"].pk]})
    assert response.status_code == 200
    held = objects["held"]
    assert list(held.cases.all()) == [objects["case"]]


def test_a_photo_upload_that_is_not_an_image_is_refused(login, objects):
    from django.core.files.uploadedfile import SimpleUploadedFile

    browser = login(objects["teammate"])
    count = objects["held"].photos.count()
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not a photo", content_type="image/png")
    response = browser.post(reverse("outreach:photo_add", args=[objects["held"].pk]),
                            {"photo": fake})  # fmt: skip
    assert response.status_code == 200
    assert "photo lisible" in response.content.decode()
    assert objects["held"].photos.count() == count


@pytest.mark.parametrize(
    "role", ["admin", "coordinator", "mediator", "reception", "board", "partner"]
)
def test_the_navigation_entry_follows_who_may_open_the_pages(member, role):
    membership = member(role)
    assert can_read_cases(membership) == access.can_open(membership)
