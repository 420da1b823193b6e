import datetime as dt
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from palabre.cases.tests.factories import MembershipFactory, UserFactory
from palabre.core.models import JournalEntry
from palabre.partners.tests.factories import ConventionFactory, DeliverableFactory

TODAY = dt.date(2026, 3, 5)


def remind(today=TODAY):
    out, err = io.StringIO(), io.StringIO()
    call_command("remind_deliverables", f"--date={today.isoformat()}", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def deliverable(service):
    convention = ConventionFactory(organisation=service, title="Convention Ville de Rennes")
    return DeliverableFactory(
        convention=convention,
        title="Bilan d'activité 2025",
        due_on=dt.date(2026, 3, 31),
        remind_on=dt.date(2026, 3, 1),
    )


def test_the_coordination_is_reminded_once_with_what_and_when_and_a_link(
    member, service, other_service, deliverable, settings, mailoutbox
):
    settings.PALABRE_BASE_URL = "https://palabre.exemple.fr/"
    coordinator, admin = member("coordinator"), member("admin")
    member("mediator")
    member("reception")
    member("board")
    MembershipFactory(organisation=other_service, role="coordinator")
    MembershipFactory(organisation=service, role="coordinator", is_active=False)
    MembershipFactory(organisation=service, role="coordinator", user=UserFactory(email=""))

    out, _err = remind()

    assert "1 rappel(s) envoyé(s)." in out
    assert sorted(m.to[0] for m in mailoutbox) == sorted([coordinator.user.email, admin.user.email])
    assert all(len(m.to) == 1 for m in mailoutbox)
    message = mailoutbox[0]
    assert "31/03/2026" in message.subject and "Bilan d'activité 2025" in message.subject
    assert "Convention : Convention Ville de Rennes" in message.body
    assert "À rendre le : 31/03/2026 — dans 26 jours" in message.body
    url = f"https://palabre.exemple.fr/partenaires/conventions/{deliverable.convention.pk}/"
    assert url in message.body
    deliverable.refresh_from_db()
    assert deliverable.reminded_on == TODAY
    assert JournalEntry.objects.filter(verb="deliverable_reminded").count() == 1

    remind(TODAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_late_deliverable_is_reminded_as_late(member, deliverable, mailoutbox):
    member("coordinator")
    remind(dt.date(2026, 4, 2))
    assert "en retard de 2 jours" in mailoutbox[0].body


@pytest.mark.parametrize(
    "changes",
    [
        {"done_on": dt.date(2026, 3, 2)},
        {"reminded_on": dt.date(2026, 3, 1)},
        {"remind_on": TODAY + dt.timedelta(days=1)},
    ],
    ids=["done", "already_reminded", "not_yet"],
)
def test_nothing_is_sent_for_done_reminded_or_not_yet_due_deliverables(
    member, deliverable, mailoutbox, changes
):
    member("coordinator")
    for field, value in changes.items():
        setattr(deliverable, field, value)
    deliverable.save()
    out, _err = remind()
    assert mailoutbox == []
    assert "0 rappel(s)" in out


def test_a_service_without_coordination_email_keeps_its_reminder_for_later(
    member, deliverable, mailoutbox
):
    member("mediator")
    _out, err = remind()
    assert mailoutbox == []
    assert "sans destinataire" in err
    deliverable.refresh_from_db()
    assert deliverable.reminded_on is None


def test_a_refused_mail_leaves_the_reminder_unsent_and_the_others_go(
    member, service, deliverable, mailoutbox
):
    member("coordinator")
    second = DeliverableFactory(
        convention=deliverable.convention,
        title="Comité de pilotage",
        due_on=dt.date(2026, 4, 10),
        remind_on=dt.date(2026, 3, 2),
    )
    real_send = mail.EmailMessage.send

    def flaky(message, *args, **kwargs):
        if "Bilan" in message.subject:
            raise ConnectionRefusedError("serveur de courrier injoignable")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky), pytest.raises(CommandError):
        remind()
    deliverable.refresh_from_db()
    second.refresh_from_db()
    assert deliverable.reminded_on is None
    assert second.reminded_on == TODAY
    assert [m.subject for m in mailoutbox] == [
        "[Palabre] Livrable à rendre le 10/04/2026 : Comité de pilotage"
    ]
    assert not JournalEntry.objects.filter(
        verb="deliverable_reminded", data__deliverable=str(deliverable.pk)
    ).exists()
