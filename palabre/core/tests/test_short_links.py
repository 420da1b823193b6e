"""Short signed tokens, typed by hand from a letter: what a person gets wrong is forgiven, what
Palabre did not make is refused before any lookup."""

import pytest

from palabre.core import signed_links

SALT = "palabre.tests.short"


def test_a_short_token_is_its_code_and_four_check_characters_grouped_by_four():
    token = signed_links.short_token_for("K7M4Q9TX", salt=SALT)
    assert len(token) == 14 and token[4] == token[9] == "-"
    assert token.replace("-", "").startswith("K7M4Q9TX")
    assert signed_links.code_from_short_token(token, salt=SALT) == "K7M4Q9TX"


def test_a_fresh_code_uses_the_typeable_alphabet_only():
    codes = {signed_links.short_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 8 and set(code) <= set(signed_links.SHORT_ALPHABET) for code in codes)
    assert not {"I", "L", "O", "U"} & set("".join(codes))


@pytest.mark.parametrize(
    "typed",
    [
        lambda t: t.lower(),
        lambda t: t.replace("-", ""),
        lambda t: t.replace("-", " "),
        lambda t: f"  {t}  ",
        lambda t: t.replace("0", "O").replace("1", "l"),
    ],
    ids=["lowercase", "no dashes", "spaces", "padded", "letters for digits"],
)
def test_reading_back_forgives_what_people_mistype(typed):
    code = "10A0B1C0"
    token = signed_links.short_token_for(code, salt=SALT)
    assert signed_links.code_from_short_token(typed(token), salt=SALT) == code


@pytest.mark.parametrize(
    "token",
    ["", "K7M4", "K7M4-Q9TX-2F4A-XXXX", "K7M4-Q9TX-!!!!", None, "../../etc/passwd"],
)
def test_malformed_tokens_are_refused(token):
    assert signed_links.code_from_short_token(token, salt=SALT) is None


def test_one_wrong_character_another_salt_or_another_key_is_refused(settings):
    token = signed_links.short_token_for("K7M4Q9TX", salt=SALT)
    plain = token.replace("-", "")
    typo = plain[:3] + ("A" if plain[3] != "A" else "B") + plain[4:]
    assert signed_links.code_from_short_token(typo, salt=SALT) is None
    assert signed_links.code_from_short_token(token, salt="palabre.other") is None
    settings.SECRET_KEY = "another key entirely, long enough for the tests " * 2
    assert signed_links.code_from_short_token(token, salt=SALT) is None


def test_a_token_made_under_the_former_key_still_opens(settings):
    token = signed_links.short_token_for("K7M4Q9TX", salt=SALT)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the new key of the instance, long enough for the tests " * 2
    assert signed_links.code_from_short_token(token, salt=SALT) == "K7M4Q9TX"
