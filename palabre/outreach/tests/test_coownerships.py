"""Following a co-ownership: what the verbs refuse (each refusal in French, nothing changed), and
the pages a coordinator goes through — follow a building, plan a prevention action from its
page, note a follow-up point, close the follow-up."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory
from palabre.outreach import actions
from palabre.outreach import coownership_actions as verbs
from palabre.outreach.actions import OutreachRefused
from palabre.outreach.models import Coownership, OutreachAction
from palabre.outreach.tests import world
from palabre.partners.tests.factories import PartnerFactory


def _follow(objects, **changes):
    given = {
        "organisation": objects["coordinator"].organisation,
        "by": objects["coordinator"],
        "name": "Copropriété du Gros-Chêne",
        "address": "1 rue du Gros-Chêne",
        "commune": objects["rennes"],
        "followed_since": world.TODAY,
    }
    return verbs.follow_coownership(**(given | changes))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": "  "}, "Donnez le nom"),
        ({"address": ""}, "Donnez l'adresse"),
        ({"programme": "NOPE"}, "dispositif de la liste"),
        ({"difficulties": ["NOPE"]}, "difficultés dans la liste"),
        ({"lots": 0}, "lots va de 1"),
        ({"followed_since": world.TODAY + dt.timedelta(days=400)}, "au plus tard dans un an"),
        ({"name": "Copropriété Les Hortensias"}, "déjà une copropriété de ce nom"),
    ],
)
def test_what_following_a_coownership_refuses(buildings, changes, message):
    before = Coownership.objects.count()
    with pytest.raises(OutreachRefused, match=message):
        _follow(buildings, **changes)
    assert Coownership.objects.count() == before


def test_the_syndic_is_a_syndic_of_the_service_and_the_place_its_territory(
    buildings, foreign_buildings
):
    with pytest.raises(OutreachRefused, match="type syndic"):
        _follow(buildings, syndic=buildings["landlord"])
    with pytest.raises(OutreachRefused, match="territoire du service"):
        _follow(buildings, syndic=foreign_buildings["syndic"])
    with pytest.raises(OutreachRefused, match="territoire du service"):
        _follow(buildings, commune=foreign_buildings["rennes"])
    with pytest.raises(OutreachRefused, match="territoire du service"):
        _follow(buildings, convention=foreign_buildings["convention"])
    elsewhere = CommuneFactory(organisation=buildings["coordinator"].organisation, name="Bruz")
    with pytest.raises(OutreachRefused, match="pas dans la commune"):
        _follow(buildings, commune=elsewhere, quartier=buildings["maurepas"])


def test_an_action_cannot_be_attached_to_another_services_coownership(buildings, foreign_buildings):
    with pytest.raises(OutreachRefused, match="pas suivie par le service"):
        actions.plan_action(
            organisation=buildings["coordinator"].organisation,
            by=buildings["coordinator"],
            kind="OWNERS_COUNCIL",
            title="Conseil",
            starts_at=world.at(world.TODAY, 18),
            ends_at=world.at(world.TODAY, 20),
            place_name="Salle",
            commune=buildings["rennes"],
            coownership=foreign_buildings["coownership"],
        )


def test_contacts_reviews_and_closing_refuse_what_makes_no_sense(buildings):
    coownership, by = buildings["coownership"], buildings["coordinator"]
    with pytest.raises(OutreachRefused, match="au moins un téléphone"):
        verbs.add_contact(coownership=coownership, by=by, name="Anne", role="COUNCIL_MEMBER")
    with pytest.raises(OutreachRefused, match="rôle de la liste"):
        verbs.add_contact(coownership=coownership, by=by, name="Anne", role="KING", phone="1")
    with pytest.raises(OutreachRefused, match="une fois tenu"):
        verbs.record_review(
            coownership=coownership, by=by, held_on=world.TODAY + dt.timedelta(days=1),
            trend="STABLE",
        )  # fmt: skip
    with pytest.raises(OutreachRefused, match="antérieur au début"):
        verbs.record_review(
            coownership=coownership, by=by, held_on=dt.date(2026, 8, 1), trend="STABLE"
        )
    with pytest.raises(OutreachRefused, match="vient après"):
        verbs.record_review(
            coownership=coownership, by=by, held_on=world.TODAY, trend="STABLE",
            next_review_on=world.TODAY,
        )  # fmt: skip
    with pytest.raises(OutreachRefused, match="avant d'avoir commencé"):
        verbs.close_follow_up(coownership=coownership, by=by, on=dt.date(2026, 8, 31))
    verbs.close_follow_up(coownership=coownership, by=by)
    with pytest.raises(OutreachRefused, match="déjà clos"):
        verbs.close_follow_up(coownership=coownership, by=by)


def test_a_coordinator_follows_a_building_and_plans_its_prevention(login, buildings):
    browser = login(buildings["coordinator"])
    syndic = PartnerFactory(
        organisation=buildings["coordinator"].organisation, kind="SYNDIC", name="Syndic Nord"
    )
    response = browser.post(
        reverse("outreach:coownership_create"),
        {
            "name": "Copropriété du Gros-Chêne",
            "address": "1 rue du Gros-Chêne",
            "commune": buildings["rennes"].pk,
            "quartier": buildings["maurepas"].pk,
            "lots": "120",
            "syndic": syndic.pk,
            "programme": "POPAC",
            "difficulties": ["UNPAID_CHARGES", "WORKS"],
            "convention": buildings["convention"].pk,
            "followed_since": "2026-11-01",
        },
    )
    coownership = Coownership.objects.get(name="Copropriété du Gros-Chêne")
    assert response["Location"] == reverse("outreach:coownership_detail", args=[coownership.pk])
    page = browser.get(response["Location"]).content.decode()
    assert "Syndic Nord" in page and "Impayés de charges" in page
    assert "Prévention des copropriétés 2026" in page

    planning = browser.get(reverse("outreach:create"), {"copropriete": coownership.pk})
    assert planning.context["form"].initial["coownership"] == coownership.pk
    assert 'value="1 rue du Gros-Chêne"' in planning.content.decode()
    browser.post(
        reverse("outreach:create"),
        {
            "kind": "OWNERS_INFORMATION",
            "title": "Information des copropriétaires du Gros-Chêne",
            "day": "2026-12-16",
            "starts": "18:00",
            "ends": "20:00",
            "place_name": "Copropriété du Gros-Chêne",
            "commune": buildings["rennes"].pk,
            "coownership": coownership.pk,
        },
    )
    action = OutreachAction.objects.get(coownership=coownership)
    assert action.kind == "OWNERS_INFORMATION"
    page = browser.get(reverse("outreach:coownership_detail", args=[coownership.pk]))
    assert action.title in page.content.decode()

    browser.post(
        reverse("outreach:coownership_review", args=[coownership.pk]),
        {"held_on": "2026-12-08", "trend": "WORSE", "next_review_on": "2027-01-12"},
    )
    page = browser.get(reverse("outreach:coownership_detail", args=[coownership.pk]))
    assert "En dégradation" in page.content.decode()
    assert "12 janvier 2027" in page.content.decode()

    browser.post(
        reverse("outreach:coownership_close", args=[coownership.pk]), {"closed_on": "2026-12-09"}
    )
    coownership.refresh_from_db()
    assert coownership.followed_until == world.TODAY
    offered = browser.get(reverse("outreach:create")).context["form"].fields["coownership"]
    assert coownership not in offered.queryset
    listed = browser.get(reverse("outreach:coownership_list")).content.decode()
    assert "Gros-Chêne" not in listed  # the list shows follow-ups in progress by default
    assert (
        "Gros-Chêne"
        in browser.get(reverse("outreach:coownership_list"), {"followed": "clos"}).content.decode()
    )


def test_a_bad_form_says_what_is_wrong_and_saves_nothing(login, buildings):
    browser = login(buildings["coordinator"])
    before = Coownership.objects.count()
    response = browser.post(
        reverse("outreach:coownership_create"),
        {"name": "X", "address": "", "commune": "nope", "followed_since": "demain"},
    )
    assert response.status_code == 200
    assert Coownership.objects.count() == before
    form = response.context["form"]
    assert {"address", "commune", "followed_since"} <= set(form.errors)
    response = browser.post(
        reverse("outreach:coownership_contact_add", args=[buildings["coownership"].pk]),
        {"name": "Anne", "role": "COUNCIL_MEMBER"},
    )
    assert "au moins un téléphone" in response.content.decode()
