"""The copy of a person's data (RGPD art. 15), as JSON and as PDF, built from one rights request.

What goes in, for every case where the person is a party (docs/adr/0018): their identity and
contacts as the service holds them, the case's coded data (dates, commune, quartier, categories,
stage, closure reason), their consents, interviews, contact attempts, the letters and messages
prepared for them, their appointments at permanences, the agreement's coded commitments that
are theirs or shared, and the referral that brought them when they were its subject.

What never goes in (art. 15(4), loi 95-125 art. 21-3): the other parties' identity and data
(members of the person's own household included), anything a note says (the export lists only
the dates of the notes that report the person's own words; their text is reviewed by hand),
free text written by the team (closure detail, suspension reason, places), the mediators'
names. The builder reads notes' dates only, never their text.

The same dictionary is written as JSON here and laid out as PDF by ``subject_access_print``: the
two formats cannot disagree.
"""

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import codes
from palabre.cases.models import PrivateNote
from palabre.core.models import JournalEntry
from palabre.core.text import normalise
from palabre.permanences.models import Appointment
from palabre.privacy import subject_access_texts as texts
from palabre.privacy.rights_access import phone_pattern
from palabre.referrals.models import Referral

FORMAT = "palabre-acces/1"
LETTER_CHANNELS = {
    codes.ContactAttemptChannel.LETTER,
    codes.ContactAttemptChannel.SECOND_LETTER,
    codes.ContactAttemptChannel.REGISTERED_LETTER,
}


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _digits(phone: str) -> str:
    digits = "".join(char for char in phone or "" if char.isdigit())
    return digits[-9:] if len(digits) >= 9 else ""


# --- The person in one case ---------------------------------------------------------------------


def _identity(party) -> dict:
    household = party.household
    return {
        "prenom": party.first_name,
        "nom": party.last_name,
        "telephone": party.phone,
        "e_mail": party.email,
        "adresse": household.address if household else "",
        "commune_du_foyer": household.commune.name if household and household.commune else "",
        "personnes_au_foyer": household.size if household else None,
        "moyen_de_contact_prefere": _label(codes.ContactAttemptChannel, party.preferred_channel),
        "besoin_d_interprete": party.needs_interpreter,
    }


def _case_data(case) -> dict:
    return {
        "ouvert_le": case.opened_on,
        "etat": case.get_status_display(),
        "etape_atteinte": case.get_stage_reached_display(),
        "clos_le": case.closed_on,
        "motif_de_cloture": case.get_closure_reason_display() if case.closure_reason else "",
        "commune": case.commune.name if case.commune else "",
        "quartier": case.quartier.name if case.quartier else "",
        "quartier_prioritaire": case.is_qpv,
        "motifs_du_conflit": [
            conflict.get_category_display()
            + (f" ({conflict.get_subcategory_display()})" if conflict.subcategory else "")
            for conflict in case.conflicts.all()
        ],
        "origine_de_la_saisine": case.get_referral_source_display(),
        "canal_du_premier_contact": case.get_first_contact_channel_display(),
        "logement": case.get_housing_display(),
        "type_de_bati": case.get_building_type_display(),
        "resultat_du_suivi": case.get_follow_up_result_display() if case.follow_up_result else "",
    }


def _consents(party) -> list[dict]:
    return [
        {
            "objet": consent.get_kind_display(),
            "recueilli_le": consent.given_on,
            "recueilli": consent.get_method_display(),
            "retire_le": timezone.localdate(consent.withdrawn_at) if consent.withdrawn_at else None,
        }
        for consent in party.consents.order_by("given_on", "created_at")
    ]


def _interviews(party) -> list[dict]:
    return [
        {
            "le": timezone.localtime(interview.scheduled_at),
            "modalite": interview.get_channel_display(),
            "etat": interview.get_status_display(),
        }
        for interview in party.interviews.order_by("scheduled_at")
    ]


def _meetings(case) -> list[dict]:
    return [
        {
            "le": timezone.localtime(meeting.scheduled_at),
            "type": meeting.get_kind_display(),
            "etat": meeting.get_status_display(),
            "issue": meeting.get_result_display() if meeting.result else "",
        }
        for meeting in case.meetings.order_by("scheduled_at")
    ]


def _contact_attempts(party) -> list[dict]:
    return [
        {
            "le": attempt.attempted_on,
            "moyen": attempt.get_channel_display(),
            "resultat": attempt.get_result_display(),
        }
        for attempt in party.contact_attempts.order_by("attempted_on", "created_at")
    ]


