from django.core.management.base import BaseCommand

from palabre.network import actions, dues


class Command(BaseCommand):
    help = (
        "Relance par e-mail le contact principal de chaque structure membre dont la cotisation "
        "de l'année n'est pas réglée : au plus PALABRE_DUES_REMINDERS relances, espacées de "
        "PALABRE_DUES_REMINDER_DAYS jours. À lancer chaque jour par cron ; relancée le même jour, "
        "elle n'envoie rien de plus."
    )

    def handle(self, *args, **options):
        sent = actions.remind_dues()
        self.stdout.write(
            f"{sent} relance(s) envoyée(s) (au plus {dues.max_reminders()} par cotisation, "
            f"tous les {dues.reminder_days()} jours)."
        )
