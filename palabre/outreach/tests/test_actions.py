"""The verbs of outreach: what they refuse, with the reason and nothing changed, and what they
journal."""

import datetime as dt
from decimal import Decimal

import pytest

from palabre.cases.tests.factories import CaseFactory, CommuneFactory
from palabre.core.models import JournalEntry
from palabre.outreach import actions
from palabre.outreach.actions import OutreachRefused
from palabre.outreach.models import OutreachAction, OutreachPhoto
from palabre.outreach.tests import world
from palabre.partners.tests.factories import PartnerFactory


def _plan(objects, **changes):
    given = {
        "organisation": objects["planned"].organisation,
        "by": objects["coordinator"],
        "kind": "MARKET",
        "title": "Marché",
        "starts_at": world.at(world.TODAY, 9),
        "ends_at": world.at(world.TODAY, 12),
        "place_name": "Place du marché",
        "commune": objects["rennes"],
    } | changes
    return actions.plan_action(**given)


def test_planning_journals_the_action(objects):
    action = _plan(objects)
    assert action.status == "PLANNED"
    assert JournalEntry.objects.filter(subject_id=action.pk, verb="outreach.planned").exists()


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"ends_at": world.at(world.TODAY, 8)}, "finir après"),
        ({"ends_at": world.at(world.TODAY + dt.timedelta(days=20), 8)}, "14 jours"),
        ({"place_name": " "}, "lieu"),
        ({"kind": "PICNIC"}, "type d'action"),
        ({"title": "  "}, "intitulé"),
    ],
)
def test_bad_plans_are_refused_with_a_reason(objects, changes, reason):
    before = OutreachAction.objects.count()
    with pytest.raises(OutreachRefused, match=reason):
        _plan(objects, **changes)
    assert OutreachAction.objects.count() == before


def test_another_services_places_people_and_cases_are_refused(objects, foreign):
    for changes in (
        {"commune": foreign["rennes"]},
        {"commune": objects["rennes"], "residence": foreign["residence"]},
        {"venue": foreign["venue"]},
        {"partners": [foreign["landlord"]]},
        {"team": [foreign["teammate"]]},
        {"quartier": foreign["maurepas"]},
    ):
        with pytest.raises(OutreachRefused):
            _plan(objects, **changes)
    held = objects["held"]
    with pytest.raises(OutreachRefused, match="dossiers du service"):
        actions.record_results(action=held, by=objects["coordinator"], cases=[foreign["case"]])
    held.refresh_from_db()
    assert held.cases.get() == objects["case"]


def test_a_quartier_must_be_in_the_chosen_commune(objects):
    elsewhere = CommuneFactory(organisation=objects["rennes"].organisation, name="Cesson")
    with pytest.raises(OutreachRefused, match="commune choisie"):
        _plan(objects, commune=elsewhere, quartier=objects["maurepas"])


def test_results_wait_for_the_action_and_a_cancelled_one_has_none(objects):
    planned = objects["planned"]
    with pytest.raises(OutreachRefused, match="pas encore commencé"):
        actions.record_results(action=planned, by=objects["coordinator"], people_informed=3)
    actions.cancel_action(action=planned, by=objects["coordinator"])
    with pytest.raises(OutreachRefused, match="annulée"):
        actions.record_results(action=planned, by=objects["coordinator"], people_informed=3)
    with pytest.raises(OutreachRefused, match="prévue"):
        actions.cancel_action(action=planned, by=objects["coordinator"])


def test_recording_results_holds_the_action_with_its_counts(objects):
    action = _plan(objects, starts_at=world.at(world.TODAY, 8), ends_at=world.at(world.TODAY, 9))
    case = CaseFactory(organisation=action.organisation, by=objects["coordinator"])
    actions.record_results(
        action=action,
        by=objects["coordinator"],
        people_informed=25,
        contacts_made=2,
        hours=Decimal("4.5"),
        topics=["NOISE", "NOISE", "ANIMALS"],
        cases=[case],
    )
    action.refresh_from_db()
    assert (action.status, action.people_informed, action.hours) == ("HELD", 25, Decimal("4.5"))
    assert action.topics == ["NOISE", "ANIMALS"]
    assert list(action.cases.all()) == [case]
    with pytest.raises(OutreachRefused, match="liste"):
        actions.record_results(action=action, by=objects["coordinator"], topics=["BURGLARY"])
    with pytest.raises(OutreachRefused, match="négatifs"):
        actions.record_results(action=action, by=objects["coordinator"], doors_knocked=-1)
    action.refresh_from_db()
    assert action.topics == ["NOISE", "ANIMALS"]


def test_a_photo_must_be_a_real_image_and_is_kept_without_metadata(objects):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = OutreachPhoto.objects.count()
    fake = SimpleUploadedFile("photo.png", b"not a picture at all", content_type="image/png")
    with pytest.raises(OutreachRefused, match="photo lisible"):
        actions.add_photo(action=objects["held"], by=objects["coordinator"], photo=fake)
    script = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(OutreachRefused):
        actions.add_photo(action=objects["held"], by=objects["coordinator"], photo=script)
    assert OutreachPhoto.objects.count() == before
    kept = objects["photo"]
    with kept.image.open("rb") as stored:
        assert stored.read().startswith(b"\x89PNG")
    assert kept.image.name.startswith(f"outreach/{kept.organisation_id}/")


def test_consent_is_recorded_once_and_journaled(objects):
    photo = objects["private_photo"]
    assert not photo.is_public
    actions.record_consent(photo=photo, by=objects["teammate"])
    photo.refresh_from_db()
    assert photo.is_public and photo.consent_recorded_by == objects["teammate"]
    assert JournalEntry.objects.filter(verb="outreach.photo_consent").count() == 1


def test_a_partner_of_another_service_cannot_be_associated(objects, foreign):
    other = PartnerFactory(organisation=foreign["rennes"].organisation)
    with pytest.raises(OutreachRefused, match="partenaire du service"):
        _plan(objects, partners=[other])
