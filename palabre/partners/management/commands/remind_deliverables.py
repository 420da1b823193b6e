"""Reminds each service's coordination of the deliverables whose reminder day has come.

Run it daily (cron or the scheduler). Each deliverable is handled in its own transaction and
marked ``reminded_on``: running the command twice sends each reminder once.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from palabre.partners import actions
from palabre.partners.models import Deliverable


class Command(BaseCommand):
    help = "Envoie à la coordination les rappels des livrables de conventions à rendre."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="Jour à considérer comme aujourd'hui (AAAA-MM-JJ), pour rattraper un oubli.",
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        due = list(
            Deliverable.objects.due_for_reminder(today)
            .order_by("organisation_id", "due_on")
            .values_list("pk", flat=True)
        )
        sent, unsent, failures = 0, 0, []
        with translation.override(settings.LANGUAGE_CODE):
            for deliverable_id in due:
                try:
                    recipients = actions.send_deliverable_reminder(
                        deliverable_id=deliverable_id, today=today
                    )
                except Exception as error:  # one failure must not stop the others
                    failures.append(f"{deliverable_id}: {error}")
                    continue
                if recipients:
                    sent += 1
                else:
                    unsent += 1
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
        if unsent:
            self.stderr.write(
                f"{unsent} livrable(s) sans destinataire (aucune coordination avec e-mail) : "
                "ils seront repris au prochain passage."
            )
        if failures:
            raise CommandError("Échec d'envoi :\n" + "\n".join(failures))
