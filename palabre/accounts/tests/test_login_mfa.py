"""Logging in with double authentification: the session is signed in only after the code; a
code works once; a recovery code is spent; wrong codes lock the account like wrong passwords."""

from django.conf import settings
from django.urls import reverse

from palabre.accounts import totp
from palabre.accounts.models import RecoveryCode
from palabre.accounts.tests.conftest import (
    LOGIN,
    LOGIN_CODE,
    code_for,
    enrol,
    is_logged_in,
    password_step,
)
from palabre.cases.tests.factories import MembershipFactory
from palabre.core.models import JournalEntry

MFA = reverse("accounts:mfa")


def _enrolled(clock, role="coordinator"):
    membership = MembershipFactory(role=role, user__email="marie.dupont@exemple.fr")
    codes = enrol(membership.user, clock)
    return membership.user, codes


def test_without_an_app_the_password_is_enough(client, db, clock):
    MembershipFactory(user__email="yann.le-bris@exemple.fr")

    response = password_step(client, "yann.le-bris@exemple.fr")

    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert is_logged_in(client)


def test_with_an_app_the_password_leads_to_the_code_step_without_signing_in(client, db, clock):
    _enrolled(clock)

    response = password_step(client, "marie.dupont@exemple.fr")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_CODE
    assert not is_logged_in(client)
    assert client.get(reverse("cases:list"))["Location"].startswith(LOGIN)
    page = client.get(LOGIN_CODE).content.decode()
    assert "Code de vérification" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_apps_code_completes_the_login_and_follows_next(client, db, clock):
    user, _codes = _enrolled(clock)
    password_step(client, "marie.dupont@exemple.fr", next="/dossiers/")

    response = client.post(LOGIN_CODE, {"code": code_for(user, clock)})

    assert response["Location"] == "/dossiers/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["palabre_mfa_verified"] is True
    assert "palabre_mfa_pending" not in client.session


def test_a_code_used_once_is_refused_the_second_time(client, db, clock):
    user, _codes = _enrolled(clock)
    code = code_for(user, clock)
    password_step(client, "marie.dupont@exemple.fr")
    client.post(LOGIN_CODE, {"code": code})
    client.post(reverse("accounts:logout"))

    clock.advance(5)  # the same 30-second step
    password_step(client, "marie.dupont@exemple.fr")
    response = client.post(LOGIN_CODE, {"code": code})

    assert response.status_code == 200
    assert "Code incorrect ou déjà utilisé." in response.content.decode()
    assert not is_logged_in(client)


def test_a_phone_one_step_late_or_early_is_accepted_two_steps_is_not(client, db, clock):
    user, _codes = _enrolled(clock)
    password_step(client, "marie.dupont@exemple.fr")

    assert client.post(LOGIN_CODE, {"code": code_for(user, clock, shift=-60)}).status_code == 200
    assert not is_logged_in(client)
    assert client.post(LOGIN_CODE, {"code": code_for(user, clock, shift=30)}).status_code == 302
    assert is_logged_in(client)


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(client, db, clock):
    user, codes = _enrolled(clock)
    password_step(client, "marie.dupont@exemple.fr", next=MFA)

    response = client.post(LOGIN_CODE, {"code": codes[3].upper()}, follow=True)

    assert is_logged_in(client)
    assert "Il vous en reste 9." in response.content.decode()
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    assert JournalEntry.objects.filter(verb="mfa_recovery_code_used").count() == 1
    client.post(reverse("accounts:logout"))
    password_step(client, "marie.dupont@exemple.fr")
    again = client.post(LOGIN_CODE, {"code": codes[3]})
    assert "Code incorrect ou déjà utilisé." in again.content.decode()
    assert not is_logged_in(client)


