"""``manage.py compile_catalogue``: builds the ``.mo`` files Django reads from the committed
``.po`` catalogues, in pure Python (no GNU gettext needed). ``make install`` runs it."""

from django.core.management.base import BaseCommand, CommandError

from palabre.core import catalogue


class Command(BaseCommand):
    help = "Compile les catalogues de traduction (.po → .mo), sans GNU gettext."
    requires_system_checks = []

    def handle(self, *args, **options):
        found = catalogue.catalogues()
        if not found:
            raise CommandError("Aucun catalogue de traduction sous LOCALE_PATHS : rien à compiler.")
        for path in found:
            try:
                target, count = catalogue.compile_catalogue(path)
            except catalogue.CatalogueError as error:
                raise CommandError(error.message) from error
            if options["verbosity"] >= 1:
                self.stdout.write(f"{target} : {count} messages traduits.")
