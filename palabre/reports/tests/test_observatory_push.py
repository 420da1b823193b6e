"""The push between two instances, end to end over loopback: the sender's command posts to the
receiving address served by a real HTTP server (``live_server``). Both « instances » share the
test database: the sending service and the receiving network's directory entry are distinct."""

import json
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from palabre.reports import observatory
from palabre.reports.models import ReceivedDocument, SharedFigures
from palabre.reports.tests.observatory_support import SECRET, document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def url(live_server):
    return live_server.url + "/bilans/observatoire/reception/"


@pytest.fixture
def sent(monkeypatch):
    """The exact bodies the command sent, in order."""
    bodies, real_push = [], observatory.push

    def recording(url, body, **kwargs):
        bodies.append(body)
        return real_push(url, body, **kwargs)

    monkeypatch.setattr(observatory, "push", recording)
    return bodies


def push_command(url, key, *extra, secret=SECRET, service="service-un"):
    call_command(
        "push_figures",
        "--service",
        service,
        "--to",
        url,
        "--network",
        key.network.slug,
        "--key-id",
        key.key_id,
        "--secret",
        secret,
        *extra,
    )


def post_raw(url, body: bytes, signature: str, key_id: str):
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Palabre-Key": key_id,
            "X-Palabre-Signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_figures_pushed_by_the_command_are_stored_and_the_same_document_again_is_a_replay(
    world, key, url, sent, capsys
):
    push_command(url, key, "--year", "2026")

    stored = SharedFigures.objects.get()
    assert "Chiffres 2026 envoyés" in capsys.readouterr().out
    assert (stored.member, stored.year) == (key.member, 2026)
    assert stored.payload == observatory.figures_of(world["service"], 2026)
    assert stored.payload["new_cases"] == 21

    with pytest.raises(observatory.PushFailed) as replay:
        observatory.push(url, sent[0], key_id=key.key_id, secret=SECRET)

    assert replay.value.status == 409
    assert "déjà été reçu" in replay.value.message
    assert ReceivedDocument.objects.count() == 1


def test_a_body_changed_on_the_way_fails_the_signature_and_nothing_is_stored(
    service, key, url, sent
):
    body = observatory.encode(document(key))
    signature = observatory.sign(body, SECRET)

    status, answer = post_raw(
        url, body.replace(b'"new_cases": 40', b'"new_cases": 4'), signature, key.key_id
    )

    assert status == 401
    assert answer["accepted"] is False
    assert "Signature invalide" in answer["error"]
    assert not ReceivedDocument.objects.exists() and not SharedFigures.objects.exists()


def test_the_command_reports_a_refused_signature_in_french(service, key, url):
    with pytest.raises(CommandError, match="Envoi refusé : Signature invalide"):
        push_command(url, key, "--year", "2026", secret="pas-le-bon-secret")

    assert not SharedFigures.objects.exists()


MALFORMED = {
    "missing key": lambda d: d["figures"].pop("closed_cases"),
    "negative number": lambda d: d["figures"].update(interviews=-3),
    "wrong type": lambda d: d.update(year="deux mille vingt-six"),
}


@pytest.mark.parametrize("spoil", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_document_is_answered_400_with_its_problems_and_nothing_is_stored(
    key, url, spoil
):
    doc = document(key)
    spoil(doc)

    with pytest.raises(observatory.PushFailed) as refused:
        observatory.push(url, observatory.encode(doc), key_id=key.key_id, secret=SECRET)

    assert refused.value.status == 400
    assert refused.value.message == "Document mal formé : rien n'a été enregistré."
    assert len(refused.value.problems) == 1
    assert not ReceivedDocument.objects.exists() and not SharedFigures.objects.exists()


def test_a_member_withdraws_its_figures_with_the_command(service, key, url):
    push_command(url, key, "--year", "2026")
    push_command(url, key, "--year", "2025")

    push_command(url, key, "--withdraw")

    assert not SharedFigures.objects.exists()
    assert ReceivedDocument.objects.filter(kind="withdrawal").count() == 1
