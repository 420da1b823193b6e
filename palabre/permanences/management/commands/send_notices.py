from django.core.management.base import BaseCommand

from palabre.permanences import delivery


class Command(BaseCommand):
    help = (
        "Envoie les messages de rendez-vous arrivés à échéance (codes, confirmations, rappels). "
        "À lancer par cron en filet de sécurité du worker, ou après un arrêt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Au plus ce nombre.")

    def handle(self, *args, limit=None, **options):
        sent = delivery.send_due(limit=limit)
        self.stdout.write(f"{sent} message(s) envoyé(s).")
