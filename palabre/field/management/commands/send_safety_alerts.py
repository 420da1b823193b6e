from django.core.management.base import BaseCommand

from palabre.field import safety_delivery


class Command(BaseCommand):
    help = (
        "Repère les pointages de sécurité manqués et envoie les alertes à l'astreinte (e-mail et "
        "SMS), chacune une fois. À lancer chaque minute (cron ou minuteur systemd) : c'est le "
        "serveur qui décide, même si le téléphone est éteint."
    )

    def handle(self, *args, **options):
        sent = safety_delivery.sweep()
        self.stdout.write(f"{sent} message(s) envoyé(s).")
