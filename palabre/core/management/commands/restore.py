"""``manage.py restore FILE``: a backup of ``manage.py backup`` into a fresh database — the
configured one, or ``--database`` (a file for SQLite, a database of the same server for
PostgreSQL, created beforehand with ``createdb``). A database that already holds tables is
replaced only with ``--force``. Stop the web server and the worker first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from palabre.core import backups


class Command(BaseCommand):
    help = "Restaure une sauvegarde dans une base neuve (--force pour remplacer une base remplie)."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="Le fichier écrit par manage.py backup.")
        parser.add_argument(
            "--database",
            help="Base cible : un fichier SQLite, ou le nom d'une base du même serveur "
            "PostgreSQL (défaut : la base configurée).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Remplacer une base qui contient déjà des tables."
        )

    def handle(self, *args, backup, database=None, force=False, **options):
        vendor = backups.vendor()
        kind = backups.kind_of(backup)
        if kind != vendor:
            raise CommandError(
                f"Cette sauvegarde vient d'une base {kind} ; l'instance est configurée pour "
                f"{vendor}. Rien n'a été restauré."
            )
        settings_dict = connection.settings_dict
        if vendor == "sqlite":
            target = Path(database or settings_dict["NAME"])
            self._refuse_unless_empty(len(backups.sqlite_tables(target)), str(target), force)
            connections.close_all()
            backups.sqlite_restore(backup, target)
        else:
            target = database or settings_dict["NAME"]
            self._refuse_unless_empty(backups.pg_table_count(settings_dict, target), target, force)
            connections.close_all()
            self._pg_restore(backup, settings_dict, target, force)
        self.stdout.write(f"Sauvegarde {backup} restaurée dans {target}.")

    def _refuse_unless_empty(self, tables: int, target: str, force: bool) -> None:
        if tables and not force:
            raise CommandError(
                f"La base {target} contient déjà {tables} table(s) : rien n'a été restauré. "
                "Restaurez dans une base neuve, ou ajoutez --force pour la remplacer."
            )

    def _pg_restore(self, backup: Path, settings_dict, target: str, force: bool) -> None:
        arguments, environment = backups.pg_arguments(settings_dict, target)
        tool = backups.postgres_bin("pg_restore")
        backups.run([tool, "--list", str(backup)], environment)
        command = [tool, "--exit-on-error", "--single-transaction", "--no-owner"]
        if force:
            command += ["--clean", "--if-exists"]
        backups.run([*command, *arguments, str(backup)], environment)
