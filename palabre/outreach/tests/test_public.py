"""The public side: ``upcoming_for`` answers the planned actions to come with their public
fields only, and the photos with consent through a signed address that works without login."""

import dataclasses
import datetime as dt

from django.urls import reverse

from palabre.outreach import actions, public
from palabre.outreach.tests import world


def test_upcoming_actions_carry_their_public_fields_only(objects):
    shown = public.upcoming_for(objects["planned"].organisation, today=world.TODAY)
    assert [action.title for action in shown] == ["Fête de quartier de Maurepas"]
    action = shown[0]
    assert action.kind == "Stand à une fête de quartier"
    assert action.place == objects["venue"].name and action.address == objects["venue"].address
    assert action.commune == "Rennes"
    assert action.description == "Venez nous rencontrer au stand de la médiation."
    fields = {field.name for field in dataclasses.fields(action)}
    assert fields == {"title", "kind", "starts_at", "ends_at", "place", "address", "commune",
                      "description", "photos"}  # fmt: skip


def test_the_private_parts_never_reach_the_public_function(objects):
    """The held action, made public again for the test with a photo each way: its team,
    partners, results and linked cases appear nowhere in what the function answers."""
    held = objects["held"]
    held.status = "PLANNED"
    held.starts_at, held.ends_at = world.at(world.TODAY, 18), world.at(world.TODAY, 20)
    held.save()
    shown = public.upcoming_for(held.organisation, today=world.TODAY)
    text = repr(shown)
    teammate = objects["teammate"].user
    for private in (
        objects["case"].reference,
        str(objects["case"].pk),
        teammate.get_full_name(),
        teammate.email,
        objects["landlord"].name,
        str(objects["private_photo"].pk),
        "Sans accord",
        "40",  # doors knocked
    ):
        assert private not in text, private
    mine = next(action for action in shown if action.title == held.title)
    assert [photo.caption for photo in mine.photos] == ["Le stand"]


def test_past_cancelled_and_foreign_actions_stay_out_and_the_limit_holds(objects, foreign):
    organisation = objects["planned"].organisation
    later = public.upcoming_for(organisation, today=world.TODAY + dt.timedelta(days=11))
    assert later == []
    actions.cancel_action(action=objects["planned"], by=objects["coordinator"])
    assert public.upcoming_for(organisation, today=world.TODAY) == []
    for day in range(3):
        actions.plan_action(
            organisation=organisation,
            by=objects["coordinator"],
            kind="MARKET",
            title=f"Marché {day}",
            starts_at=world.at(world.TODAY + dt.timedelta(days=day + 1), 9),
            ends_at=world.at(world.TODAY + dt.timedelta(days=day + 1), 12),
            place_name="Place du marché",
            commune=objects["rennes"],
        )
    titles = [a.title for a in public.upcoming_for(organisation, today=world.TODAY, limit=2)]
    assert titles == ["Marché 0", "Marché 1"]


def test_a_consented_photo_opens_without_login_and_the_others_never(client, objects):
    url = public.photo_url(objects["photo"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    unconsented = public.photo_url(objects["private_photo"])
    assert client.get(unconsented).status_code == 404
    forged = reverse("outreach:public_photo", args=[url.rstrip("/").rsplit("/", 1)[1] + "x"])
    assert client.get(forged).status_code == 404
    # The internal address of the same photo asks for a login.
    internal = reverse("outreach:photo", args=[objects["held"].pk, objects["photo"].pk])
    assert client.get(internal).status_code == 302


def test_a_photo_of_a_cancelled_action_is_no_longer_public(client, objects):
    photo = actions.add_photo(
        action=objects["planned"], by=objects["coordinator"], photo=world.png(), consent=True
    )
    url = public.photo_url(photo)
    assert client.get(url).status_code == 200
    actions.cancel_action(action=objects["planned"], by=objects["coordinator"])
    assert client.get(url).status_code == 404
