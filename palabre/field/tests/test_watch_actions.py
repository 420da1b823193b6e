"""The verbs of technical watch: routing, due dates, the partner's two steps, the e-mail and the
Journal."""

import datetime as dt

import pytest

from palabre.core.models import JournalEntry
from palabre.field import actions, watch_actions
from palabre.field.actions import FieldRefused
from palabre.field.codes import PlaceKind
from palabre.field.models import SignalLink, TechnicalSignal
from palabre.field.territory import Place
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING, at
from palabre.field.watch import SignalCategory, SignalStatus, Urgency

MARKER = "MARQUEUR-DESCRIPTION-SIGNALEMENT-3K8P"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def partners(service, place, coordinator):
    return watch_world.landlords(service, place, coordinator)


def test_a_signal_in_a_residence_goes_to_its_landlord(shift, coordinator, place, partners):
    signal = watch_world.report(shift, by=coordinator, residence=place["glycines"])
    assert signal.partner == partners["archipel"]
    assert signal.status == SignalStatus.SENT
    assert (signal.quartier, signal.commune) == (place["maurepas"], place["rennes"])
    other = watch_world.report(shift, by=coordinator, residence=partners["lilas"])
    assert other.partner == partners["neotoa"]


def test_a_signal_in_the_public_space_goes_to_the_partner_the_service_named(
    shift, coordinator, place, partners
):
    signal = watch_world.report(shift, by=coordinator, place=Place(quartier=place["maurepas"]))
    assert signal.partner == partners["city"]
    assert signal.place == "Espace public — Maurepas - Bellangerais"


def test_without_a_partner_for_the_public_space_nothing_is_sent(shift, coordinator, place, service):
    with pytest.raises(FieldRefused, match="Aucun destinataire"):
        watch_world.report(shift, by=coordinator, place=Place(quartier=place["maurepas"]))
    assert not TechnicalSignal.objects.exists()


@pytest.mark.parametrize(
    ("urgency", "delay"),
    [
        (Urgency.DANGER, dt.timedelta(days=1)),
        (Urgency.URGENT, dt.timedelta(days=3)),
        (Urgency.NORMAL, dt.timedelta(days=15)),
    ],
)
def test_the_due_date_follows_the_urgency(shift, coordinator, place, partners, urgency, delay):
    signal = watch_world.report(shift, by=coordinator, residence=place["glycines"], urgency=urgency)
    assert signal.sent_at == at(EVENING, 23, 30)
    assert signal.due_at == signal.sent_at + delay


def test_a_place_outside_the_shifts_territory_is_refused(shift, coordinator, place, partners):
    """Tonight's shift goes through Maurepas; Les Ajoncs is in Le Blosne."""
    with pytest.raises(FieldRefused, match="pas dans le territoire de la tournée"):
        watch_world.report(shift, by=coordinator, residence=place["ajoncs"])
    assert not TechnicalSignal.objects.exists()


def test_a_hall_needs_a_residence_and_a_public_space_needs_none(
    shift, coordinator, place, partners
):
    with pytest.raises(FieldRefused, match="choisissez une résidence"):
        watch_world.report(
            shift,
            by=coordinator,
            place_kind=PlaceKind.HALL,
            place=Place(quartier=place["maurepas"]),
        )
    with pytest.raises(FieldRefused, match="choisissez une résidence"):
        watch_world.report(
            shift,
            by=coordinator,
            residence=place["glycines"],
            place_kind=PlaceKind.PUBLIC_SPACE,
        )
    assert not TechnicalSignal.objects.exists()


def test_another_services_place_is_refused_off_a_shift(
    coordinator, partners, other_service, service
):
    from palabre.cases.tests.factories import CommuneFactory

    elsewhere = CommuneFactory(organisation=other_service)
    with pytest.raises(FieldRefused, match="territoire du service"):
        watch_world.report(by=coordinator, organisation=service, place=Place(commune=elsewhere))


def test_other_needs_a_description(shift, coordinator, place, partners):
    with pytest.raises(FieldRefused, match="Autre"):
        watch_world.report(
            shift, by=coordinator, residence=place["glycines"], category=SignalCategory.OTHER
        )


def test_a_cancelled_shift_takes_no_signal(service, coordinator, team, place, partners, clock):
    from palabre.field import nights

    starts_at, ends_at = nights.bounds(EVENING + dt.timedelta(days=2), dt.time(22), dt.time(6))
    later = actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        quartiers=[place["maurepas"]],
    )
    actions.cancel_shift(shift=later, by=coordinator)
    later.refresh_from_db()
    with pytest.raises(FieldRefused, match="annulée"):
        watch_world.report(later, by=coordinator, residence=place["glycines"])