def test_the_last_recovery_codes_come_with_a_word_to_make_new_ones(client, db, clock):
    user, codes = _enrolled(clock)
    RecoveryCode.objects.filter(user=user).exclude(selector__in=[codes[0][:4]]).update(
        used_at=clock.now
    )
    password_step(client, "marie.dupont@exemple.fr", next=MFA)

    response = client.post(LOGIN_CODE, {"code": codes[0]}, follow=True)

    content = response.content.decode()
    assert "Il vous en reste 0." in content
    assert "Générez de nouveaux codes" in content


def test_repeated_wrong_codes_lock_the_account_like_wrong_passwords(client, db, clock):
    user, _codes = _enrolled(clock)
    password_step(client, "marie.dupont@exemple.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN_CODE, {"code": "000000"})
        assert response.status_code == 200

    locked = client.post(LOGIN_CODE, {"code": "000000"})

    assert locked.status_code in (403, 429)
    assert "Connexion temporairement bloquée" in locked.content.decode()
    assert not is_logged_in(client)
    # Neither the right code nor the right password opens it now.
    assert client.post(LOGIN_CODE, {"code": code_for(user, clock)})["Location"] == LOGIN
    relogin = password_step(client, "marie.dupont@exemple.fr")
    assert relogin.status_code in (403, 429)
    assert not is_logged_in(client)


def test_wrong_codes_and_wrong_passwords_add_up_to_one_lockout(client, db, clock):
    _enrolled(clock)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        password_step(client, "marie.dupont@exemple.fr", "pas-le-bon")
    password_step(client, "marie.dupont@exemple.fr")

    locked = client.post(LOGIN_CODE, {"code": "000000"})

    assert locked.status_code in (403, 429)


def test_the_code_never_reaches_axes_records(client, db, clock):
    from axes.models import AccessAttempt

    _enrolled(clock)
    password_step(client, "marie.dupont@exemple.fr")
    client.post(LOGIN_CODE, {"code": "abcd-efgh-jkmn"})

    attempt = AccessAttempt.objects.get()
    assert "abcd" not in attempt.post_data


def test_a_code_step_left_waiting_too_long_asks_the_password_again(client, db, clock):
    user, _codes = _enrolled(clock)
    password_step(client, "marie.dupont@exemple.fr")

    clock.advance(settings.PALABRE_MFA_PENDING_SECONDS + 1)
    response = client.post(LOGIN_CODE, {"code": code_for(user, clock)}, follow=True)

    assert response.redirect_chain[-1][0] == LOGIN
    assert "saisissez à nouveau votre mot de passe" in response.content.decode()
    assert not is_logged_in(client)


def test_the_code_step_without_a_password_first_goes_back_to_the_login(client, db):
    assert client.get(LOGIN_CODE)["Location"] == LOGIN
    assert client.post(LOGIN_CODE, {"code": "123456"})["Location"] == LOGIN


def test_codes_of_one_person_do_not_open_another_account(client, db, clock):
    user, codes = _enrolled(clock)
    other = MembershipFactory(user__email="yann.le-bris@exemple.fr").user
    enrol(other, clock)
    password_step(client, "yann.le-bris@exemple.fr")

    assert client.post(LOGIN_CODE, {"code": codes[0]}).status_code == 200
    assert client.post(LOGIN_CODE, {"code": totp.generate(b"x" * 20, 0)}).status_code == 200
    assert client.post(LOGIN_CODE, {"code": code_for(user, clock)}).status_code == 200
    assert not is_logged_in(client)


def test_the_technical_administration_logs_in_through_palabre_and_its_code_step(client, db, clock):
    user, _codes = _enrolled(clock)
    user.is_staff = user.is_superuser = True
    user.save()

    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == f"{LOGIN}?next=/admin/"
    assert client.post("/admin/login/", {"username": user.email, "password": "palabre-test"})[
        "Location"
    ].startswith(LOGIN)
    assert not is_logged_in(client)

    password_step(client, user.email, next="/admin/")
    assert client.post(LOGIN_CODE, {"code": code_for(user, clock)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
