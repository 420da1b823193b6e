import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.codes import Status
from palabre.cases.models import Case, CaseAssignment, ConsentRecord, PrivateNote
from palabre.cases.tests.factories import CaseFactory, CommuneFactory, QuartierFactory
from palabre.cases.views.detail import STEPS, _prefetch_events

pytestmark = pytest.mark.django_db

TODAY = dt.date.today


def page_text(response):
    content = response.content.decode()
    assert "INVALID[" not in content
    return html.unescape(content)


def detail_url(case):
    return reverse("cases:detail", args=[case.pk])


def action_url(case, slug):
    return reverse("cases:action", args=[case.pk, slug])


def when(days=1, hour=14):
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def status_of(case):
    return Case.objects.get(pk=case.pk).status


def do(client, case, slug, data, expected_status):
    """Posts one step, checks it succeeded, that the page still renders, and the new status."""
    response = client.post(action_url(case, slug), data)
    if response.status_code != 302:
        pytest.fail(f"{slug}: {response.status_code} {page_text(response)[-3000:]}")
    assert status_of(case) == expected_status, slug
    page_text(client.get(detail_url(case)))
    return response


def walk_to_closure(client, case, first, second):
    requester, other = case.requester(), case.other_parties()[0]
    do(client, case, "qualifier", {}, Status.QUALIFIED)
    do(
        client,
        case,
        "assigner",
        {"mediators": [first.pk, second.pk], "assigned_on": TODAY().isoformat()},
        Status.QUALIFIED,
    )
    assert {a.membership_id for a in case.assignments.all()} == {first.pk, second.pk}
    do(
        client,
        case,
        "planifier-entretien",
        {
            "party": requester.pk,
            "scheduled_at": when(1),
            "channel": "IN_PERSON_PERMANENCE",
            "place": "Maison de quartier",
        },
        Status.REQUESTER_INTERVIEW_SCHEDULED,
    )
    interview = case.interviews.get()
    do(
        client,
        case,
        "renseigner-entretien",
        {"interview": interview.pk, "held": "yes", "duration_minutes": "60"},
        Status.REQUESTER_INTERVIEWED,
    )
    do(
        client,
        case,
        "consentement",
        {
            "party": requester.pk,
            "kind": codes.ConsentKind.CONTACT_OTHER_PARTY,
            "given_on": TODAY().isoformat(),
            "method": codes.ConsentMethod.IN_PERSON,
        },
        Status.REQUESTER_INTERVIEWED,
    )
    do(client, case, "contacter-autre-partie", {}, Status.CONTACTING_OTHER_PARTY)
    do(
        client,
        case,
        "tentative-contact",
        {
            "party": other.pk,
            "channel": codes.ContactAttemptChannel.LETTER,
            "attempted_on": TODAY().isoformat(),
            "result": codes.ContactAttemptResult.ACCEPTED,
        },
        Status.CONTACTING_OTHER_PARTY,
    )
    do(
        client,
        case,
        "planifier-entretien",
        {"party": other.pk, "scheduled_at": when(3), "channel": "PHONE"},
        Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
    )
    interview = case.interviews.get(party=other)
    do(
        client,
        case,
        "renseigner-entretien",
        {"interview": interview.pk, "held": "yes"},
        Status.OTHER_PARTY_INTERVIEWED,
    )
    for party in (requester, other):
        do(
            client,
            case,
            "consentement",
            {
                "party": party.pk,
                "kind": codes.ConsentKind.JOINT_MEETING,
                "given_on": TODAY().isoformat(),
                "method": codes.ConsentMethod.PHONE,
            },
            Status.OTHER_PARTY_INTERVIEWED,
        )
    do(
        client,
        case,
        "planifier-rencontre",
        {"scheduled_at": when(10), "place": "Centre social"},
        Status.JOINT_MEETING_SCHEDULED,
    )
    meeting = case.meetings.get()
    do(
        client,
        case,
        "renseigner-rencontre",
        {
            "meeting": meeting.pk,
            "held": "yes",
            "result": codes.MeetingResult.AGREEMENT,
            "duration_minutes": "90",
            "participants_count": "2",
        },
        Status.JOINT_MEETING_HELD,
    )
    do(
        client,
        case,
        "accord",
        {
            "reached_on": TODAY().isoformat(),
            "agreement_form": codes.AgreementForm.WRITTEN_SIGNED,
            "scope": codes.AgreementScope.FULL,
            "commitments": [
                codes.CommitmentCategory.REDUCE_NOISE_HOURS,
                codes.CommitmentCategory.GREET_RESPECT,
            ],
        },
        Status.AGREEMENT_REACHED,
    )
    do(client, case, "planifier-suivi", {"due_on": TODAY().isoformat()}, Status.FOLLOW_UP_DUE)
    do(
        client,
        case,
        "renseigner-suivi",
        {"done_on": TODAY().isoformat(), "result": codes.FollowUpResult.HOLDS},
        Status.FOLLOW_UP_DUE,
    )
    do(
        client,
        case,
        "clore",
        {"reason": codes.ClosureReason.AGREEMENT_FULL, "closed_on": TODAY().isoformat()},
        Status.CLOSED,
    )