def _letters(party, case) -> list[dict]:
    """The letters generated for the person. The Journal names the letter and, for an
    attestation, the recipient's role: a letter is counted as the person's when it names them,
    or when they are the only party the letter could be for."""
    same_role = [p for p in case.parties.all() if p.role == party.role]
    entries = JournalEntry.objects.filter(
        organisation_id=case.organisation_id,
        subject_kind=case._meta.label_lower,
        subject_id=case.pk,
        verb="letter_generated",
    ).order_by("occurred_at")
    letters = []
    for entry in entries:
        data = entry.data or {}
        if data.get("party"):
            mine = data["party"] == str(party.pk)
        elif data.get("letter") == "invitation":
            mine = party.role == codes.PartyRole.OTHER_PARTY and len(same_role) == 1
        else:
            mine = data.get("party_role") == party.role and len(same_role) == 1
        if mine:
            letters.append({"le": timezone.localdate(entry.occurred_at), "courrier": entry.summary})
    for attempt in party.contact_attempts.filter(channel__in=LETTER_CHANNELS):
        letters.append({"le": attempt.attempted_on, "courrier": attempt.get_channel_display()})
    return sorted(letters, key=lambda letter: letter["le"])


def _invitations(party) -> list[dict]:
    """The links to book sent to the person and what they answered through them (adr/0026)."""
    return [
        {
            "le": timezone.localdate(invitation.created_at),
            "par": invitation.get_delivery_display(),
            "reponse": invitation.get_answer_display(),
            "repondu_le": invitation.answered_at and timezone.localtime(invitation.answered_at),
            "numero_a_rappeler": invitation.callback_phone,
            "jours": invitation.days_of_callback(),
            "moments": invitation.bands_of_callback(),
        }
        for invitation in party.invitations.order_by("created_at")
    ]


def _agreement(party, case) -> dict | None:
    agreement = getattr(case, "agreement", None)
    if agreement is None:
        return None
    commitments = list(agreement.commitments.all())
    mine = [c.get_category_display() for c in commitments if c.party_id == party.pk]
    shared = [c.get_category_display() for c in commitments if c.party_id is None]
    return {
        "conclu_le": agreement.reached_on,
        "forme": agreement.get_form_display(),
        "portee": agreement.get_scope_display(),
        "vos_engagements": mine,
        "engagements_communs": shared,
    }


def _follow_ups(case) -> list[dict]:
    return [
        {
            "prevu_le": follow_up.due_on,
            "fait_le": follow_up.done_on,
            "resultat": follow_up.get_result_display() if follow_up.result else "",
        }
        for follow_up in case.follow_ups.order_by("due_on")
    ]


def _referral(party, case) -> dict | None:
    """The referral that opened the case, when the person was the one referred."""
    if party.role != codes.PartyRole.REQUESTER:
        return None
    referral = Referral.objects.filter(case=case).select_related("partner", "commune").first()
    if referral is None:
        return None
    return {
        "recue_le": timezone.localtime(referral.received_at),
        "arrivee_par": referral.get_origin_display(),
        "partenaire": referral.partner.name if referral.partner else "",
        "identite_transmise": {
            "prenom": referral.requester_first_name,
            "nom": referral.requester_last_name,
            "telephone": referral.requester_phone,
            "e_mail": referral.requester_email,
            "adresse": referral.requester_address,
            "commune": referral.commune.name if referral.commune else "",
        },
        "quand_vous_joindre": referral.availability,
        "accord_pour_etre_contacte": referral.agreed_to_be_contacted,
        "accord_pour_informer_le_prescripteur": referral.agreed_to_share_status,
    }


def _is_the_person(appointment, party) -> bool:
    if party.email and appointment.email and party.email.lower() == appointment.email.lower():
        return True
    if _digits(party.phone) and _digits(party.phone) == _digits(appointment.phone):
        return True
    booked = normalise(f"{appointment.first_name} {appointment.last_name}")
    return bool(booked) and booked == normalise(f"{party.first_name} {party.last_name}")


def _appointment(appointment) -> dict:
    occurrence = appointment.occurrence
    return {
        "le": timezone.localtime(appointment.starts_at or occurrence.starts_at),
        "lieu": occurrence.permanence.venue.name,
        "etat": appointment.get_state_display(),
        "pris": appointment.get_channel_display(),
        "identite_donnee": {
            "prenom": appointment.first_name,
            "nom": appointment.last_name,
            "telephone": appointment.phone,
            "e_mail": appointment.email,
        },
        "messages_envoyes": [
            {
                "le": timezone.localtime(notice.sent_at),
                "message": notice.get_kind_display(),
                "par": notice.get_channel_display(),
            }
            for notice in appointment.notices.filter(sent_at__isnull=False).order_by("sent_at")
        ],
    }


