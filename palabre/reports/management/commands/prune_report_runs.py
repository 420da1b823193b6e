from django.core.management.base import BaseCommand

from palabre.reports import runs


class Command(BaseCommand):
    help = (
        "Supprime les bilans générés dont la durée de mise à disposition est passée, avec leurs "
        "fichiers. À lancer chaque jour par cron."
    )

    def handle(self, *args, **options):
        pruned = runs.prune()
        self.stdout.write(f"{pruned} bilan(s) supprimé(s).")
