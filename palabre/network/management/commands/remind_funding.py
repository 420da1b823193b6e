"""``manage.py remind_funding``: the reminders of the calls' deadlines (14 and 3 days before)
to the members that marked their interest but have not applied. Run it every day or every hour
(cron); it records each reminder once and queues it for the task worker, which sends it."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from palabre.network import funding_reminders


class Command(BaseCommand):
    help = (
        "Relance la coordination des structures membres intéressées par un appel à projets sans "
        "y avoir candidaté, 14 jours puis 3 jours avant la date limite (une fois chacune, par le "
        "worker)."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            recorded = funding_reminders.record_due()
        self.stdout.write(f"{recorded} relance(s) confiée(s) au worker.")
