"""``manage.py remind_signals``: reminds partners of their overdue technical signals.

Run it every hour or every day (cron or the scheduler). Each signal is reminded at most once per
step (« envoyé », then « pris en compte »): running the command twice sends nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from palabre.field import watch_actions


class Command(BaseCommand):
    help = "Relance les partenaires des signalements techniques en retard (une fois par étape)."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            sent = watch_actions.remind_overdue()
        self.stdout.write(f"{sent} relance(s) envoyée(s).")
