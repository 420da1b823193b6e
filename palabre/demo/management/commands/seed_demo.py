"""``manage.py seed_demo``: loads the fictitious demo (organisations, people, three years)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from palabre.cases.demo import generator


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration : services, territoire, comptes et trois années de "
        "dossiers fictifs, tous construits par les actions du dossier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Supprime d'abord les organisations de démonstration et leurs comptes.",
        )
        parser.add_argument("--years", type=int, help="Nombre d'années civiles (défaut : 3).")
        parser.add_argument(
            "--cases-per-year", type=int, help="Nouvelles saisines par an (défaut : 230)."
        )

    def handle(self, *args, reset=False, years=None, cases_per_year=None, **options):
        params = generator.load_params()
        started = time.monotonic()
        with transaction.atomic():
            if generator.demo_exists(params):
                if not reset:
                    raise CommandError(
                        f"La démonstration est déjà chargée dans cette base (organisation "
                        f"« {params['organisations']['demo']['name']} »). Relancez avec --reset "
                        "pour la supprimer et la recréer."
                    )
                generator.delete_demo(params)
                self.stdout.write("Démonstration précédente supprimée.")
            generator.generate(
                params=params,
                years=years,
                cases_per_year=cases_per_year,
                report=self.stdout.write,
            )
        self.stdout.write(
            self.style.SUCCESS(f"Démonstration chargée en {time.monotonic() - started:.0f} s.")
        )
