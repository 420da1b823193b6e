"""``manage.py remind_referrals``: the time limits of the requests (docs/adr/0020).

Run it every hour (cron or the scheduler). It records each step that has come — the reminder to
the coordination of a request still unanswered at its first deadline, the closure « sans réponse
dans le délai » of one still waiting at its limit — and queues it for the task worker
(``db_worker``), which performs it and sends its messages. Each step is recorded once: running
the command twice records nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from palabre.referrals import deadline_tasks


class Command(BaseCommand):
    help = (
        "Relance la coordination des orientations sans premier contact dans le délai et clôt "
        "celles restées sans décision à leur limite (une fois par étape, par le worker)."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            recorded = deadline_tasks.record_due_steps()
        self.stdout.write(f"{recorded} étape(s) confiée(s) au worker.")
