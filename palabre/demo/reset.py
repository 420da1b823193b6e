"""Deleting the demo: rows that protect the territory or the partners go first, then the
organisations with everything they hold (``cases.demo.generator.delete_demo``)."""

from django.db import transaction

from palabre.cases.demo import generator
from palabre.partners.models import Convention, Venue
from palabre.permanences.models import Permanence
from palabre.referrals.models import Referral, ReferralLink


@transaction.atomic
def delete_demo(params: dict | None = None) -> None:
    params = params or generator.load_params()
    slugs = [org["slug"] for org in params["organisations"].values()]
    for model in (Referral, ReferralLink, Convention, Permanence, Venue):
        model.objects.filter(organisation__slug__in=slugs).delete()
    generator.delete_demo(params)
