"""``manage.py refresh_identity_keys``: writes again every party's and household's key under the
instance's current secret key (docs/adr/0027). To run once the keys under the former secret keys
(``SECRET_KEY_FALLBACKS``) are no longer wanted, before removing those, or after restoring rows
written without their keys. Rows already right are left as they are; it can be run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from palabre.cases import identity
from palabre.cases.models import Household, Party

BATCH = 500


def refresh(model, field, compute, *, batch=BATCH) -> int:
    """Each batch in its own transaction, so that a run stopped halfway keeps what it wrote."""
    changed = 0
    last = None
    while True:
        rows = model.objects.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        rows = list(rows[:batch])
        if not rows:
            return changed
        last = rows[-1].pk
        stale = [row for row in rows if getattr(row, field) != compute(row)]
        for row in stale:
            setattr(row, field, compute(row))
        with transaction.atomic():
            model.objects.bulk_update(stale, [field])
        changed += len(stale)


def party_key(party) -> str:
    return identity.person_key(
        party.organisation_id, party.first_name, party.last_name, party.phone
    )


def household_key(household) -> str:
    return identity.address_key(household.organisation_id, household.address)


class Command(BaseCommand):
    help = (
        "Réécrit les clés qui retrouvent une personne ou une adresse d'un dossier à l'autre, "
        "sous la clé secrète actuelle de l'instance."
    )

    def handle(self, *args, **options):
        parties = refresh(Party, "identity_key", party_key)
        households = refresh(Household, "address_key", household_key)
        self.stdout.write(f"Clés réécrites : {parties} personnes, {households} foyers.")
