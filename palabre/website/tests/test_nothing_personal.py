"""The public page names nobody and shows nothing of a case: a marker planted in a case's notes
and statement, in the parties' names, in a partner's contact, in a mediator's and the
coordinator's names, in an appointment and in an outreach action's team, is nowhere on it."""

import datetime as dt

from palabre.accounts.models import User
from palabre.cases import actions as case_actions
from palabre.cases.models import Party
from palabre.cases.tests.factories import CaseFactory, CommuneFactory
from palabre.outreach import actions as outreach_actions
from palabre.partners.models import Contact
from palabre.partners.tests.factories import (
    ContactFactory,
    ConventionFactory,
    PartnerFactory,
    VenueFactory,
)
from palabre.permanences import actions as permanence_actions
from palabre.permanences.models import Frequency
from palabre.website.tests.conftest import MONDAY, at, page

MARKER = "QZXPUBLIC"


def test_no_person_and_no_case_text_reaches_the_public_page(client, site, member, clock):
    service = site.organisation
    coordinator = member("coordinator")
    coordinator.user.last_name = f"{MARKER}COORD"
    coordinator.user.save()
    mediator = member("mediator")
    mediator.user.first_name, mediator.user.last_name = "Yann", f"{MARKER}MEDIATEUR"
    mediator.user.save()
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        requester_last_name=f"{MARKER}DEMANDEUR",
        other_party_last_name=f"{MARKER}VOISIN",
    )
    case_actions.add_private_note(case=case, by=coordinator, text=f"{MARKER}NOTE dispute de haie")
    partner = PartnerFactory(organisation=service, name="Bailleur Ouest", landlord=True)
    partner.description = f"{MARKER}DESCRIPTION"
    partner.save()
    ContactFactory(partner=partner, first_name="Jo", last_name=f"{MARKER}CONTACT")
    ConventionFactory(organisation=service, partners=[partner], purpose=f"{MARKER}OBJET")
    venue = VenueFactory(organisation=service, name="Maison du Ronceray")
    permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=1,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=MONDAY,
    )
    team_member = member("mediator")
    team_member.user.last_name = f"{MARKER}EQUIPE"
    team_member.user.save()
    outreach_actions.plan_action(
        organisation=service,
        by=coordinator,
        kind="MARKET",
        title="Marché des Lices",
        starts_at=at(MONDAY + dt.timedelta(days=5), 9),
        ends_at=at(MONDAY + dt.timedelta(days=5), 12),
        commune=CommuneFactory(organisation=service, name="Rennes"),
        place_name="Place des Lices",
        team=[team_member],
    )

    body = page(client, service).text

    assert Party.objects.filter(last_name__startswith=MARKER).count() == 2
    assert "Bailleur Ouest" in body and "Marché des Lices" in body and "Maison du Ronceray" in body
    assert MARKER not in body.upper()
    assert User.objects.filter(last_name__startswith=MARKER).count() == 3
    assert Contact.objects.filter(last_name__startswith=MARKER).count() == 1
