"""Entries that survive a bad connection (docs/adr/0012): the outbox a phone sends when the
network comes back is recorded once per client id, refused entries keep their French messages
and change nothing, and an edit made against an older version never overwrites a newer one."""

import json
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from palabre.core.models import JournalEntry
from palabre.field import actions
from palabre.field.actions import FieldRefused, InterventionConflict
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.models import Intervention
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, at
from palabre.field.tests.test_views_entry import defaults
from palabre.partners.tests.helpers import page


@pytest.fixture
def correspondent(correspondents):
    return correspondents[0]


def send_url(shift):
    return reverse("field:shift_entry_send", args=[shift.pk])


def send(client, shift, *entries, status=200):
    response = client.post(
        send_url(shift), json.dumps({"entries": list(entries)}), content_type="application/json"
    )
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def fields(login, correspondent, shift):
    """``fields(**changes)``: what the phone keeps for an entry — the form as drawn, the type
    chosen (a noise call unless told), without the client id, which goes beside."""
    form = login(correspondent).get(reverse("field:shift_entry", args=[shift.pk])).context["form"]
    drawn = {name: value for name, value in defaults(form).items() if name != "client_id"}

    def make(**changes):
        return {**drawn, "type": InterventionType.NOISE_NIGHT, **changes}

    return make


def entry(fields, client_id=None):
    return {"id": str(client_id or uuid.uuid4()), "kind": "create", "fields": fields}


# --- Sending the outbox -------------------------------------------------------------------------


def test_an_entry_kept_on_the_phone_is_recorded_with_its_client_id(
    client, correspondent, shift, fields
):
    kept = entry(fields(men="2", note="Deux hommes dans le hall"))
    answer = send(client, shift, kept)

    (said,) = answer["entries"]
    intervention = Intervention.objects.get()
    assert said["status"] == "created"
    assert said["id"] == kept["id"] == str(intervention.client_id)
    assert said["message"] == "Intervention enregistrée : Bruit nocturne à 23:30."
    assert said["version"] == 1
    assert f'data-intervention="{intervention.pk}"' in said["html"]
    assert answer["logged_label"] == "1 intervention sur la tournée"
    assert (intervention.men, intervention.recorded_by) == (2, correspondent)
    assert intervention.happened_at == at(EVENING, 23, 30)


def test_the_same_outbox_sent_three_times_records_each_entry_once(client, shift, fields):
    outbox = [entry(fields()), entry(fields(type=InterventionType.YOUTH_GROUP_DIALOGUE))]
    answers = [send(client, shift, *outbox) for _ in range(3)]

    assert Intervention.objects.count() == 2
    assert [e["status"] for e in answers[0]["entries"]] == ["created", "created"]
    assert [e["status"] for e in answers[2]["entries"]] == ["already", "already"]
    assert {str(i.client_id) for i in Intervention.objects.all()} == {e["id"] for e in outbox}
    verbs = JournalEntry.objects.filter(verb="intervention_recorded").count()
    assert verbs == 2


def test_a_replay_is_already_recorded_even_when_the_entry_would_now_be_refused(
    client, coordinator, shift, fields, place
):
    kept = entry(fields(where=f"r:{place['glycines'].pk}"))
    send(client, shift, kept)
    # The coordination moves the shift to Le Blosne: Les Glycines is no longer in it.
    actions.change_shift(
        shift=shift, by=coordinator, team=shift.team, starts_at=shift.starts_at,
        ends_at=shift.ends_at, members=list(shift.members.all()), quartiers=[place["blosne"]],
    )  # fmt: skip
    (said,) = send(client, shift, kept)["entries"]
    assert said["status"] == "already"
    assert Intervention.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"where": "r:ajoncs"}, "Lieu : Ce lieu n'est pas dans le territoire de la tournée."),
        ({"time": "21:00"}, "Heure : L'heure doit tomber pendant la tournée (22 h – 6 h)."),
        ({"place_kind": "HALL", "where": "q:maurepas"}, "Pour une résidence ou un hall"),
        ({"type": ""}, "Type d'intervention : Choisissez le type d'intervention."),
        ({"men": "150"}, "inférieure ou égale à 99"),
    ],
    ids=["place outside", "time outside", "hall without residence", "no type", "too many"],
)
def test_a_refused_entry_gets_the_french_messages_and_changes_nothing(
    client, shift, fields, place, change, message
):
    wrong = {
        name: f"{value[:2]}{place[value[2:]].pk}" if value.startswith(("r:", "q:")) else value
        for name, value in change.items()
    }
    refused, good = entry(fields(**wrong)), entry(fields())
    answer = send(client, shift, refused, good)

    first, second = answer["entries"]
    assert first["status"] == "refused"
    assert any(message in said for said in first["messages"]), first["messages"]
    assert second["status"] == "created"  # each entry is answered on its own
    assert [str(i.client_id) for i in Intervention.objects.all()] == [good["id"]]