def bring_to_requester_interviewed(case, by, mediators):
    actions.qualify(case=case, by=by)
    actions.assign_mediators(case=case, by=by, mediators=mediators)
    interview = actions.schedule_interview(
        case=case,
        by=by,
        party=case.requester(),
        scheduled_at=timezone.now(),
        channel=codes.InterviewChannel.PHONE,
    )
    actions.record_interview(interview=interview, by=by, held=True)


def test_a_coordinator_takes_a_case_from_new_to_closed_through_the_case_page(
    login, case, coordinator, member
):
    client = login(coordinator)
    walk_to_closure(client, case, member("mediator"), member("mediator"))
    case.refresh_from_db()
    assert case.closure_reason == codes.ClosureReason.AGREEMENT_FULL
    assert case.stage_reached == codes.Stage.FOLLOW_UP_DONE
    assert sorted(c.category for c in case.agreement.commitments.all()) == [
        "GREET_RESPECT",
        "REDUCE_NOISE_HOURS",
    ]
    text = page_text(client.get(detail_url(case)))
    assert "Accord total (écrit ou oral)" in text
    assert "Saisine déclarée recevable" in text  # the Journal is the history
    assert "Ouvrir un dossier lié" in text


def test_the_case_page_of_a_full_history_stays_within_twelve_queries(
    login, case, coordinator, member, django_assert_max_num_queries
):
    first = member("mediator")
    walk_to_closure(login(coordinator), case, first, member("mediator"))
    actions.add_private_note(case=case, by=coordinator, text="Une note")
    client = login(coordinator)
    client.get(detail_url(case))  # the service's data key, read once by the process
    # The user and the membership; the case, its parties, its team, its events (one query,
    # core.together), its earlier cases (docs/adr/0027), invitations, permanence appointments;
    # the access log line, the notes, the Journal.
    with django_assert_max_num_queries(12):
        response = client.get(detail_url(case))
    assert "Une note" in page_text(response)
    # A mediator's rights are read from the case's assignments, fetched once for the page.
    client = login(first)
    with django_assert_max_num_queries(12):
        response = client.get(detail_url(case))
    assert "Une note" in page_text(response)


def test_the_case_page_shows_each_event_once_in_its_order(login, case, coordinator, member):
    """The events read together (core.together) come back as their own querysets would."""
    walk_to_closure(login(coordinator), case, member("mediator"), member("mediator"))
    fresh = Case.objects.get(pk=case.pk)
    _prefetch_events(fresh)
    for name in ("interviews", "contact_attempts", "meetings", "follow_ups"):
        expected = list(getattr(case, name).all())
        assert list(getattr(fresh, name).all()) == expected
        assert [vars(e) | {"_state": None} for e in getattr(fresh, name).all()] == [
            vars(e) | {"_state": None} for e in expected
        ]
    assert list(fresh.consents.all()) == list(case.consents.order_by("given_on"))


