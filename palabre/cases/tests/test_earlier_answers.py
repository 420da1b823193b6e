"""The team's answer about an earlier case (docs/adr/0027): « même conflit » links the cases,
« nouveau conflit » is kept; both are journalled and never asked twice; the case page and the
first contact show earlier cases to the coordination and the case's team only."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases import actions, codes
from palabre.cases.earlier import Answer, EarlierCaseAnswer
from palabre.cases.earlier_actions import EarlierRefused, answer_earlier_case
from palabre.cases.tests.earlier_support import (  # noqa: F401 (intake_day: a fixture)
    ADDRESS,
    TODAY,
    intake_day,
    open_for,
)
from palabre.core.journal import entries_for

pytestmark = pytest.mark.usefixtures("intake_day")


@pytest.fixture
def closed_earlier(service, coordinator):
    return open_for(
        service,
        coordinator,
        opened_on=TODAY - dt.timedelta(days=200),
        closed_on=TODAY - dt.timedelta(days=100),
    )


@pytest.fixture
def new_case(service, coordinator):
    return open_for(service, coordinator, opened_on=TODAY, other_last_name="Roux")


def _page(client, case):
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_same_conflict_as_a_closed_case_makes_the_new_case_its_resumption(
    coordinator, closed_earlier, new_case
):
    answer = answer_earlier_case(
        case=new_case, earlier_case=closed_earlier, by=coordinator, answer=Answer.SAME
    )

    new_case.refresh_from_db()
    assert (new_case.previous_case_id, new_case.is_relapse) == (closed_earlier.pk, True)
    assert answer.answer == Answer.SAME
    assert entries_for(new_case).filter(verb="earlier_same").count() == 1
    line = entries_for(closed_earlier).get(verb="later_linked")
    assert new_case.reference in line.summary
    assert "Le Gall" not in line.summary and "Le Gall" not in str(line.data)


def test_same_conflict_as_an_open_case_links_them_without_a_resumption(
    service, coordinator, new_case
):
    still_open = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=20))

    answer_earlier_case(case=new_case, earlier_case=still_open, by=coordinator, answer="SAME")

    new_case.refresh_from_db()
    assert (new_case.previous_case_id, new_case.is_relapse) == (still_open.pk, False)


def test_a_new_conflict_is_kept_and_the_question_is_not_asked_again(
    login, coordinator, closed_earlier, new_case
):
    answer_earlier_case(case=new_case, earlier_case=closed_earlier, by=coordinator, answer="NEW")

    new_case.refresh_from_db()
    assert new_case.previous_case_id is None and not new_case.is_relapse
    assert entries_for(new_case).filter(verb="earlier_new").count() == 1
    with pytest.raises(EarlierRefused):
        answer_earlier_case(
            case=new_case, earlier_case=closed_earlier, by=coordinator, answer="SAME"
        )
    page = _page(login(coordinator), new_case)
    assert closed_earlier.reference in page and "Nouveau conflit" in page
    assert 'value="SAME"' not in page


def test_a_case_already_linked_elsewhere_is_refused_and_nothing_changes(
    service, coordinator, closed_earlier, new_case
):
    other = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=10))
    answer_earlier_case(case=new_case, earlier_case=other, by=coordinator, answer="SAME")

    with pytest.raises(EarlierRefused, match="déjà lié"):
        answer_earlier_case(
            case=new_case, earlier_case=closed_earlier, by=coordinator, answer="SAME"
        )

    new_case.refresh_from_db()
    assert new_case.previous_case_id == other.pk
    assert not EarlierCaseAnswer.objects.filter(earlier_case=closed_earlier).exists()


def test_a_case_that_does_not_match_is_refused(service, coordinator, new_case):
    stranger = open_for(
        service,
        coordinator,
        opened_on=TODAY - dt.timedelta(days=5),
        last_name="Personne",
        phone="",
        address="8 avenue Janvier",
    )
    with pytest.raises(EarlierRefused, match="pas un dossier antérieur"):
        answer_earlier_case(case=new_case, earlier_case=stranger, by=coordinator, answer="NEW")
    assert not EarlierCaseAnswer.objects.exists()


def test_a_closed_case_is_asked_no_more(coordinator, closed_earlier, new_case):
    actions.close(
        case=new_case, by=coordinator, reason=codes.ClosureReason.RESOLVED_BEFORE, closed_on=TODAY
    )
    with pytest.raises(EarlierRefused, match="clos"):
        answer_earlier_case(
            case=new_case, earlier_case=closed_earlier, by=coordinator, answer="NEW"
        )


def test_reception_cannot_answer(member, closed_earlier, new_case):
    with pytest.raises(EarlierRefused):
        answer_earlier_case(
            case=new_case, earlier_case=closed_earlier, by=member("reception"), answer="NEW"
        )


# --- Pages -------------------------------------------------------------------------------------


def test_the_case_page_shows_earlier_cases_with_dates_outcome_and_a_link(
    login, coordinator, closed_earlier, new_case
):
    page = _page(login(coordinator), new_case)

    assert "Dossiers antérieurs du service" in page
    assert reverse("cases:detail", args=[closed_earlier.pk]) in page
    assert closed_earlier.closed_on.strftime("%d/%m/%Y") in page
    assert "Problème réglé avant intervention" in page
    assert "même adresse" in page


def test_reception_does_not_see_them_on_the_case_page(login, member, closed_earlier, new_case):
    page = _page(login(member("reception")), new_case)

    assert new_case.reference in page
    assert "Dossiers antérieurs du service" not in page
    assert closed_earlier.reference not in page


def test_the_case_team_sees_them_without_a_link_to_a_case_they_do_not_work_on(
    login, member, coordinator, closed_earlier, new_case
):
    mediator = member("mediator")
    actions.assign_mediators(case=new_case, by=coordinator, mediators=[mediator])

    page = _page(login(mediator), new_case)

    assert closed_earlier.reference in page
    assert reverse("cases:detail", args=[closed_earlier.pk]) not in page


def test_answering_from_the_page_links_the_cases(login, coordinator, closed_earlier, new_case):
    response = login(coordinator).post(
        reverse("cases:earlier_answer", args=[new_case.pk]),
        {"earlier_case": closed_earlier.pk, "answer": "SAME"},
        follow=True,
    )
    new_case.refresh_from_db()
    assert new_case.previous_case_id == closed_earlier.pk
    assert "même conflit que le dossier" in response.content.decode()


@pytest.mark.parametrize(
    "data", [{"answer": "MAYBE"}, {"answer": "SAME", "earlier_case": "pas-un-uuid"}]
)
def test_bad_input_says_why_in_french_and_changes_nothing(
    login, coordinator, closed_earlier, new_case, data
):
    data = {"earlier_case": closed_earlier.pk, **data}
    response = login(coordinator).post(
        reverse("cases:earlier_answer", args=[new_case.pk]), data, follow=True
    )
    page = response.content.decode()
    assert "alert-danger" in page
    assert "Choisissez « Même conflit »" in page or "pas connu du service" in page
    assert not EarlierCaseAnswer.objects.exists()
    new_case.refresh_from_db()
    assert new_case.previous_case_id is None


def test_a_foreign_earlier_case_is_not_known_and_changes_nothing(
    login, member, other_service, coordinator, new_case
):
    foreign = open_for(
        other_service, member("coordinator", other_service), opened_on=TODAY - dt.timedelta(1)
    )
    response = login(coordinator).post(
        reverse("cases:earlier_answer", args=[new_case.pk]),
        {"earlier_case": foreign.pk, "answer": "SAME"},
        follow=True,
    )
    assert "pas connu du service" in response.content.decode()
    assert str(foreign.pk) not in response.content.decode()
    new_case.refresh_from_db()
    assert new_case.previous_case_id is None


def test_opening_a_case_tells_the_coordination_of_earlier_cases_but_not_reception(
    login, service, coordinator, member, closed_earlier
):
    from palabre.cases.tests.factories import CommuneFactory

    commune = CommuneFactory(organisation=service)
    data = {
        "kind": "case",
        "opened_on": TODAY.isoformat(),
        "channel": codes.Channel.PHONE,
        "referral_source": codes.ReferralSource.SELF,
        "requester_last_name": "LE GALL",
        "requester_first_name": "Eloise",
        "requester_phone": "+33 6 12 34 56 78",
        "requester_address": ADDRESS,
        "primary_conflict": codes.ConflictCategory.NOISE,
        "commune": commune.pk,
        "housing": codes.Housing.UNKNOWN,
        "building_type": codes.BuildingType.UNKNOWN,
    }
    url = reverse("cases:first_contact")
    told = login(coordinator).post(url, data, follow=True).content.decode()
    assert "dossier antérieur" in told and closed_earlier.reference in told
    quiet = login(member("reception")).post(url, data, follow=True).content.decode()
    assert "Le dossier" in quiet and "dossier antérieur" not in quiet
    assert closed_earlier.reference not in quiet
