"""``manage.py backup``: a consistent copy of the database into a timestamped file, while the
instance runs (SQLite: online backup API; PostgreSQL: ``pg_dump -Fc``). The key-encryption key
is not in it: keep it apart (docs/operations.md, « Sauvegarde et restauration »)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from palabre.core import backups


def default_directory() -> Path:
    return Path(os.environ.get("PALABRE_BACKUP_DIR") or Path(settings.BASE_DIR) / "var" / "backups")


class Command(BaseCommand):
    help = "Sauvegarde la base de données dans un fichier horodaté (sans la clé de chiffrement)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="Dossier des sauvegardes (défaut : PALABRE_BACKUP_DIR, sinon var/backups/).",
        )
        parser.add_argument(
            "--output", type=Path, help="Fichier à écrire (au lieu du nom horodaté)."
        )

    def handle(self, *args, output_dir=None, output=None, **options):
        vendor = backups.vendor()
        if vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Base {vendor} : seules SQLite et PostgreSQL sont sauvegardées.")
        target = output or self._timestamped(output_dir or default_directory(), vendor)
        if target.exists():
            raise CommandError(f"{target} existe déjà : rien n'a été écrasé.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partiel")
        try:
            self._write(vendor, partial)
            os.chmod(partial, 0o600)
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(str(target))

    def _timestamped(self, directory: Path, vendor: str) -> Path:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        suffix = "sqlite3" if vendor == "sqlite" else "dump"
        return directory / f"palabre-{stamp}.{suffix}"

    def _write(self, vendor: str, target: Path) -> None:
        if vendor == "sqlite":
            connection.ensure_connection()
            backups.sqlite_backup(connection.connection, target)
            return
        arguments, environment = backups.pg_arguments(connection.settings_dict)
        command = [backups.postgres_bin("pg_dump"), "--format=custom", "--file", str(target)]
        backups.run(command + arguments, environment)