def test_from_an_intervention_the_signal_keeps_its_shift(
    shift, record, coordinator, place, partners
):
    intervention = record(shift)
    signal = watch_world.report(
        by=coordinator,
        organisation=shift.organisation,
        intervention=intervention,
        residence=place["glycines"],
    )
    assert signal.shift == shift and signal.intervention == intervention


def test_the_partner_acknowledges_then_resolves_and_both_dates_are_kept(
    shift, coordinator, place, partners, clock
):
    signal = watch_world.report(shift, by=coordinator, residence=place["glycines"])
    clock(at(EVENING + dt.timedelta(days=1), 9))
    watch_actions.acknowledge_signal(signal=signal)
    clock(at(EVENING + dt.timedelta(days=3), 15))
    watch_actions.resolve_signal(signal=signal)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.RESOLVED
    assert signal.acknowledged_at == at(EVENING + dt.timedelta(days=1), 9)
    assert signal.resolved_at == at(EVENING + dt.timedelta(days=3), 15)
    with pytest.raises(FieldRefused, match="déjà marqué résolu"):
        watch_actions.acknowledge_signal(signal=signal)
    with pytest.raises(FieldRefused, match="déjà marqué résolu"):
        watch_actions.resolve_signal(signal=signal)


def test_resolved_straight_away_counts_as_acknowledged_then(shift, coordinator, place, partners):
    signal = watch_actions.resolve_signal(
        signal=watch_world.report(shift, by=coordinator, residence=place["glycines"])
    )
    assert signal.acknowledged_at == signal.resolved_at


def test_acknowledging_twice_is_refused(shift, coordinator, place, partners):
    signal = watch_world.report(shift, by=coordinator, residence=place["glycines"])
    watch_actions.acknowledge_signal(signal=signal)
    with pytest.raises(FieldRefused, match="déjà pris en compte"):
        watch_actions.acknowledge_signal(signal=signal)


def test_the_partner_is_emailed_a_link_and_never_the_description(
    shift, coordinator, place, partners, member, mailoutbox, django_capture_on_commit_callbacks
):
    watch_world.partner_account(member, partners["archipel"], email="agent@archipel.example")
    with django_capture_on_commit_callbacks(execute=True):
        signal = watch_world.report(
            shift,
            by=coordinator,
            residence=place["glycines"],
            place_label="hall B",
            description=f"Plafonnier arraché {MARKER}",
        )
    assert sorted(m.to[0] for m in mailoutbox) == [
        "agent@archipel.example",
        watch_world.ARCHIPEL_ADDRESS,
    ]
    message = mailoutbox[0]
    assert "Éclairage" in message.subject and "Les Glycines" in message.subject
    assert MARKER not in message.subject + message.body
    assert "Hall d'immeuble — Les Glycines, hall B" in message.subject + message.body
    assert "&#x27;" not in message.subject + message.body  # plain text, not HTML
    assert "/terrain/signalement/" in message.body
    assert SignalLink.objects.filter(signal=signal).count() == 1


def test_nothing_is_emailed_before_the_transaction_commits(
    shift, coordinator, place, partners, mailoutbox
):
    watch_world.report(shift, by=coordinator, residence=place["glycines"])
    assert mailoutbox == []


def test_the_journal_says_what_and_to_whom_never_the_description(
    shift, coordinator, place, partners
):
    signal = watch_world.report(
        shift, by=coordinator, residence=place["glycines"], description=MARKER
    )
    watch_actions.acknowledge_signal(signal=signal)
    watch_actions.resolve_signal(signal=signal)
    entries = JournalEntry.objects.filter(subject_id=signal.pk)
    assert sorted(entries.values_list("verb", flat=True)) == [
        "signal_acknowledged",
        "signal_resolved",
        "signal_sent",
    ]
    for entry in JournalEntry.objects.all():
        assert MARKER not in entry.summary and MARKER not in str(entry.data)


def test_the_public_space_partner_must_be_one_of_the_services(service, coordinator, other_service):
    from palabre.partners.tests.factories import PartnerFactory

    foreign = PartnerFactory(organisation=other_service)
    with pytest.raises(FieldRefused, match="pas connu du service"):
        watch_actions.set_public_space_partner(
            organisation=service, by=coordinator, partner=foreign
        )
