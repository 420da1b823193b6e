"""``manage.py refresh_catalogue`` (``make messages``): brings every language's catalogue up to
date with the code — new strings added untranslated, changed ones marked fuzzy with their former
translation, removed ones dropped, the others kept — then compiles it. Needs GNU gettext
(``apt-get install gettext``), as ``makemessages`` does."""

import os
import shutil

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from palabre.core import catalogue


class Command(BaseCommand):
    help = "Met les catalogues de traduction à jour d'après le code, puis les compile."
    requires_system_checks = []

    def handle(self, *args, **options):
        if not shutil.which("xgettext") or not shutil.which("msgmerge"):
            raise CommandError(
                "GNU gettext est nécessaire pour extraire les textes (apt-get install gettext)."
            )
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        os.chdir(settings.BASE_DIR)
        for code in languages:
            call_command("makemessages", f"--locale={code}", *catalogue.EXTRACT_OPTIONS)
        call_command("compile_catalogue", stdout=self.stdout)
