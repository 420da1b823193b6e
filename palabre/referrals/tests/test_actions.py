import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from palabre.cases import codes
from palabre.cases.tests.factories import CommuneFactory
from palabre.core.journal import entries_for
from palabre.partners.models import Partner, PartnerKind
from palabre.referrals import actions
from palabre.referrals.models import Decision, DeclineReason, Origin, Referral, ReferralLink

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_partner_referral_lands_in_the_queue_and_tells_the_coordination_without_content(
    refer, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer()

    assert referral.decision == Decision.PENDING
    assert [e.verb for e in entries_for(referral)] == ["received"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.user.email]
    assert f"/orientations/{referral.pk}/" in message.body
    for content in ("Le Gall", "Éloïse", "06 12", "Bruit", "Brest", "18 h"):
        assert content not in message.body + message.subject


def test_each_coordinator_gets_an_own_automatic_message_on_the_configured_address(
    refer, coordinator, member, settings, django_capture_on_commit_callbacks
):
    settings.PALABRE_BASE_URL = "https://mediation.example.org/"
    second = member("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [coordinator.user.email, second.user.email]
    )
    for message in mail.outbox:
        assert (len(message.to), message.cc, message.bcc) == (1, [], [])
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert f"https://mediation.example.org/orientations/{referral.pk}/" in message.body


def test_a_referral_without_the_persons_agreement_is_refused(refer):
    with pytest.raises(actions.ReferralRefused, match="accepté d'être contactée"):
        refer(agreed_to_be_contacted=False)
    assert not Referral.objects.exists()


def test_a_referral_needs_a_way_to_reach_the_person(refer):
    with pytest.raises(actions.ReferralRefused, match="moyen de joindre"):
        refer(requester_phone="", requester_email="")


def test_the_same_person_cannot_be_referred_twice_while_waiting(refer):
    refer()
    with pytest.raises(actions.ReferralRefused, match="déjà en attente"):
        refer(requester_last_name="LE GALL")
    assert Referral.objects.count() == 1


def test_once_answered_the_same_person_can_be_referred_again(refer, coordinator):
    actions.decline_referral(referral=refer(), by=coordinator, reason=DeclineReason.UNREACHABLE)
    assert refer().decision == Decision.PENDING


def test_a_commune_of_another_service_is_refused(refer, other_service):
    with pytest.raises(actions.ReferralRefused, match="commune"):
        refer(commune=CommuneFactory(organisation=other_service))


def test_accepting_opens_a_linked_case_with_the_referrer_and_the_consent_to_share(
    refer, coordinator, landlord
):
    referral = refer()
    case = actions.accept_referral(referral=referral, by=coordinator)

    referral.refresh_from_db()
    assert referral.decision == Decision.ACCEPTED and referral.case == case
    assert case.referrer == landlord and case.landlord == landlord
    assert case.referral_source == codes.ReferralSource.SOCIAL_LANDLORD
    assert case.first_contact_channel == codes.Channel.PARTNER_FORM
    requester = case.requester()
    assert requester.last_name == "Le Gall" and requester.phone == "06 12 34 56 78"
    consent = requester.consents.get()
    assert consent.kind == codes.ConsentKind.SHARE_STATUS_WITH_REFERRER
    assert consent.method == codes.ConsentMethod.VIA_REFERRER


def test_without_the_agreement_to_share_no_consent_is_recorded(refer, coordinator):
    case = actions.accept_referral(referral=refer(agreed_to_share_status=False), by=coordinator)
    assert not case.consents.exists()


def test_a_referral_is_answered_once(refer, coordinator):
    referral = refer()
    actions.decline_referral(referral=referral, by=coordinator, reason=DeclineReason.OUT_OF_SCOPE)
    with pytest.raises(actions.ReferralRefused, match="déjà été traitée"):
        actions.accept_referral(referral=referral, by=coordinator)
    assert referral.__class__.objects.get().case is None


def test_declining_needs_a_coded_reason(refer, coordinator):
    referral = refer()
    with pytest.raises(actions.ReferralRefused, match="motif"):
        actions.decline_referral(referral=referral, by=coordinator, reason="parce que")
    referral.refresh_from_db()
    assert referral.decision == Decision.PENDING


def test_reorienting_names_another_partner(refer, coordinator, service, landlord, agent):
    adil = Partner.objects.create(organisation=service, kind=PartnerKind.ASSOCIATION, name="ADIL")
    referral = refer()
    with pytest.raises(actions.ReferralRefused):
        actions.reorient_referral(referral=referral, by=coordinator, to=landlord)
    actions.reorient_referral(referral=referral, by=coordinator, to=adil)
    referral.refresh_from_db()
    assert referral.decision == Decision.REORIENTED and referral.reoriented_to == adil


def test_the_referrer_is_told_by_a_link_only(
    refer, coordinator, agent, django_capture_on_commit_callbacks
):
    referral = refer()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.decline_referral(referral=referral, by=coordinator, reason=DeclineReason.SAFETY)
    [message] = mail.outbox
    assert message.to == [agent.user.email]
    assert "/orientations/partenaire/" in message.body
    assert "Le Gall" not in message.body and "violence" not in message.body


# --- Signed links ------------------------------------------------------------------------------


@pytest.fixture
def link(service, landlord, coordinator):
    return actions.issue_link(organisation=service, partner=landlord, by=coordinator)


def test_a_link_sends_one_referral_then_cannot_be_reused(link, person):
    _link, token = link
    referral = actions.submit_referral_by_link(token=token, **person)
    assert referral.origin == Origin.PARTNER_LINK and referral.partner.name == "Archipel Habitat"
    with pytest.raises(actions.ReferralRefused, match="déjà servi"):
        actions.submit_referral_by_link(token=token, **{**person, "requester_last_name": "Autre"})
    assert Referral.objects.count() == 1


def test_an_expired_or_revoked_link_is_refused(link, person, coordinator):
    row, token = link
    ReferralLink.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    with pytest.raises(actions.ReferralRefused, match="expiré"):
        actions.submit_referral_by_link(token=token, **person)
    ReferralLink.objects.filter(pk=row.pk).update(expires_at=timezone.now() + dt.timedelta(1))
    actions.revoke_link(link=row, by=coordinator)
    with pytest.raises(actions.ReferralRefused, match="expiré"):
        actions.submit_referral_by_link(token=token, **person)
    assert not Referral.objects.exists()


def test_a_tampered_link_is_refused(link, person):
    _row, token = link
    with pytest.raises(actions.ReferralRefused, match="pas valide"):
        actions.submit_referral_by_link(token=token[:-2] + "xx", **person)


def test_a_failed_link_referral_leaves_the_link_usable(link, person):
    row, token = link
    with pytest.raises(actions.ReferralRefused):
        actions.submit_referral_by_link(token=token, **{**person, "requester_phone": ""})
    row.refresh_from_db()
    assert row.used_at is None


def test_a_link_lasts_between_one_and_ninety_days(service, landlord, coordinator):
    with pytest.raises(actions.ReferralRefused):
        actions.issue_link(organisation=service, partner=landlord, by=coordinator, days=365)


def test_a_referral_loaded_with_its_date_has_its_history_at_that_date(refer):
    when = timezone.now() - dt.timedelta(days=3)
    referral = refer(received_at=when)
    assert referral.received_at == when
    assert [entry.occurred_at for entry in entries_for(referral)] == [when]
