from django.core.management.base import BaseCommand

from palabre.privacy import purge
from palabre.privacy.retention import LINE


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation de chaque service et de chaque réseau : supprime "
        "les notes privées échues, efface l'autre partie qui a refusé ou n'a jamais répondu, "
        "anonymise les dossiers clos depuis la durée prévue, les orientations, rendez-vous, "
        "comptes et contacts échus. À lancer chaque nuit (cron) ; deux passages ne font rien "
        "deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compte ce qui serait fait, sans rien modifier.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Confie le passage au worker des tâches (db_worker) au lieu de le faire ici.",
        )

    def handle(self, *args, dry_run=False, queue=False, **options):
        if queue:
            result = purge.apply_retention_task.enqueue(dry_run=dry_run)
            self.stdout.write(f"Passage confié au worker (tâche {result.id}).")
            return
        done = purge.apply(dry_run=dry_run)
        verb = "serait traité" if dry_run else "traité"
        total = 0
        for organisation, counts in done.items():
            for key, n in sorted(counts.items()):
                if not n:
                    continue
                total += n if key in LINE else 0
                label = LINE[key].label if key in LINE else "erreurs"
                self.stdout.write(f"{organisation.slug} — {label} : {n}")
        self.stdout.write(f"{total} élément(s) {verb}(s).")