def test_an_entry_refused_by_the_action_says_why(client, coordinator, shift, fields, clock):
    clock(at(EVENING, 22, 10))
    (said,) = send(client, shift, entry(fields(time="22:30")))["entries"]
    assert said["status"] == "refused"
    assert said["messages"] == [
        "L'heure de l'intervention est à venir : on enregistre ce qui a eu lieu."
    ]
    assert not Intervention.objects.exists()


def test_an_entry_without_a_client_id_or_fields_is_refused(client, shift, fields):
    answer = send(
        client,
        shift,
        {"id": "pas-un-uuid", "fields": fields()},
        {"id": str(uuid.uuid4()), "fields": ["type"]},
        "n'importe quoi",
    )
    assert [e["status"] for e in answer["entries"]] == ["refused"] * 3
    assert answer["entries"][0]["messages"] == ["Saisie illisible : son identifiant manque."]
    assert not Intervention.objects.exists()


def test_a_client_id_already_used_on_another_shift_is_refused(
    client, shift, fields, record, service, coordinator, team, place
):
    other = actions.plan_shift(
        organisation=service, by=coordinator, team=team, starts_at=at(EVENING, 18),
        ends_at=at(EVENING, 21), quartiers=[place["maurepas"]],
    )  # fmt: skip
    earlier = record(other, happened_at=at(EVENING, 19))
    (said,) = send(client, shift, entry(fields(), client_id=earlier.client_id))["entries"]
    assert said["status"] == "refused"
    assert said["messages"] == ["Cette saisie a déjà été enregistrée sur une autre tournée."]
    assert Intervention.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("pas du JSON", "Envoi illisible : ce n'est pas du JSON."),
        ('{"entrees": []}', "la liste des saisies (« entries ») manque"),
        (json.dumps({"entries": [{}] * 51}), "Trop de saisies à la fois : 50 au plus"),
    ],
    ids=["not json", "no entries", "too many"],
)
def test_an_unreadable_send_is_refused_whole(client, correspondent, login, shift, body, message):
    response = login(correspondent).post(send_url(shift), body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Intervention.objects.exists()


def test_the_send_answers_only_to_post(client, shift, fields):
    assert client.get(send_url(shift)).status_code == 405


def test_a_signed_out_phone_is_sent_to_the_login_page_and_keeps_its_entries(shift, fields):
    response = Client().post(
        send_url(shift),
        json.dumps({"entries": [entry(fields())]}),
        content_type="application/json",
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert not Intervention.objects.exists()


def test_the_send_needs_the_csrf_token_of_the_session(correspondent, shift, fields):
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(correspondent.user)
    body = json.dumps({"entries": [entry(fields())]})

    refused = phone.post(send_url(shift), body, content_type="application/json")
    assert refused.status_code == 403
    assert not Intervention.objects.exists()

    phone.get(reverse("field:shift_entry", args=[shift.pk]))  # sets the token's cookie
    token = phone.cookies["csrftoken"].value
    sent = phone.post(
        send_url(shift), body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert sent.status_code == 200
    assert Intervention.objects.count() == 1


# --- Editing, from a version --------------------------------------------------------------------


def change(intervention, by, version, **fields):
    return actions.change_intervention(intervention=intervention, by=by, version=version, **fields)


def test_two_edits_from_the_same_version_the_second_is_refused_and_nothing_changes(
    shift, record, correspondent, coordinator
):
    intervention = record(shift, by=correspondent, note="Calme")
    change(intervention, coordinator, 1, note="Revenir à 2 h", men=3)

    with pytest.raises(InterventionConflict) as refused:
        change(intervention, correspondent, 1, note="Rien à signaler")

    intervention.refresh_from_db()
    assert (intervention.version, intervention.note, intervention.men) == (2, "Revenir à 2 h", 3)
    assert "votre modification n'est pas appliquée" in refused.value.message
    assert refused.value.current.note == "Revenir à 2 h"
    assert refused.value.proposed.note == "Rien à signaler"
    assert JournalEntry.objects.filter(verb="intervention_changed").count() == 1


def test_the_same_edit_sent_twice_is_not_a_conflict_with_itself(shift, record, coordinator):
    intervention = record(shift)
    change(intervention, coordinator, 1, note="Revenir à 2 h")
    again = change(intervention, coordinator, 1, note="Revenir à 2 h")
    assert (again.version, again.note) == (2, "Revenir à 2 h")
    assert JournalEntry.objects.filter(verb="intervention_changed").count() == 1


def test_an_edit_changes_only_what_it_says(shift, record, coordinator, place):
    intervention = record(shift, women=2, note="Calme", place_label="Hall B")
    changed = change(intervention, coordinator, 1, men=1)
    assert (changed.men, changed.women, changed.note, changed.place_label) == (
        1, 2, "Calme", "Hall B",
    )  # fmt: skip
    assert changed.residence == place["glycines"]
    assert changed.version == 2


def test_an_edit_that_breaks_a_rule_of_the_shift_changes_nothing(shift, record, coordinator, place):
    intervention = record(shift)
    with pytest.raises(FieldRefused, match="pas dans le territoire"):
        change(intervention, coordinator, 1, place=Place(residence=place["ajoncs"]))
    intervention.refresh_from_db()
    assert (intervention.residence, intervention.version) == (place["glycines"], 1)


def edit_url(intervention):
    return reverse("field:intervention_edit", args=[intervention.pk])


def test_the_edit_page_shows_the_intervention_with_its_version(login, correspondent, shift, record):
    intervention = record(shift, by=correspondent, men=2, note="Calme")
    response = login(correspondent).get(edit_url(intervention))
    content = page(response)
    assert "Modifier l'intervention" in content
    assert '<input type="hidden" name="version" value="1">' in content
    assert 'name="client_id"' not in content
    form = response.context["form"]
    assert (form["men"].value(), form["note"].value(), form["type"].value()) == (
        2, "Calme", InterventionType.NOISE_NIGHT,
    )  # fmt: skip


def test_an_edit_posted_from_the_page_changes_the_intervention(login, correspondent, shift, record):
    intervention = record(shift, by=correspondent)
    client = login(correspondent)
    data = {**defaults(client.get(edit_url(intervention)).context["form"]), "note": "Revenu"}
    response = client.post(edit_url(intervention), data)
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (intervention.note, intervention.version) == ("Revenu", 2)
    assert intervention.happened_at == at(EVENING, 23)  # the time, untouched, is kept
    assert "Intervention modifiée : Bruit nocturne à 23:00." in page(client.get(response.url))


def test_an_edit_made_on_an_older_version_shows_both_and_changes_nothing(
    login, correspondent, coordinator, shift, record
):
    intervention = record(shift, by=correspondent, note="Calme")
    client = login(correspondent)
    stale = {**defaults(client.get(edit_url(intervention)).context["form"]), "note": "Le mien"}
    change(intervention, coordinator, 1, note="Celui de la coordination")

    content = page(client.post(edit_url(intervention), stale))
    intervention.refresh_from_db()
    assert (intervention.note, intervention.version) == ("Celui de la coordination", 2)
    assert "Votre modification n'est pas appliquée" in content
    assert "votre modification n'est pas appliquée" in content
    assert "Celui de la coordination" in content and "Le mien" in content
    assert re.search(r"Note <span[^>]*>\(diffère\)</span>", content)
    # Seen both: saving again from the version now shown is a choice made knowing them.
    assert '<input type="hidden" name="version" value="2">' in content
    client.post(edit_url(intervention), {**stale, "version": "2"})
    intervention.refresh_from_db()
    assert (intervention.note, intervention.version) == ("Le mien", 3)


def test_an_edit_from_the_outbox_is_applied_and_a_stale_one_is_a_conflict(
    login, correspondent, coordinator, shift, record
):
    intervention = record(shift, by=correspondent, note="Calme", women=1)
    edit = {
        "id": f"edit:{correspondent.pk}:{intervention.pk}",
        "kind": "edit",
        "intervention": str(intervention.pk),
        "version": 1,
        "fields": {"note": "Revenir à 2 h"},  # what is left out stays as recorded
    }
    login_client = login(correspondent)
    (said,) = send(login_client, shift, edit)["entries"]
    assert (said["status"], said["version"]) == ("updated", 2)
    intervention.refresh_from_db()
    assert (intervention.note, intervention.women, intervention.version) == ("Revenir à 2 h", 1, 2)

    (again,) = send(login_client, shift, edit)["entries"]  # the same edit replayed
    assert again["status"] == "updated"
    assert Intervention.objects.get().version == 2

    change(intervention, coordinator, 2, note="Vu par la coordination")
    stale = {**edit, "version": 2, "fields": {"note": "Rien à signaler"}}
    (conflict,) = send(login_client, shift, stale)["entries"]
    assert conflict["status"] == "conflict"
    assert conflict["version"] == 3
    assert "votre modification n'est pas appliquée" in conflict["messages"][0]
    note = next(row for row in conflict["comparison"] if row["label"] == "Note")
    assert note == {
        "label": "Note",
        "recorded": "Vu par la coordination",
        "asked": "Rien à signaler",
        "differs": True,
    }
    assert Intervention.objects.get().note == "Vu par la coordination"


def test_an_edit_of_an_intervention_of_another_shift_or_author_is_refused(
    login, correspondents, shift, record
):
    mine, theirs = correspondents
    intervention = record(shift, by=theirs)
    edit = {
        "id": "edit",
        "kind": "edit",
        "intervention": str(intervention.pk),
        "version": 1,
        "fields": {"note": "Pas à moi"},
    }
    (said,) = send(login(mine), shift, edit)["entries"]
    assert said["status"] == "refused"
    assert "Vous ne pouvez plus modifier cette intervention" in said["messages"][0]
    assert Intervention.objects.get().note == ""


# --- The page and its service worker ------------------------------------------------------------


def test_the_quick_entry_page_carries_its_outbox(login, correspondent, shift):
    content = page(login(correspondent).get(reverse("field:shift_entry", args=[shift.pk])))
    assert f'data-send-url="{send_url(shift)}"' in content
    assert f'data-owner="{correspondent.pk}"' in content
    assert 'data-time-zone="Europe/Paris"' in content
    assert 'id="field-outbox-texts"' in content and "saisies en attente d'envoi" in content
    assert "palabre/field-entry.js" in content
    assert "<script nonce" not in content  # no inline script: the page's script is a file


def test_the_service_worker_keeps_the_field_pages_and_is_served_to_anyone(client, db):
    response = client.get(reverse("field:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    content = response.content.decode()
    config = json.loads(content.split("var CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["static"] == "/static/"
    pages = [re.compile(pattern) for pattern in config["pages"]]
    some = uuid.uuid4()
    for path in [
        reverse("field:entry"),
        reverse("field:shift_entry", args=[some]),
        reverse("field:intervention_edit", args=[some]),
    ]:
        assert any(pattern.match(path) for pattern in pages), path
    assert not any(pattern.match(reverse("field:planning")) for pattern in pages)
    assert "INVALID[" not in content


def test_a_new_intervention_starts_at_version_one(shift, record):
    assert (
        record(shift, type=InterventionType.HOMELESS, place_kind=PlaceKind.RESIDENCE).version == 1
    )
