from django.core.management.base import BaseCommand, CommandError

from palabre.partners.models import Convention
from palabre.reports import funder
from palabre.reports.suppression import narrow_cells, suppress
from palabre.reports.tables import SUPPRESSED


class Command(BaseCommand):
    help = (
        "Rejoue l'audit du secret des petits effectifs sur le bilan de chaque convention et de "
        "chaque année : cellules masquées, et toute cellule qu'un lecteur du document pourrait "
        "encadrer plus finement que la largeur de protection. Sort en erreur s'il y en a une. "
        "Pour le délégué à la protection des données, ou après une mise à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--service", help="Identifiant (slug) d'un seul service.")

    def handle(self, *args, service=None, **options):
        conventions = Convention.objects.select_related("organisation", "funder")
        if service:
            conventions = conventions.filter(organisation__slug=service)
        documents = hidden = 0
        narrow = []
        for convention in conventions.order_by("organisation__name", "title"):
            for year in funder.years_of(convention):
                tables = suppress(funder.compose(convention, year).tables)
                documents += 1
                hidden += sum(cell is SUPPRESSED for t in tables for r in t.rows for cell in r)
                for cell in narrow_cells(tables):
                    narrow.append(
                        f"{convention.organisation.name} — {convention.title}, {year} : "
                        f"{cell.key} entre {cell.bounds.lo:g} et {cell.bounds.hi:g}"
                    )
        self.stdout.write(
            f"{documents} bilan(s) audité(s), {hidden} cellule(s) masquée(s), "
            f"{len(narrow)} cellule(s) trop bien encadrée(s)."
        )
        if narrow:
            raise CommandError("\n".join(narrow))
