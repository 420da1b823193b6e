import os

from django.core.management.base import BaseCommand, CommandError

from palabre.organisations.models import Organisation, OrganisationKind
from palabre.reports import observatory


class Command(BaseCommand):
    help = (
        "Envoie à l'observatoire d'un réseau, sur une autre instance Palabre, les chiffres "
        "agrégés d'un service pour une année (ou le retrait de ses chiffres), dans un document "
        "signé. Le secret se donne par --secret ou par la variable PALABRE_OBSERVATORY_SECRET."
    )

    def add_arguments(self, parser):
        parser.add_argument("--service", required=True, help="Identifiant court du service.")
        parser.add_argument("--year", type=int, help="Année des chiffres envoyés.")
        parser.add_argument("--to", required=True, help="Adresse de réception du réseau.")
        parser.add_argument("--network", required=True, help="Identifiant du réseau (donné).")
        parser.add_argument("--key-id", required=True, help="Identifiant de la clé (donné).")
        parser.add_argument("--secret", help="Secret de la clé (donné par le réseau).")
        parser.add_argument(
            "--withdraw",
            action="store_true",
            help="Retire du réseau tous les chiffres déjà envoyés par le service.",
        )
        parser.add_argument("--timeout", type=float, default=20)

    def handle(self, *args, **options):
        secret = options["secret"] or os.environ.get("PALABRE_OBSERVATORY_SECRET", "")
        if not secret:
            raise CommandError("Indiquez le secret : --secret ou PALABRE_OBSERVATORY_SECRET.")
        if not options["withdraw"] and options["year"] is None:
            raise CommandError("Indiquez l'année : --year (ou --withdraw pour retirer).")
        service = Organisation.objects.filter(
            slug=options["service"], kind=OrganisationKind.SERVICE
        ).first()
        if service is None:
            raise CommandError(f"Aucun service « {options['service']} » sur cette instance.")
        document = observatory.build_document(
            organisation=service,
            year=options["year"],
            network=options["network"],
            key_id=options["key_id"],
            kind=observatory.WITHDRAWAL if options["withdraw"] else observatory.FIGURES,
        )
        try:
            observatory.push(
                options["to"],
                observatory.encode(document),
                key_id=options["key_id"],
                secret=secret,
                timeout=options["timeout"],
            )
        except observatory.PushFailed as failed:
            details = "".join(f"\n- {problem}" for problem in failed.problems)
            raise CommandError(f"Envoi refusé : {failed.message}{details}") from failed
        what = "Retrait envoyé" if options["withdraw"] else f"Chiffres {options['year']} envoyés"
        self.stdout.write(f"{what} (document {document['document_id']}).")
