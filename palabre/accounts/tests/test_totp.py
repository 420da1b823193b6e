"""The codes against RFC 6238's own test vectors, the step of drift either way, replays, and the
key at rest."""

import base64

import pytest

from palabre.accounts import totp

SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
# RFC 6238, appendix B: time → code for SHA1, SHA256, SHA512 (8 digits, 30-second steps).
VECTORS = {
    59: ("94287082", "46119246", "90693936"),
    1111111109: ("07081804", "68084774", "25091201"),
    1111111111: ("14050471", "67062674", "99943326"),
    1234567890: ("89005924", "91819424", "93441116"),
    2000000000: ("69279037", "90698825", "38618901"),
    20000000000: ("65353130", "77737706", "47863826"),
}


@pytest.mark.parametrize(
    ("timestamp", "algorithm", "expected"),
    [
        (timestamp, algorithm, codes[index])
        for timestamp, codes in VECTORS.items()
        for index, algorithm in enumerate(SEEDS)
    ],
)
def test_codes_match_the_rfc_6238_test_vectors(timestamp, algorithm, expected):
    assert totp.generate(SEEDS[algorithm], timestamp, digits=8, algorithm=algorithm) == expected


def test_the_apps_codes_are_six_digits_of_sha1_every_30_seconds():
    key = SEEDS["SHA1"]

    assert totp.generate(key, 59) == "287082"  # the last six digits of the 8-digit vector
    assert totp.generate(key, 60) != totp.generate(key, 59)
    assert totp.generate(key, 60) == totp.generate(key, 89)


NOW = 1_796_630_400  # a Monday morning of December 2026


def test_a_code_of_the_current_step_or_one_step_either_side_is_accepted():
    key = totp.new_key()
    step = totp.step_of(NOW)

    for shift, expected in [(-30, step - 1), (0, step), (30, step + 1)]:
        code = totp.generate(key, NOW + shift)
        assert totp.matching_step(key, code, NOW, after=0) == expected


def test_a_code_two_steps_away_is_refused():
    key = totp.new_key()

    assert totp.matching_step(key, totp.generate(key, NOW - 60), NOW, after=0) is None
    assert totp.matching_step(key, totp.generate(key, NOW + 60), NOW, after=0) is None


def test_a_code_of_a_step_already_used_is_refused():
    key = totp.new_key()
    code = totp.generate(key, NOW)
    step = totp.matching_step(key, code, NOW, after=0)

    assert totp.matching_step(key, code, NOW, after=step) is None
    assert totp.matching_step(key, code, NOW + 10, after=step) is None


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_are_refused(typed):
    assert totp.matching_step(totp.new_key(), typed, NOW, after=0) is None


def test_spaces_in_a_typed_code_do_not_matter():
    key = totp.new_key()
    code = totp.generate(key, NOW)

    assert totp.matching_step(key, f"{code[:3]} {code[3:]}", NOW, after=0) is not None


def test_the_readable_key_and_the_qr_address_carry_the_same_base32_key(settings):
    settings.PALABRE_MFA_ISSUER = "Palabre"
    key = SEEDS["SHA1"]

    readable = totp.readable(key)
    uri = totp.provisioning_uri(key, "marie.dupont@exemple.fr")

    assert base64.b32decode(readable.replace(" ", "")) == key
    assert all(len(group) == 4 for group in readable.split())
    assert uri.startswith("otpauth://totp/Palabre:marie.dupont@exemple.fr?")
    assert f"secret={readable.replace(' ', '')}" in uri
    assert "issuer=Palabre" in uri and "digits=6" in uri and "period=30" in uri


def test_the_key_is_stored_encrypted_and_reads_back():
    key = totp.new_key()

    token = totp.encrypt(key)

    assert totp.decrypt(token) == key
    assert base64.b32encode(key).decode() not in token
    assert key.hex() not in token
    assert totp.encrypt(key) != token  # a fresh IV each time


def test_a_key_encrypted_under_a_former_secret_key_still_reads_and_moves_to_the_new_one(settings):
    key = totp.new_key()
    settings.SECRET_KEY = "the-former-secret-key-0123456789-0123456789-0123456789"
    old_token = totp.encrypt(key)
    assert totp.reencrypted(old_token) is None

    settings.SECRET_KEY = "the-current-secret-key-9876543210-9876543210-98765432"
    settings.SECRET_KEY_FALLBACKS = ["the-former-secret-key-0123456789-0123456789-0123456789"]
    new_token = totp.reencrypted(old_token)

    assert totp.decrypt(old_token) == key
    assert new_token is not None and totp.decrypt(new_token) == key
    settings.SECRET_KEY_FALLBACKS = []
    assert totp.decrypt(new_token) == key
    with pytest.raises(totp.UnreadableKey):
        totp.decrypt(old_token)