def test_the_page_shows_the_coded_data_parties_and_team_of_the_case(
    login, case, coordinator, member
):
    first = member("mediator")
    actions.assign_mediators(case=case, by=coordinator, mediators=[first])
    actions.update_case_details(
        case=case,
        by=coordinator,
        referral_source=codes.ReferralSource.SOCIAL_LANDLORD,
        channel=codes.Channel.PHONE,
        commune=case.commune,
        quartier=None,
        housing=codes.Housing.SOCIAL_RENTAL,
        building_type=codes.BuildingType.APARTMENT_BLOCK,
        landlord_name="Archipel Habitat",
        referrer_name="Agence Nord",
        primary_conflict=codes.ConflictCategory.NOISE,
        subcategory="MUSIC_TV",
        secondary_conflicts=[codes.ConflictCategory.SMELLS],
    )
    text = page_text(login(coordinator).get(detail_url(case)))
    assert f"Dossier {case.reference}" in text
    assert "Nouvelle saisine" in text
    assert "Saisine seule" in text
    assert "Bruit — Musique, télévision (motif principal)" in text
    assert "Odeurs" in text
    assert "Archipel Habitat" in text and "Agence Nord" in text
    assert "Bailleur social" in text and "Locatif social" in text
    assert "Éloïse Le Gall" in text and "Jérôme Moreau" in text
    assert str(first.user) in text
    assert action_url(case, "qualifier") in text
    assert action_url(case, "contacter-autre-partie") not in text
    assert action_url(case, "dossier-lie") not in text


def test_a_refused_transition_shows_the_french_reason_and_changes_nothing(
    login, case, coordinator, member
):
    bring_to_requester_interviewed(case, coordinator, [member("mediator"), member("mediator")])
    entries = len(list(_entries(case)))
    client = login(coordinator)
    response = client.post(action_url(case, "contacter-autre-partie"), {})
    assert response.status_code == 200
    text = page_text(response)
    assert "Le consentement du demandeur à contacter l'autre partie n'est pas enregistré." in text
    assert '<form method="post"' in response.content.decode()
    assert status_of(case) == Status.REQUESTER_INTERVIEWED
    assert len(list(_entries(case))) == entries


def test_a_refused_step_keeps_what_was_typed(login, case, coordinator):
    client = login(coordinator)
    response = client.post(action_url(case, "planifier-suivi"), {"due_on": "2031-05-17"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Impossible de programmer le suivi" in text
    assert 'value="2031-05-17"' in text
    assert not case.follow_ups.exists()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "0001-01-01T00:10", "9999-12-31T23:59"])
def test_an_interview_at_the_edge_of_the_calendar_is_refused_in_french(
    login, case, coordinator, member, moment
):
    do(login(coordinator), case, "qualifier", {}, Status.QUALIFIED)
    actions.assign_mediators(
        case=case, by=coordinator, mediators=[member("mediator"), member("mediator")]
    )
    response = login(coordinator).post(
        action_url(case, "planifier-entretien"),
        {"party": case.requester().pk, "scheduled_at": moment, "channel": "PHONE"},
    )
    assert response.status_code == 200
    assert "Cette date est hors de la période admise (de 1900 à 2100)." in page_text(response)
    assert not case.interviews.exists()


def _entries(case):
    from palabre.core import journal

    return journal.entries_for(case)


def test_an_assigned_mediator_records_an_interview_but_cannot_close(
    login, case, coordinator, member
):
    mediator = member("mediator")
    actions.qualify(case=case, by=coordinator)
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    interview = actions.schedule_interview(
        case=case,
        by=coordinator,
        party=case.requester(),
        scheduled_at=timezone.now(),
        channel=codes.InterviewChannel.PHONE,
    )
    client = login(mediator)
    text = page_text(client.get(detail_url(case)))
    assert action_url(case, "renseigner-entretien") in text
    assert action_url(case, "clore") not in text
    assert action_url(case, "assigner") not in text
    response = client.post(
        action_url(case, "renseigner-entretien"), {"interview": interview.pk, "held": "yes"}
    )
    assert response.status_code == 302
    assert status_of(case) == Status.REQUESTER_INTERVIEWED
    assert client.get(action_url(case, "clore")).status_code == 404
    response = client.post(
        action_url(case, "clore"),
        {"reason": codes.ClosureReason.REQUESTER_WITHDREW, "closed_on": TODAY().isoformat()},
    )
    assert response.status_code == 404
    assert status_of(case) == Status.REQUESTER_INTERVIEWED


def test_a_mediator_not_assigned_gets_404_on_the_page_and_on_every_step(login, case, member):
    client = login(member("mediator"))
    assert client.get(detail_url(case)).status_code == 404
    for slug in STEPS:
        assert client.get(action_url(case, slug)).status_code == 404, slug
        assert client.post(action_url(case, slug), {}).status_code == 404, slug
    assert status_of(case) == Status.NEW


