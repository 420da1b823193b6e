"""``manage.py reset_mfa PERSONNE --par ADMIN``: for a person who lost both their phone and their
recovery codes (docs/operations.md).

Removes the person's authenticator app and recovery codes, ends their open sessions, and writes
the reset to the Journal of each of their organisations with the name of who checked their
identity. At the next login the password is enough; where the service requires double
authentification, the person enrols a new app at once.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from palabre.accounts import mfa
from palabre.accounts.models import User


def end_sessions_of(user) -> int:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


class Command(BaseCommand):
    help = (
        "Réinitialise la double authentification d'une personne qui a perdu son téléphone et "
        "ses codes de secours, après vérification de son identité."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse e-mail du compte à réinitialiser.")
        parser.add_argument(
            "--par",
            dest="by",
            required=True,
            help="Adresse e-mail de la personne qui a vérifié l'identité (inscrite au Journal).",
        )

    def handle(self, *args, email, by, **options):
        user = self._user(email)
        actor = self._user(by)
        if actor == user:
            raise CommandError("Une personne ne peut pas réinitialiser son propre compte.")
        try:
            mfa.reset(user=user, by=actor)
        except mfa.MfaRefused as refused:
            raise CommandError(refused.message) from refused
        ended = end_sessions_of(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Double authentification de {user.email} réinitialisée ({ended} session(s) "
                f"fermée(s)). À sa prochaine connexion, le mot de passe suffit ; si son service "
                f"l'exige, la personne enregistrera aussitôt une nouvelle application."
            )
        )

    def _user(self, email):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Aucun compte n'a l'adresse « {email} ».")
        return user
