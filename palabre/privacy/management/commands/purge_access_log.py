"""``manage.py purge_access_log``: deletes the access log's records older than
``PALABRE_ACCESS_LOG_DAYS`` (365 by default), and the successful logins axes recorded as long ago.

Run it every night (cron, docs/operations.md). Running it twice deletes nothing more. It is the
only way records leave the access log.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from palabre.privacy import access_log

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Efface du journal des consultations (et des connexions réussies) ce qui a plus de "
        "PALABRE_ACCESS_LOG_DAYS jours. À lancer chaque nuit par cron."
    )

    def handle(self, *args, **options):
        if settings.PALABRE_ACCESS_LOG_DAYS < 1:
            raise CommandError("PALABRE_ACCESS_LOG_DAYS doit être un nombre de jours positif.")
        records, logins = access_log.purge(days=settings.PALABRE_ACCESS_LOG_DAYS)
        logger.info("access log purged: %s records, %s logins", records, logins)
        self.stdout.write(
            f"{records} consultation(s) et {logins} connexion(s) de plus de "
            f"{settings.PALABRE_ACCESS_LOG_DAYS} jours effacée(s)."
        )