def _appointments_query(organisation_id):
    return Appointment.objects.filter(organisation_id=organisation_id).select_related(
        "occurrence__permanence__venue"
    )


def _case_appointments(party, case) -> list[dict]:
    booked = _appointments_query(case.organisation_id).filter(case=case)
    return [_appointment(a) for a in booked if _is_the_person(a, party)]


def _note_dates(party, case) -> list[dt.date]:
    """The days of the notes that report the person's own words. Dates only: the text of a
    note is never read here."""
    created = PrivateNote.objects.filter(case=case, source_party=party).values_list(
        "created_at", flat=True
    )
    return sorted(timezone.localdate(moment) for moment in created)


def _source(party, case) -> str:
    if party.role == codes.PartyRole.REQUESTER:
        if case.referrer_name:
            return _("Vous-même, orienté·e par %(referrer)s") % {"referrer": case.referrer_name}
        return _("Vous-même")
    return _("La personne qui a sollicité la médiation")


def _recipients(party, case) -> list[str]:
    recipients = [
        _("L'équipe de médiation du service (coordination et médiateur·rices du dossier)")
    ]
    shares = party.consents.active().filter(kind=codes.ConsentKind.SHARE_STATUS_WITH_REFERRER)
    if case.referrer_id and shares.exists():
        recipients.append(
            _(
                "%(partner)s, qui vous a orienté·e : l'état d'avancement seulement, jamais le "
                "contenu"
            )
            % {"partner": case.referrer.name}
        )
    return recipients


def _party_section(party) -> dict:
    case = party.case
    return {
        "dossier": case.reference,
        "votre_role": party.get_role_display(),
        "identite": _identity(party),
        "donnees_du_dossier": _case_data(case),
        "consentements": _consents(party),
        "entretiens": _interviews(party),
        "rencontres": _meetings(case),
        "prises_de_contact": _contact_attempts(party),
        "courriers": _letters(party, case),
        "invitations_a_prendre_rendez_vous": _invitations(party),
        "accord": _agreement(party, case),
        "suivis": _follow_ups(case),
        "rendez_vous_en_permanence": _case_appointments(party, case),
        "orientation": _referral(party, case),
        "notes_rapportant_vos_propos": _note_dates(party, case),
        "source_des_donnees": _source(party, case),
        "destinataires": _recipients(party, case),
    }


def appointments_without_a_case(parties, organisation_id) -> list:
    """Appointments booked with the person's e-mail or phone and tied to no case (a name alone
    could be someone else's)."""
    contact = Q(pk__in=[])
    for party in parties:
        if party.email:
            contact |= Q(email__iexact=party.email)
        pattern = phone_pattern(party.phone)
        if pattern:
            contact |= Q(phone__regex=pattern)
    candidates = _appointments_query(organisation_id).filter(contact, case__isnull=True)
    return [a for a in candidates if any(_contact_matches(a, party) for party in parties)]


def _bookings_without_a_case(parties, organisation_id) -> list[dict]:
    found = [_appointment(a) for a in appointments_without_a_case(parties, organisation_id)]
    return sorted(found, key=lambda booking: booking["le"])


def _contact_matches(appointment, party) -> bool:
    same_email = bool(party.email) and party.email.lower() == (appointment.email or "").lower()
    same_phone = bool(_digits(party.phone)) and _digits(party.phone) == _digits(appointment.phone)
    return same_email or same_phone


# --- The whole document -------------------------------------------------------------------------


def build(rights_request, *, on: dt.date | None = None) -> dict:
    """The person's data, from the party records of ``rights_request``: one section per case."""
    parties = list(
        rights_request.parties.select_related(
            "case__commune", "case__quartier", "case__referrer", "case__agreement", "household"
        )
        .prefetch_related("case__conflicts", "case__parties")
        .order_by("case__opened_on", "case__reference")
    )
    return {
        "format": FORMAT,
        "etabli_le": on or timezone.localdate(),
        "responsable_du_traitement": texts.controller(rights_request.organisation),
        "demande": {
            "droit_exerce": rights_request.get_kind_display(),
            "recue_le": rights_request.received_on,
            "reponse_au_plus_tard_le": rights_request.deadline,
        },
        "dossiers": [_party_section(party) for party in parties],
        "rendez_vous_hors_dossier": _bookings_without_a_case(
            parties, rights_request.organisation_id
        ),
        "non_communique": [str(line) for line in texts.WITHHELD],
        "informations": texts.information(),
    }


def as_json(export: dict) -> bytes:
    return json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def filename(rights_request, extension: str) -> str:
    return f"donnees-personnelles-{rights_request.received_on:%Y-%m-%d}.{extension}"
