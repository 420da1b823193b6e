"""``manage.py reset_mfa``: the way back for a person who lost their phone and their codes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from palabre.accounts import mfa
from palabre.accounts.tests.conftest import enrol, is_logged_in, password_step
from palabre.cases.tests.factories import MembershipFactory, UserFactory
from palabre.core.models import JournalEntry


def test_a_reset_removes_the_app_and_codes_ends_sessions_and_is_journalled(
    client, coordinator, member, clock
):
    reception = member("reception")
    enrol(reception.user, clock)
    client.force_login(reception.user)
    out = StringIO()

    call_command(
        "reset_mfa", reception.user.email.upper(), "--par", coordinator.user.email, stdout=out
    )

    assert "réinitialisée (1 session(s) fermée(s))" in out.getvalue()
    assert not mfa.is_enrolled(reception.user)
    assert not reception.user.recovery_codes.exists()
    assert client.get(reverse("cases:list")).status_code == 302
    entry = JournalEntry.objects.get(verb="mfa_reset")
    assert entry.organisation == reception.organisation
    assert entry.actor == coordinator.user
    assert entry.subject_id == reception.user.pk
    assert password_step(client, reception.user.email)["Location"] == reverse("home")
    assert is_logged_in(client)


def test_a_reset_is_journalled_in_each_organisation_of_the_person(
    coordinator, member, other_service, clock
):
    reception = member("reception")
    MembershipFactory(user=reception.user, organisation=other_service, role="board")
    enrol(reception.user, clock)

    call_command(
        "reset_mfa", reception.user.email, "--par", coordinator.user.email, stdout=StringIO()
    )

    assert {e.organisation for e in JournalEntry.objects.filter(verb="mfa_reset")} == {
        reception.organisation,
        other_service,
    }


@pytest.mark.parametrize(
    ("email", "by", "message"),
    [
        ("personne@exemple.fr", "admin@exemple.fr", "Aucun compte n'a l'adresse"),
        ("marie@exemple.fr", "personne@exemple.fr", "Aucun compte n'a l'adresse"),
        ("marie@exemple.fr", "marie@exemple.fr", "son propre compte"),
        ("yann@exemple.fr", "admin@exemple.fr", "pas de double authentification"),
    ],
)
def test_a_reset_refuses_clearly_and_changes_nothing(db, clock, email, by, message):
    marie = UserFactory(email="marie@exemple.fr")
    UserFactory(email="yann@exemple.fr")
    UserFactory(email="admin@exemple.fr")
    enrol(marie, clock)

    with pytest.raises(CommandError, match=message):
        call_command("reset_mfa", email, "--par", by, stdout=StringIO())

    assert mfa.is_enrolled(marie)
    assert not JournalEntry.objects.exists()
