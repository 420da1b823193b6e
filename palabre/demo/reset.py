"""Deleting the demo: the field service first, then rows that protect the territory or the
partners, then the organisations with everything they hold
(``cases.demo.generator.delete_demo``)."""

from django.db import transaction

from palabre.cases.demo import generator
from palabre.field.demo import delete_field_demo
from palabre.outreach.models import Coownership, OutreachAction
from palabre.partners.models import Convention, Venue
from palabre.permanences.models import Permanence
from palabre.referrals.models import Referral, ReferralLink


@transaction.atomic
def delete_demo(params: dict | None = None) -> None:
    params = params or generator.load_params()
    delete_field_demo()
    slugs = [org["slug"] for org in params["organisations"].values()]
    protecting = (OutreachAction, Coownership, Referral, ReferralLink, Convention)
    for model in (*protecting, Permanence, Venue):
        model.objects.filter(organisation__slug__in=slugs).delete()
    generator.delete_demo(params)
