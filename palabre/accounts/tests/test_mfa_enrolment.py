"""« Double authentification »: enrolling an app from the QR code or the key typed by hand,
recovery codes shown once and stored hashed, regenerating them, turning it off."""

import re

from django.contrib.auth.hashers import identify_hasher
from django.db import connection
from django.urls import reverse

from palabre.accounts import mfa, totp
from palabre.accounts.models import RecoveryCode, TotpDevice
from palabre.accounts.tests.conftest import code_for, enrol
from palabre.core.models import JournalEntry

MFA = reverse("accounts:mfa")


def _page(client):
    return client.get(MFA).content.decode()


def test_the_page_shows_a_qr_code_and_the_key_as_text(login, coordinator, clock):
    client = login(coordinator)

    content = _page(client)

    assert "<svg" in content and 'role="img"' in content
    assert (
        'aria-label="QR code à scanner avec votre application d&#x27;authentification"' in content
    )
    readable = totp.readable(totp.decrypt(TotpDevice.objects.get(user=coordinator.user).secret))
    assert readable in content
    assert "FreeOTP" in content
    assert "INVALID[" not in content


def test_reloading_the_page_before_confirming_keeps_the_same_key(login, coordinator, clock):
    client = login(coordinator)
    _page(client)
    first = totp.decrypt(TotpDevice.objects.get(user=coordinator.user).secret)

    _page(client)

    assert totp.decrypt(TotpDevice.objects.get(user=coordinator.user).secret) == first
    assert TotpDevice.objects.filter(user=coordinator.user).count() == 1


def test_a_first_code_from_the_app_turns_it_on_and_shows_ten_codes_once(login, coordinator, clock):
    client = login(coordinator)
    _page(client)

    response = client.post(MFA, {"code": code_for(coordinator.user, clock)})

    content = response.content.decode()
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", content)
    assert response.status_code == 200
    assert len(codes) == len(set(codes)) == 10
    assert "ne les affichera plus jamais" in content
    assert 'download="palabre-codes-de-secours.txt"' in content
    assert mfa.is_enrolled(coordinator.user)
    assert client.session["palabre_mfa_verified"] is True
    entry = JournalEntry.objects.get(verb="mfa_enabled")
    assert entry.organisation == coordinator.organisation
    assert entry.actor == coordinator.user
    assert not any(code in entry.summary for code in codes)
    again = _page(client)
    assert not any(code in again for code in codes)
    assert "Il vous reste 10 codes de secours" in again


def test_recovery_codes_are_stored_hashed_and_the_plaintext_is_in_no_column(
    login, coordinator, clock
):
    codes = enrol(coordinator.user, clock)
    device = TotpDevice.objects.get(user=coordinator.user)
    readable_key = totp.readable(totp.decrypt(device.secret)).replace(" ", "")

    for row in RecoveryCode.objects.filter(user=coordinator.user):
        assert identify_hasher(row.code_hash)
    dumped = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            dumped += [str(value) for row in cursor.fetchall() for value in row]
    text = "\n".join(dumped).lower()
    for code in codes:
        assert code not in text
        assert code.replace("-", "") not in text
    assert readable_key.lower() not in text


def test_a_wrong_first_code_changes_nothing_and_says_why(login, coordinator, clock):
    client = login(coordinator)
    _page(client)

    response = client.post(MFA, {"code": "000000"})

    assert response.status_code == 200
    assert "Ce code ne correspond pas" in response.content.decode()
    assert not mfa.is_enrolled(coordinator.user)
    assert not RecoveryCode.objects.exists()


def test_new_codes_need_a_code_and_replace_all_the_old_ones(login, coordinator, clock):
    old = enrol(coordinator.user, clock)
    client = login(coordinator)

    refused = client.post(reverse("accounts:mfa_regenerate"), {"regenerate-code": "123456"})
    assert "Code incorrect ou déjà utilisé." in refused.content.decode()
    assert mfa.verify(user=coordinator.user, code=old[0]) is not None  # still valid

    response = client.post(
        reverse("accounts:mfa_regenerate"),
        {"regenerate-code": code_for(coordinator.user, clock)},
    )
    new = re.findall(r"<li>([a-z2-9-]{14})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "Les anciens codes ne fonctionnent plus." in response.content.decode()
    assert mfa.verify(user=coordinator.user, code=old[1]) is None
    assert mfa.remaining_recovery_codes(coordinator.user) == 10


def test_turning_it_off_needs_a_code(login, coordinator, clock):
    codes = enrol(coordinator.user, clock)
    client = login(coordinator)

    refused = client.post(reverse("accounts:mfa_disable"), {"disable-code": ""})
    assert "Saisissez le code." in refused.content.decode()
    assert mfa.is_enrolled(coordinator.user)

    response = client.post(reverse("accounts:mfa_disable"), {"disable-code": codes[0]})

    assert response.status_code == 302
    assert not mfa.is_enrolled(coordinator.user)
    assert not RecoveryCode.objects.filter(user=coordinator.user).exists()
    assert JournalEntry.objects.filter(verb="mfa_disabled").count() == 1


def test_the_page_of_an_enrolled_person_offers_new_codes_and_turning_off(login, coordinator, clock):
    enrol(coordinator.user, clock)

    content = _page(login(coordinator))

    assert "Activée" in content
    assert "Générer de nouveaux codes" in content
    assert "Désactiver la double authentification" in content
    assert 'id="id_regenerate-code"' in content and 'id="id_disable-code"' in content
    assert "<svg" not in content  # the key is never shown again


def test_trying_codes_to_turn_it_off_locks_the_account_and_ends_the_session(
    login, coordinator, clock, settings
):
    from palabre.accounts.tests.conftest import is_logged_in

    enrol(coordinator.user, clock)
    client = login(coordinator)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("accounts:mfa_disable"), {"disable-code": "000000"})
        assert response.status_code == 200
        assert is_logged_in(client)

    locked = client.post(reverse("accounts:mfa_disable"), {"disable-code": "000000"})

    assert locked.status_code in (403, 429)
    assert "Connexion temporairement bloquée" in locked.content.decode()
    assert not is_logged_in(client)
    assert mfa.is_enrolled(coordinator.user)
