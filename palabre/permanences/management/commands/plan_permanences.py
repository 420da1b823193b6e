from django.core.management.base import BaseCommand
from django.db import transaction

from palabre.permanences import actions
from palabre.permanences.models import Permanence


class Command(BaseCommand):
    help = (
        "Prolonge le calendrier de chaque permanence jusqu'à l'horizon de planification "
        "(PALABRE_PLANNING_DAYS). À lancer chaque jour par cron."
    )

    def handle(self, *args, **options):
        created = 0
        permanences = Permanence.objects.select_related("organisation", "venue")
        for permanence in permanences.order_by("organisation_id", "pk"):
            with transaction.atomic():
                created += actions.plan(permanence)
        self.stdout.write(f"{created} séance(s) ajoutée(s).")