def test_reception_sees_the_case_page_but_never_the_notes_nor_any_step(
    login, case, coordinator, member
):
    actions.add_private_note(case=case, by=coordinator, text="Il crie la nuit, dit-elle.")
    client = login(member("reception"))
    response = client.get(detail_url(case))
    assert response.status_code == 200
    text = page_text(response)
    assert case.reference in text
    assert "Il crie la nuit" not in text
    assert "Notes privées" not in text
    assert 'id="notes"' not in text
    assert "Consultation seule" in text
    assert "/action/" not in text
    for slug in STEPS:
        assert client.get(action_url(case, slug)).status_code == 404, slug
    assert client.post(action_url(case, "note"), {"text": "x"}).status_code == 404
    assert PrivateNote.objects.count() == 1


def test_the_case_team_sees_and_adds_private_notes_with_the_cnil_reminder(
    login, case, coordinator, member
):
    mediator = member("mediator")
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    client = login(mediator)
    text = page_text(client.get(detail_url(case)))
    assert (
        "Notez des faits utiles à la médiation, objectifs et non excessifs ; la personne peut "
        "demander à lire ce qui la concerne." in text
    )
    response = client.post(
        action_url(case, "note"),
        {"text": "Souhaite un rendez-vous en soirée.", "source_party": case.requester().pk},
    )
    assert response.status_code == 302
    assert response.url.endswith("#notes")
    text = page_text(client.get(detail_url(case)))
    assert "Souhaite un rendez-vous en soirée." in text
    assert "Note privée ajoutée" in text


def test_another_services_coordinator_gets_404(login, case, member, other_service):
    client = login(member("coordinator", organisation=other_service))
    assert client.get(detail_url(case)).status_code == 404
    assert client.get(action_url(case, "qualifier")).status_code == 404
    assert client.post(action_url(case, "qualifier"), {}).status_code == 404
    assert status_of(case) == Status.NEW


def test_an_unknown_step_is_a_404(login, case, coordinator):
    client = login(coordinator)
    assert client.get(action_url(case, "effacer")).status_code == 404
    assert client.post(action_url(case, "effacer"), {}).status_code == 404


