"""The addresses that answer without a form a person fills: the observatory's receiving address
(a machine, with a valid key), links signed for people without an account, calendar feeds and a
booking's secret addresses, and the offline outbox of field entry. Each is sent what a hostile
client would send; each answers in French, with a 4xx, and keeps nothing.

The public booking and request forms are sent every hostile value by the anonymous visitor of
``test_forms.py``."""

import datetime as dt
import json
import uuid

from django.core import signing

from palabre.field import watch_actions
from palabre.field.models import Intervention
from palabre.referrals import actions as referral_actions
from palabre.reports import observatory
from palabre.reports.models import ReceivedDocument
from tests.hostile import judge
from tests.hostile.problems import Problems
from tests.hostile.world import NOW
from tests.hostile.world_network import OBSERVATORY_SECRET

DEEP = 20_000


def _figures():
    counts = ["new_cases", "treated_cases", "closed_cases", "agreements", "interviews"]
    counts += ["acceptance_accepted", "acceptance_answered", "joint_meetings"]
    counts += ["information_requests", "closure_delay_cases"]
    figures = dict.fromkeys(counts, 1)
    return figures | {"closure_delay_median_days": 1.0, "by_conflict": {}, "by_referral_source": {}}


def _document(**changes):
    document = {
        "schema": observatory.SCHEMA,
        "type": "figures",
        "document_id": str(uuid.uuid4()),
        "sent_at": NOW.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "network": "reseau-test",
        "member_key_id": "obs-hostile",
        "year": 2026,
        "figures": _figures(),
    }
    return json.dumps(document | changes, allow_nan=True).encode()


def _nested(depth):
    return {"by_conflict": json.loads("[" * depth + "]" * depth)} | {
        k: v for k, v in _figures().items() if k != "by_conflict"
    }


HOSTILE_DOCUMENTS = {
    "imbrication sans fin": b"[" * DEEP + b"]" * DEEP,
    "imbrication dans un objet": b'{"figures": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001,
    "imbrication profonde mais lisible": _document(figures=_nested(900)),
    "UTF-8 invalide": _document()[:-2] + b'"\xff\xfe"}',
    "octet nul dans un texte": _document(document_id="\x00" + str(uuid.uuid4())),
    "octet nul dans une clé": _document(figures=_figures() | {"by_conflict": {"NO\x00ISE": 1}}),
    "nombre infini": _document(figures=_figures() | {"new_cases": float("inf")}),
    "NaN": _document(figures=_figures() | {"closure_delay_median_days": float("nan")}),
    "nombre de 21 chiffres": _document(year=10**20),
    "compte négatif": _document(figures=_figures() | {"agreements": -1}),
    "compte de 21 chiffres": _document(figures=_figures() | {"agreements": 10**20}),
    "année 1": _document(year=1),
    "envoyé en l'an 1": _document(sent_at="0001-01-01T00:00:00+14:00"),
    "envoyé en 9999": _document(sent_at="9999-12-31T23:59:59-12:00"),
    "envoyé un 31 février": _document(sent_at="2027-02-31T10:00:00+00:00"),
    "pas un objet": b'"figures"',
    "trop volumineux": _document(member_key_id="x" * (observatory.MAX_BYTES + 1)),
}


def _send_to_observatory(client, body):
    return client.post(
        "/bilans/observatoire/reception/",
        data=body,
        content_type="application/json",
        headers={
            observatory.KEY_HEADER: "obs-hostile",
            observatory.SIGNATURE_HEADER: observatory.sign(body, OBSERVATORY_SECRET),
        },
    )


def test_the_observatory_refuses_hostile_documents_signed_with_a_valid_key(world, client):
    problems = Problems()
    for name, body in HOSTILE_DOCUMENTS.items():
        with problems.check(name):
            response = _send_to_observatory(client, body)
            assert 400 <= response.status_code < 500, response.status_code
            assert response.json()["accepted"] is False
            assert judge.french_page(response) == ""

    assert not problems, str(problems)


def test_the_observatory_takes_a_sound_document_with_the_same_key(world, client):
    response = _send_to_observatory(client, _document())

    assert response.status_code == 201, response.content
    assert ReceivedDocument.objects.filter(member=world["member"]).count() == 1


# --- Links signed for people without an account -------------------------------------------------


