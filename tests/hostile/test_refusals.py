"""The refusals the walk of ``test_forms.py`` found missing, each held here by its own test: the
walk only meets them when its world and its order of sending happen to lead there."""

from palabre.cases.codes import Status as S
from palabre.cases.tests.factories import MembershipFactory
from palabre.network.forms.members import MOST_PEOPLE
from tests.hostile import judge
from tests.hostile.problems import Problems
from tests.hostile.sending import send_with
from tests.hostile.world import OrganisationFactory

FORGED_NEXT = ["' OR 1=1 --", "accounts:login", "javascript:alert(1)", "//ailleurs.example/", ""]


def test_staying_logged_in_or_switching_with_a_forged_address_comes_back_home(world, as_role):
    second = OrganisationFactory(name="Service Deux", slug="service-deux")
    MembershipFactory(user=world["coordinator"].user, organisation=second)
    client = as_role("coordinator")
    client.get("/", follow=True)  # a page with a form: its CSRF cookie
    token = client.cookies["csrftoken"].value
    problems = Problems()
    for forged in FORGED_NEXT:
        for path, extra in [
            ("/compte/session/prolonger/", {}),
            ("/organisations/changer/", {"membership": str(world["coordinator"].pk)}),
        ]:
            with problems.check(f"{path} next={forged!r}", unchanged=False):
                data = {"csrfmiddlewaretoken": token, "next": forged, **extra}
                response = client.post(path, data)
                assert response.status_code == 302, response.status_code
                assert response["Location"] == "/", response["Location"]

    assert not problems, str(problems)


def test_a_second_legal_hold_is_refused_with_its_reason(world, as_role):
    client, case = as_role("coordinator"), world["cases"][S.CLOSED]
    path = f"/protection/conservation/dossiers/{case.pk}/conserver/"
    client.get(path)
    token = client.cookies["csrftoken"].value

    response = client.post(path, {"csrfmiddlewaretoken": token, "reason": "inconnu"})

    assert response.status_code == 200
    assert judge.refusal(response, client) == ""
    assert "déjà conservé pour un motif légal" in response.content.decode()
    assert case.legal_holds.count() == 1


def test_a_member_counts_its_people_in_hundreds_not_billions(world, as_role):
    client = as_role("network_staff")
    path = f"/reseau/membres/{world['member'].pk}/modifier/"
    problems = Problems()
    for value in ("3000000000", str(MOST_PEOPLE + 1), "-1"):
        with problems.check(value):
            assert send_with(client, path, staff=value, volunteers=value) == {
                "staff",
                "volunteers",
            }

    assert not problems, str(problems)


def test_a_search_for_a_person_too_long_to_be_a_name_says_so(world, as_role):
    client = as_role("coordinator")

    response = client.get("/protection/droits/nouvelle/", {"q": "x" * 100_000})

    assert response.status_code == 200
    assert judge.refusal(response, client) == ""
