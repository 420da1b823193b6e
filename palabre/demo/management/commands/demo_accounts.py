"""``manage.py demo_accounts``: prints the demo accounts, their roles and the shared password."""

from django.core.management.base import BaseCommand, CommandError

from palabre.accounts.models import User
from palabre.cases.demo import generator
from palabre.demo import mfa as demo_mfa
from palabre.field import demo as field_demo
from palabre.organisations.models import Membership


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration (e-mail, rôle, organisation) et le mot de passe."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="Adresse où la démonstration est servie.")

    def handle(self, *args, url=None, **options):
        params = generator.load_params()
        if not generator.demo_exists(params):
            raise CommandError(
                "La démonstration n'est pas chargée dans cette base : lancez d'abord "
                "« manage.py seed_demo »."
            )
        emails = [account["email"] for account in params["accounts"]]
        emails += [email for email, *_rest in field_demo.ACCOUNTS]
        memberships = sorted(
            Membership.objects.filter(user__email__in=emails).select_related(
                "user", "organisation"
            ),
            key=lambda m: (emails.index(m.user.email), m.organisation.name),
        )
        rows = [("E-mail", "Rôle", "Organisation")]
        previous = None
        for membership in memberships:
            email = membership.user.email if membership.user.email != previous else ""
            previous = membership.user.email
            rows.append((email, str(membership.get_role_display()), membership.organisation.name))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("Comptes de démonstration (personnes et situations fictives)")
        self.stdout.write("")
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(f"Mot de passe commun à tous ces comptes : {params['password']}")
        self._mfa_account()
        self.stdout.write(f"Adresse : {url or params['url']}")

    def _mfa_account(self):
        """The account that asks a code after the password (palabre/demo/mfa.py)."""
        if not User.objects.filter(email=demo_mfa.EMAIL).exists():
            return
        self.stdout.write("")
        self.stdout.write(
            f"Double authentification : {demo_mfa.EMAIL} (accueil, même mot de passe) demande "
            "ensuite un code. Ajoutez dans une application d'authentification (FreeOTP, "
            f"Aegis…) la clé {demo_mfa.readable_key()}, ou utilisez un code de secours : "
            + ", ".join(demo_mfa.recovery_codes()[:3])
            + "."
        )