def _forged(salt):
    """Tokens a person could forge or damage, for links signed with ``salt``."""
    real = signing.dumps(str(uuid.uuid4()), salt=salt)
    return {
        "signature changée": real[:-4] + "AAAA",
        "tronqué": real[: len(real) // 2],
        "signé sur un texte": signing.dumps("pas-un-identifiant", salt=salt),
        "signé sur un objet": signing.dumps({"id": str(uuid.uuid4())}, salt=salt),
        "signé sur une liste": signing.dumps([1, 2, 3], salt=salt),
        "signé sur un nombre": signing.dumps(10**20, salt=salt),
        "signé sur rien": signing.dumps(None, salt=salt),
        "signé sur un octet nul": signing.dumps("\x00", salt=salt),
        "signé pour une autre adresse": signing.dumps(str(uuid.uuid4()), salt="autre"),
        "octet nul": "\x00" + real,
        "très long": "x" * 2000,
    }


LINKS = {
    "orientation": (referral_actions.LINK_SALT, "/orientations/lien/{}/"),
    "signalement": (watch_actions.LINK_SALT, "/terrain/signalement/{}/"),
    "photo du signalement": (watch_actions.LINK_SALT, "/terrain/signalement/{}/photo/"),
}


def test_forged_signed_links_are_refused_in_french_and_change_nothing(world, client):
    problems = Problems()
    for link, (salt, path) in LINKS.items():
        for kind, token in _forged(salt).items():
            with problems.check(f"{link}, {kind}"):
                address = path.format(token.replace("\x00", "%00"))
                for response in (client.get(address), client.post(address, {"step": "resolu"})):
                    assert 400 <= response.status_code < 500, response.status_code
                    if response.status_code != 405:  # a GET-only address
                        assert judge.french_page(response) == ""

    assert not problems, str(problems)


# --- Secret addresses: calendar feeds and a booking ---------------------------------------------

JUNK = ["inconnu", "x" * 500, "%00", "%00" + "a" * 20, "..%2F..%2Fetc", "%FF%FE", "e30:1vY7:forge"]


def test_junk_secret_addresses_answer_a_french_404(world, client):
    secret, token = world["online_appointment"].secret, world["feeds"][0].token
    problems = Problems()
    for junk in JUNK:
        paths = [
            f"/agenda/{junk}.ics",
            f"/agenda/{token}{junk}.ics",
            f"/rendez-vous/mon-rendez-vous/{junk}/",
            f"/rendez-vous/mon-rendez-vous/{secret}{junk}/",
            f"/rendez-vous/confirmer/{junk}/",
        ]
        for path in paths:
            with problems.check(path):
                response = client.get(path)
                assert response.status_code == 404, response.status_code
                assert judge.french_page(response) == ""
        with problems.check(f"code envoyé à /rendez-vous/confirmer/{junk}/"):
            response = client.post(f"/rendez-vous/confirmer/{junk}/", {"code": "000000"})
            assert response.status_code == 404, response.status_code

    assert not problems, str(problems)
    assert client.get(f"/agenda/{token}.ics").status_code == 200


# --- The offline outbox of field entry (JSON, with a session and the CSRF token) ---------------


def _entry(**fields):
    return {
        "id": str(uuid.uuid4()),
        "kind": "create",
        "fields": {"type": "NOISE_NIGHT", "time": "09:30", "place_kind": "RESIDENCE"} | fields,
    }


OUTBOX = {
    "imbrication sans fin": b"[" * DEEP + b"]" * DEEP,
    "imbrication dans les saisies": b'{"entries": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    "UTF-8 invalide": b'{"entries": ["\xff\xfe"]}',
    "pas une liste": json.dumps({"entries": "tout"}).encode(),
    "NaN et l'infini": b'{"entries": [{"id": NaN, "fields": {"men": Infinity}}]}',
    "nombres hors de portée": json.dumps({"entries": [_entry(men=10**20, women=-1)]}).encode(),
    "octets nuls": json.dumps({"entries": [_entry(note="\x00", where="\x00")]}).encode(),
    "heure 25:61": json.dumps({"entries": [_entry(time="25:61")]}).encode(),
    "champs d'un autre type": json.dumps({"entries": [_entry(men=[1], where={"a": 1})]}).encode(),
    "modification d'une intervention forgée": json.dumps(
        {"entries": [{"id": "x", "kind": "edit", "intervention": ["\x00"], "fields": {}}]}
    ).encode(),
    "modification à une version absurde": json.dumps(
        {
            "entries": [
                {
                    "id": "x",
                    "kind": "edit",
                    "intervention": "{id}",
                    "version": 10**20,
                    "fields": {"note": "x"},
                }
            ]
        }
    ).encode(),  # fmt: skip
    "identifiant très long": json.dumps({"entries": [_entry() | {"id": "x" * 100_000}]}).encode(),
    "trop de saisies": json.dumps({"entries": [_entry() for _ in range(51)]}).encode(),
}


def test_the_field_outbox_refuses_hostile_entries_in_french(world, as_role):
    client, shift = as_role("field"), world["shift"]
    client.get(f"/terrain/tournees/{shift.pk}/saisie/")  # as the page does: its CSRF cookie
    problems = Problems()
    for name, body in OUTBOX.items():
        with problems.check(name):
            response = client.post(
                f"/terrain/tournees/{shift.pk}/saisie/envoi/",
                data=body.replace(b"{id}", str(world["intervention"].pk).encode()),
                content_type="application/json",
                headers={"X-CSRFToken": client.cookies["csrftoken"].value},
            )
            assert response.status_code < 500, response.status_code
            if response.status_code != 200:
                assert judge.french_page(response) == ""
                continue
            entries = response.json()["entries"]
            # A version that is not the intervention's is a conflict, shown side by side.
            statuses = {entry["status"] for entry in entries}
            assert entries and statuses <= {"refused", "conflict"}, entries
            said = " ".join(message for entry in entries for message in entry["messages"])
            assert said and not judge.ENGLISH.search(said), said

    assert not problems, str(problems)
    assert Intervention.objects.filter(shift=shift).count() == 1