def test_closing_without_a_commune_is_refused_with_the_missing_fields(login, service, coordinator):
    case = CaseFactory(organisation=service, by=coordinator, commune=None)
    client = login(coordinator)
    text = page_text(client.get(action_url(case, "clore")))
    assert "Pour clore, il manque encore" in text and "la commune" in text
    assert "Hors champ / non recevable" in text
    assert "Accord total" not in text  # only the reasons allowed at this state
    response = client.post(
        action_url(case, "clore"),
        {"reason": codes.ClosureReason.OUT_OF_SCOPE, "closed_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "Pour clore, complétez d'abord : la commune." in page_text(response)
    assert status_of(case) == Status.NEW


def test_a_mediator_who_declared_knowing_a_party_cannot_be_assigned(
    login, case, coordinator, member
):
    mediator = member("mediator")
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    response = login(mediator).post(
        action_url(case, "declarer-connaissance"), {"party": case.other_parties()[0].pk}
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:list")  # withdrawn from the case, it is no longer theirs
    assert not CaseAssignment.objects.filter(case=case, ended_at__isnull=True).exists()
    client = login(coordinator)
    response = client.post(
        action_url(case, "assigner"),
        {"mediators": [mediator.pk], "assigned_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "a déclaré connaître une partie de ce dossier et ne peut pas y être assigné·e." in (
        page_text(response)
    )
    assert not CaseAssignment.objects.filter(case=case, ended_at__isnull=True).exists()


def test_a_consent_is_withdrawn_from_the_party_card(login, case, coordinator):
    consent = actions.record_consent(
        case=case,
        by=coordinator,
        party=case.requester(),
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=TODAY(),
        method=codes.ConsentMethod.PHONE,
    )
    client = login(coordinator)
    text = page_text(client.get(detail_url(case)))
    assert action_url(case, "retirer-consentement") in text
    assert f'value="{consent.pk}"' in text
    response = client.post(action_url(case, "retirer-consentement"), {"consent": consent.pk})
    assert response.status_code == 302
    assert ConsentRecord.objects.get(pk=consent.pk).withdrawn_at is not None
    assert "retiré le" in page_text(client.get(detail_url(case)))


def test_letters_are_linked_once_the_process_has_reached_them(login, case, coordinator, member):
    requester, other = case.requester(), case.other_parties()[0]
    client = login(coordinator)
    invitation = reverse("cases:invitation_letter", args=[case.pk, other.pk])
    attestation = reverse("cases:attestation", args=[case.pk, requester.pk])
    text = page_text(client.get(detail_url(case)))
    assert invitation not in text and attestation not in text
    bring_to_requester_interviewed(case, coordinator, [member("mediator"), member("mediator")])
    text = page_text(client.get(detail_url(case)))
    assert attestation in text and invitation not in text
    actions.record_consent(
        case=case,
        by=coordinator,
        party=requester,
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=TODAY(),
        method=codes.ConsentMethod.PHONE,
    )
    actions.start_contacting_other_party(case=case, by=coordinator)
    text = page_text(client.get(detail_url(case)))
    assert invitation in text and attestation in text
    assert reverse("cases:invitation_letter", args=[case.pk, requester.pk]) not in text


def test_the_page_suggests_closing_as_unreachable_when_the_contact_policy_is_exhausted(
    login, case, coordinator, member
):
    bring_to_requester_interviewed(case, coordinator, [member("mediator"), member("mediator")])
    actions.record_consent(
        case=case,
        by=coordinator,
        party=case.requester(),
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=TODAY(),
        method=codes.ConsentMethod.PHONE,
    )
    actions.start_contacting_other_party(case=case, by=coordinator)
    other = case.other_parties()[0]
    for days_ago in (40, 30, 20):
        actions.record_contact_attempt(
            case=case,
            by=coordinator,
            party=other,
            channel=codes.ContactAttemptChannel.LETTER,
            attempted_on=TODAY() - dt.timedelta(days=days_ago),
            result=codes.ContactAttemptResult.NO_ANSWER,
        )
    text = page_text(login(coordinator).get(detail_url(case)))
    assert "« Autre partie injoignable »" in text


def test_every_step_form_renders_for_a_coordinator(login, case, coordinator):
    client = login(coordinator)
    for slug in STEPS:
        response = client.get(action_url(case, slug))
        assert response.status_code == 200, slug
        text = page_text(response)
        assert '<form method="post"' in text
        assert "<h1" in text


def test_a_linked_case_opens_from_a_closed_case_and_shows_the_link(login, case, coordinator):
    actions.close(
        case=case, by=coordinator, reason=codes.ClosureReason.REQUESTER_WITHDREW, closed_on=TODAY()
    )
    client = login(coordinator)
    response = client.post(
        action_url(case, "dossier-lie"),
        {"opened_on": TODAY().isoformat(), "channel": codes.Channel.PHONE},
    )
    assert response.status_code == 302
    new = Case.objects.get(previous_case=case)
    assert response.url == detail_url(new)
    assert case.reference in page_text(client.get(detail_url(new)))
    assert new.reference in page_text(client.get(detail_url(case)))


def bring_to_other_party_interviewed(case, by, mediators):
    bring_to_requester_interviewed(case, by, mediators)
    actions.record_consent(
        case=case,
        by=by,
        party=case.requester(),
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=TODAY(),
        method=codes.ConsentMethod.PHONE,
    )
    actions.start_contacting_other_party(case=case, by=by)
    interview = actions.schedule_interview(
        case=case,
        by=by,
        party=case.other_parties()[0],
        scheduled_at=timezone.now(),
        channel=codes.InterviewChannel.PHONE,
    )
    actions.record_interview(interview=interview, by=by, held=True)


def test_a_shuttle_mediation_is_recorded_through_the_page(login, case, coordinator, member):
    bring_to_other_party_interviewed(case, coordinator, [member("mediator"), member("mediator")])
    client = login(coordinator)
    text = page_text(client.get(detail_url(case)))
    assert "Une rencontre de médiation demande l'accord enregistré des deux parties" in text
    assert action_url(case, "navette") in text
    for party in (case.requester(), case.other_parties()[0]):
        actions.record_consent(
            case=case,
            by=coordinator,
            party=party,
            kind=codes.ConsentKind.SHUTTLE,
            given_on=TODAY(),
            method=codes.ConsentMethod.PHONE,
        )
    do(client, case, "navette", {}, Status.SHUTTLE)
    assert action_url(case, "accord") not in page_text(client.get(detail_url(case)))
    do(
        client,
        case,
        "echange-navette",
        {"held_at": when(0, 10), "duration_minutes": "30"},
        Status.SHUTTLE,
    )
    do(
        client,
        case,
        "accord",
        {
            "reached_on": TODAY().isoformat(),
            "agreement_form": codes.AgreementForm.ORAL,
            "scope": codes.AgreementScope.PARTIAL,
        },
        Status.AGREEMENT_REACHED,
    )
    assert "Accord partiel du" in page_text(client.get(detail_url(case)))


def test_a_coordinator_suspends_and_resumes_a_case_in_one_click(login, case, coordinator):
    client = login(coordinator)
    do(
        client,
        case,
        "suspendre",
        {"reason": "Hospitalisation du demandeur", "on": TODAY().isoformat()},
        Status.SUSPENDED,
    )
    text = page_text(client.get(detail_url(case)))
    assert "Hospitalisation du demandeur" in text
    assert action_url(case, "reprendre") in text
    assert action_url(case, "suspendre") not in text
    do(client, case, "reprendre", {}, Status.QUALIFIED)


def test_editing_the_case_answers_field_by_field_and_keeps_the_input(
    login, case, coordinator, service
):
    other_commune = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    quartier = QuartierFactory(commune=other_commune, name="Bourg", is_qpv=True)
    client = login(coordinator)
    data = {
        "referral_source": codes.ReferralSource.SOCIAL_LANDLORD,
        "referrer_name": "Agence Nord",
        "channel": codes.Channel.PHONE,
        "commune": case.commune.pk,
        "quartier": quartier.pk,
        "housing": codes.Housing.SOCIAL_RENTAL,
        "building_type": codes.BuildingType.APARTMENT_BLOCK,
        "landlord_name": "",
        "primary_conflict": codes.ConflictCategory.NOISE,
        "subcategory": "HEDGE_HEIGHT",
    }
    response = client.post(action_url(case, "modifier"), data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Ce quartier n'appartient pas à la commune choisie." in text
    assert "Cette précision ne correspond pas au motif choisi." in text
    assert 'value="Agence Nord"' in text
    assert Case.objects.get(pk=case.pk).referral_source == codes.ReferralSource.SELF
    data.update(commune=other_commune.pk, subcategory="MUSIC_TV")
    assert client.post(action_url(case, "modifier"), data).status_code == 302
    case.refresh_from_db()
    assert case.quartier == quartier and case.is_qpv
    assert "Quartier prioritaire (QPV)" in page_text(client.get(detail_url(case)))


def test_a_person_is_added_to_the_case_in_an_existing_household(login, case, coordinator):
    client = login(coordinator)
    household = case.requester().household
    response = client.post(
        action_url(case, "ajouter-personne"),
        {
            "role": codes.PartyRole.OTHER_PARTICIPANT,
            "last_name": "Le Gall",
            "first_name": "Maël",
            "household": household.pk,
        },
    )
    assert response.status_code == 302
    added = case.parties.get(first_name="Maël")
    assert added.household == household
    assert "Maël Le Gall" in page_text(client.get(detail_url(case)))


def test_a_foreign_party_or_interview_is_not_a_valid_choice(
    login, case, coordinator, member, other_service
):
    foreign = CaseFactory(organisation=other_service)
    client = login(coordinator)
    response = client.post(
        action_url(case, "consentement"),
        {
            "party": foreign.requester().pk,
            "kind": codes.ConsentKind.CONTACT_OTHER_PARTY,
            "given_on": TODAY().isoformat(),
            "method": codes.ConsentMethod.PHONE,
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert not ConsentRecord.objects.exists()
    outsider = member("mediator", organisation=other_service)
    response = client.post(
        action_url(case, "assigner"),
        {"mediators": [outsider.pk], "assigned_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert not CaseAssignment.objects.exists()


def test_choices_of_a_step_form_are_grouped_under_a_legend(login, case, coordinator, member):
    bring_to_requester_interviewed(case, coordinator, [member("mediator"), member("mediator")])
    text = page_text(login(coordinator).get(action_url(case, "assigner")))
    assert "<legend" in text and 'for=""' not in text
    assert '<div id="id_mediators">' in text  # the box style sits on each box, not the list
