"""The case page and the steps taken from it.

``case_detail`` shows the whole process of one case; ``case_action`` serves every step through a
small registry: slug (French, in the URL) → form, permission predicate, the call to the action.
The page offers only the steps that suit the case's state and the member's rights; the actions
still decide, and a refused step comes back as a French error on the form, nothing saved.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    OuterRef,
    Prefetch,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from palabre.cases import access, actions, codes
from palabre.cases import letters as case_letters
from palabre.cases.codes import Status
from palabre.cases.forms import process as forms
from palabre.cases.models import (
    Case,
    CaseAssignment,
    CaseConflict,
    Commitment,
    ConsentRecord,
    Party,
)
from palabre.core import journal, panels, reads
from palabre.core.actions import act_on
from palabre.core.together import prefetch_together
from palabre.organisations.models import Role

# --- When a step is offered on the page (the actions still decide) ---------------------------

INTERVIEW_STATUSES = {
    Status.QUALIFIED,
    Status.REQUESTER_INTERVIEW_SCHEDULED,
    Status.REQUESTER_INTERVIEWED,
    Status.CONTACTING_OTHER_PARTY,
    Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
    Status.OTHER_PARTY_INTERVIEWED,
}
# Statuses from which the other party has been (or is being) written to.
INVITATION_STATUSES = {
    Status.CONTACTING_OTHER_PARTY,
    Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
    Status.OTHER_PARTY_INTERVIEWED,
    Status.JOINT_MEETING_SCHEDULED,
    Status.JOINT_MEETING_HELD,
    Status.SHUTTLE,
    Status.AGREEMENT_REACHED,
    Status.FOLLOW_UP_DUE,
}
# Statuses past « Recevable, à planifier »: a mediation attempt has begun.
ATTESTATION_STATUSES = INVITATION_STATUSES | {
    Status.REQUESTER_INTERVIEW_SCHEDULED,
    Status.REQUESTER_INTERVIEWED,
}


def in_status(*statuses):
    return lambda case: case.status in statuses


def is_open(case):
    return not case.is_closed


def has_scheduled(related):
    def offered(case):
        return is_open(case) and any(
            item.status == codes.AppointmentStatus.SCHEDULED
            and getattr(item, "kind", codes.MeetingKind.JOINT) == codes.MeetingKind.JOINT
            for item in getattr(case, related).all()
        )

    return offered


def agreement_offered(case):
    if case.status == Status.JOINT_MEETING_HELD:
        return True
    return case.status == Status.SHUTTLE and any(
        m.kind == codes.MeetingKind.SHUTTLE for m in case.meetings.all()
    )


def follow_up_pending(case):
    return case.status == Status.FOLLOW_UP_DUE and any(
        f.done_on is None for f in case.follow_ups.all()
    )


# --- The registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: str
    form: type[forms.CaseForm]
    allowed: Callable
    run: Callable
    done: str
    offered: Callable = is_open
    group: str = "process"  # "process", "manage", or "" when only offered inline
    roles: frozenset | None = None  # further limits ``allowed`` to these roles
    one_click: bool = False
    intro: str = ""
    anchor: str = ""
    per_party: bool = False  # done for one party, named by ``?partie=`` (the requester if not)

    def permits(self, membership, case, check=None) -> bool:
        """``check`` may memoise the predicates when a page asks for many steps at once."""
        if self.roles is not None and membership.role not in self.roles:
            return False
        return (check or (lambda predicate: predicate(membership, case)))(self.allowed)


# Most forms name their fields as the action names its arguments: the view calls
# ``run(case=case, by=membership, **form.cleaned_data)``. These adapt the few that differ.


def _withdraw_consent(*, case, by, consent):
    return actions.withdraw_consent(consent=consent, by=by)


def _record_interview(*, case, by, interview, **recorded):
    return actions.record_interview(interview=interview, by=by, **recorded)


def _record_joint_meeting(*, case, by, meeting, **recorded):
    return actions.record_joint_meeting(meeting=meeting, by=by, **recorded)


def _record_agreement(*, case, by, agreement_form, commitments, **agreement):
    return actions.record_agreement(
        case=case,
        by=by,
        form=agreement_form,
        commitments=[(category, None) for category in commitments],
        **agreement,
    )


STEPS: dict[str, Step] = {
    "qualifier": Step(
        title=_("Déclarer la saisine recevable"),
        form=forms.ConfirmForm,
        allowed=access.can_manage_case,
        run=actions.qualify,
        done=_("La saisine est déclarée recevable."),
        offered=in_status(Status.NEW),
        one_click=True,
        intro=_("Le pré-accueil est fait : la situation relève de la médiation de voisinage."),
    ),
    "modifier": Step(
        title=_("Modifier les informations du dossier"),
        form=forms.CaseDetailsForm,
        allowed=access.can_manage_case,
        run=actions.update_case_details,
        done=_("Les informations du dossier sont mises à jour."),
        group="manage",
    ),
    "ajouter-personne": Step(
        title=_("Ajouter une personne"),
        form=forms.AddPartyForm,
        allowed=access.can_work_on_case,
        run=actions.add_party,
        done=_("La personne est ajoutée au dossier."),
        group="manage",
        intro=_("Le minimum utile pour joindre la personne : nom, un moyen de contact."),
    ),
    "coordonnees": Step(
        title=_("Modifier les coordonnées"),
        form=forms.PartyDetailsForm,
        allowed=access.can_work_on_case,
        run=actions.update_party,
        done=_("Les coordonnées de la personne sont mises à jour."),
        offered=lambda case: case.anonymised_at is None,
        group="",  # a link on each party card
        per_party=True,
        intro=_(
            "Corriger l'identité ou les coordonnées de la personne, à sa demande ou quand elles "
            "ont changé. L'historique du dossier nomme les champs modifiés, jamais leur contenu."
        ),
    ),
    "assigner": Step(
        title=_("Assigner le binôme de médiation"),
        form=forms.AssignForm,
        allowed=access.can_manage_case,
        run=actions.assign_mediators,
        done=_("Le binôme de médiation est enregistré."),
        group="manage",
    ),
    "declarer-connaissance": Step(
        title=_("Je connais une des personnes"),
        form=forms.DeclareAcquaintanceForm,
        allowed=access.can_work_on_case,
        # Only people who could be assigned declare knowing a party (impartiality).
        roles=frozenset({Role.MEDIATOR, Role.COORDINATOR}),
        run=actions.declare_acquaintance,
        done=_("Votre déclaration est enregistrée."),
        group="manage",
        intro=_("Un·e médiateur·rice qui connaît une partie ne peut pas mener la médiation."),
    ),
    "consentement": Step(
        title=_("Enregistrer un consentement"),
        form=forms.ConsentForm,
        allowed=access.can_work_on_case,
        run=actions.record_consent,
        done=_("Le consentement est enregistré."),
        intro=_(
            "Chaque étape se fait avec l'accord libre de la personne, qu'elle peut retirer à "
            "tout moment."
        ),
    ),
    "retirer-consentement": Step(
        title=_("Retirer un consentement"),
        form=forms.WithdrawConsentForm,
        allowed=access.can_work_on_case,
        run=_withdraw_consent,
        done=_("Le consentement est retiré."),
        group="",  # a button beside each consent on the page
        offered=lambda case: True,
        intro=_("La personne retire son accord : les étapes qu'il permettait s'arrêtent là."),
    ),
    "planifier-entretien": Step(
        title=_("Planifier un entretien individuel"),
        form=forms.ScheduleInterviewForm,
        allowed=access.can_work_on_case,
        run=actions.schedule_interview,
        done=_("L'entretien est planifié."),
        offered=in_status(*INTERVIEW_STATUSES),
    ),
    "renseigner-entretien": Step(
        title=_("Renseigner un entretien"),
        form=forms.RecordInterviewForm,
        allowed=access.can_work_on_case,
        run=_record_interview,
        done=_("L'entretien est renseigné."),
        offered=has_scheduled("interviews"),
    ),
    "contacter-autre-partie": Step(
        title=_("Engager la prise de contact avec l'autre partie"),
        form=forms.ConfirmForm,
        allowed=access.can_work_on_case,
        run=actions.start_contacting_other_party,
        done=_("La prise de contact avec l'autre partie est engagée."),
        offered=in_status(Status.REQUESTER_INTERVIEWED),
        one_click=True,
        intro=_(
            "Le demandeur a accepté que l'autre partie soit contactée (consentement enregistré) "
            ": un courrier neutre l'invite à un entretien."
        ),
    ),
    "tentative-contact": Step(
        title=_("Enregistrer une tentative de contact"),
        form=forms.ContactAttemptForm,
        allowed=access.can_work_on_case,
        run=actions.record_contact_attempt,
        done=_("La tentative de contact est enregistrée."),
        offered=in_status(Status.CONTACTING_OTHER_PARTY, Status.OTHER_PARTY_INTERVIEW_SCHEDULED),
    ),
    "retour-demandeur": Step(
        title=_("L'autre partie refuse : revenir vers le demandeur"),
        form=forms.ConfirmForm,
        allowed=access.can_work_on_case,
        run=actions.return_to_requester,
        done=_("Le dossier revient vers le demandeur."),
        offered=in_status(Status.CONTACTING_OTHER_PARTY),
        one_click=True,
        intro=_("L'autre partie refuse : réfléchir avec le demandeur à d'autres leviers."),
    ),
    "planifier-rencontre": Step(
        title=_("Planifier la rencontre de médiation"),
        form=forms.ScheduleMeetingForm,
        allowed=access.can_work_on_case,
        run=actions.schedule_joint_meeting,
        done=_("La rencontre de médiation est planifiée."),
        offered=in_status(
            Status.OTHER_PARTY_INTERVIEWED, Status.JOINT_MEETING_HELD, Status.FOLLOW_UP_DUE
        ),
        intro=_(
            "Les deux parties doivent avoir accepté la rencontre ; elle se tient avec deux "
            "médiateur·rices."
        ),
    ),
    "renseigner-rencontre": Step(
        title=_("Renseigner la rencontre de médiation"),
        form=forms.RecordMeetingForm,
        allowed=access.can_work_on_case,
        run=_record_joint_meeting,
        done=_("La rencontre est renseignée."),
        offered=in_status(Status.JOINT_MEETING_SCHEDULED),
    ),
    "navette": Step(
        title=_("Passer en médiation navette"),
        form=forms.ConfirmForm,
        allowed=access.can_work_on_case,
        run=actions.start_shuttle,
        done=_("La médiation navette est engagée."),
        offered=in_status(Status.OTHER_PARTY_INTERVIEWED),
        one_click=True,
        intro=_(
            "Une partie ne souhaite pas de rencontre, mais les deux acceptent que les "
            "médiateur·rices portent les messages."
        ),
    ),
    "echange-navette": Step(
        title=_("Enregistrer un échange navette"),
        form=forms.ShuttleExchangeForm,
        allowed=access.can_work_on_case,
        run=actions.record_shuttle_exchange,
        done=_("L'échange navette est enregistré."),
        offered=in_status(Status.SHUTTLE),
    ),
    "accord": Step(
        title=_("Enregistrer l'accord"),
        form=forms.AgreementRecordForm,
        allowed=access.can_work_on_case,
        run=_record_agreement,
        done=_("L'accord est enregistré."),
        offered=agreement_offered,
        intro=_(
            "Seules les catégories d'engagement sont enregistrées ici ; les mots des parties "
            "restent dans l'accord qu'elles ont signé."
        ),
    ),
    "planifier-suivi": Step(
        title=_("Programmer le suivi"),
        form=forms.ScheduleFollowUpForm,
        allowed=access.can_work_on_case,
        run=actions.schedule_follow_up,
        done=_("Le suivi est programmé."),
        offered=in_status(Status.AGREEMENT_REACHED),
    ),
    "renseigner-suivi": Step(
        title=_("Renseigner le suivi"),
        form=forms.RecordFollowUpForm,
        allowed=access.can_work_on_case,
        run=actions.record_follow_up,
        done=_("Le suivi est renseigné."),
        offered=follow_up_pending,
    ),
    "suspendre": Step(
        title=_("Suspendre le dossier"),
        form=forms.SuspendForm,
        allowed=access.can_manage_case,
        run=actions.suspend,
        done=_("Le dossier est suspendu."),
        offered=in_status(*actions.SUSPENDABLE),
        group="manage",
    ),
    "reprendre": Step(
        title=_("Reprendre le dossier"),
        form=forms.ResumeForm,
        allowed=access.can_manage_case,
        run=actions.resume,
        done=_("Le dossier est repris."),
        offered=in_status(Status.SUSPENDED),
        one_click=True,
    ),
    "clore": Step(
        title=_("Clore le dossier"),
        form=forms.CloseForm,
        allowed=access.can_manage_case,
        run=actions.close,
        done=_("Le dossier est clos."),
        group="manage",
        intro=_(
            "Le motif de clôture est la donnée la plus utile aux bilans : seuls les motifs "
            "possibles à l'état actuel du dossier sont proposés."
        ),
    ),
    "dossier-lie": Step(
        title=_("Ouvrir un dossier lié"),
        form=forms.LinkedCaseForm,
        allowed=access.can_manage_case,
        run=actions.open_linked_case,
        done=_("Le nouveau dossier, lié à celui-ci, est ouvert."),
        offered=in_status(Status.CLOSED),
        group="manage",
        intro=_(
            "Le conflit revient : un nouveau dossier, lié à celui-ci, laisse intacts les chiffres "
            "de l'année où le premier a été traité."
        ),
    ),
    "note": Step(
        title=_("Ajouter une note privée"),
        form=forms.NoteForm,
        allowed=access.can_see_notes,
        run=actions.add_private_note,
        done=_("La note privée est ajoutée."),
        group="",  # the form sits in the notes section of the page
        offered=lambda case: True,
        anchor="#notes",
    ),
}

# --- The case page -----------------------------------------------------------------------------


SEPARATOR = "\x1f"  # between the fields of a summary (never typed in a code or reference)
ROW_SEPARATOR = "\x1e"


def _summary(related, link, *fields):
    """One text column summing up a few rows of a related table: saves a query per table.

    The rows come in no order (SQLite before 3.44 cannot order an aggregate): sort them.
    """
    parts = []
    for field in fields:
        if parts:
            parts.append(Value(SEPARATOR))
        parts.append(Cast(field, CharField()) if isinstance(field, str) else field)
    rows = (
        related.objects.filter(**{link: OuterRef("pk")})
        .values(link)
        .annotate(text=StringAgg(Concat(*parts), Value(ROW_SEPARATOR)))
        .values("text")
    )
    return Subquery(rows, output_field=CharField())


def _rows(text):
    return [row.split(SEPARATOR) for row in text.split(ROW_SEPARATOR)] if text else []


def _case_page_queryset(membership):
    """The case with everything its page shows, in a number of queries that never grows."""
    return (
        access.cases_for(membership)
        .select_related(
            "organisation",
            "commune",
            "quartier",
            "residence",
            "previous_case",
            "coordinator__user",
            "agreement",
            "collective",
        )
        .annotate(
            conflict_rows=_summary(
                CaseConflict,
                "case",
                "category",
                "subcategory",
                DbCase(When(is_primary=True, then=Value("1")), default=Value("0")),
            ),
            commitment_rows=_summary(Commitment, "agreement__case", "category", "party_id"),
            later_rows=_summary(Case, "previous_case", "id", "reference", "status"),
        )
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("household")),
            Prefetch(
                "assignments",
                queryset=CaseAssignment.objects.select_related("membership__user"),
            ),
        )
    )


def _prefetch_events(case):
    """The case's events in one query (``core.together``), each interview and attempt given its
    party from the case's parties (the same objects the page shows)."""
    prefetch_together(
        case,
        {
            "interviews": None,
            "contact_attempts": None,
            "meetings": None,
            "follow_ups": None,
            "consents": ConsentRecord.objects.order_by("given_on"),
        },
    )
    parties = {party.pk: party for party in case.parties.all()}
    for event in [*case.interviews.all(), *case.contact_attempts.all()]:
        type(event).party.field.set_cached_value(event, parties.get(event.party_id))


def _conflict_labels(case):
    labels = []
    rows = sorted(_rows(case.conflict_rows), key=lambda row: (row[2] != "1", row[0], row[1]))
    for category, subcategory, primary in rows:
        label = codes.ConflictCategory(category).label
        if subcategory:
            label = f"{label} — {codes.ConflictSubcategory(subcategory).label}"
        if primary == "1":
            label = _("%(label)s (motif principal)") % {"label": label}
        labels.append(str(label))
    return labels


def _commitments(case):
    """The agreement's commitments, each with the party who took it (from the case's parties)."""
    parties = {str(party.pk).replace("-", ""): party for party in case.parties.all()}
    commitments = [
        {
            "label": codes.CommitmentCategory(category).label,
            "party": parties.get(party_id.replace("-", "")),
        }
        for category, party_id in _rows(case.commitment_rows)
    ]
    return sorted(commitments, key=lambda commitment: str(commitment["label"]))


def _later_cases(case):
    return [
        {"pk": uuid.UUID(pk), "reference": reference, "status": Status(status).label}
        for pk, reference, status in sorted(_rows(case.later_rows), key=lambda row: row[1])
    ]


def _intake_items(case):
    yes, no = _("Oui"), _("Non")
    return [
        (_("Date de la saisine"), case.opened_on),
        (_("Canal du premier contact"), case.get_first_contact_channel_display()),
        (_("Origine de la saisine"), case.get_referral_source_display()),
        (_("Prescripteur"), case.referrer_name),
        (_("Motifs du conflit"), " ; ".join(_conflict_labels(case))),
        (_("Commune"), case.commune),
        (_("Quartier"), case.quartier),
        (_("Quartier prioritaire (QPV)"), yes if case.is_qpv else no),
        (_("Logement"), case.get_housing_display()),
        (_("Type de bâti"), case.get_building_type_display()),
        (_("Bailleur"), case.landlord_name),
        (_("Résidence"), case.residence),
        (_("Coordination"), case.coordinator.user if case.coordinator else None),
        (_("Reprise d'un conflit déjà traité"), yes if case.is_relapse else no),
    ]


def _closure_items(case, can_see_notes):
    items = []
    if case.status == Status.SUSPENDED:
        items.append((_("Suspendu le"), case.suspended_on))
        if can_see_notes:
            # It may tell a hospitalisation or a procedure (docs/adr/0014): the case team only.
            items.append((_("Motif de suspension"), case.suspension_reason))
    if case.is_closed:
        items += [
            (_("Clos le"), case.closed_on),
            (_("Motif de clôture"), case.get_closure_reason_display()),
            (_("Précision"), case.closure_detail),
            (_("Résultat du suivi"), case.get_follow_up_result_display()),
        ]
    if case.suspended_days:
        items.append((_("Jours de suspension cumulés"), case.suspended_days))
    return items


def _letters_due(case):
    """(invitation letter due, attestation due): the letters only make sense once sent for."""
    stage = codes.STAGE_ORDER.index(case.stage_reached)
    paused = case.status in (Status.SUSPENDED, Status.CLOSED)
    invitation = case.status in INVITATION_STATUSES or (
        paused and stage >= codes.STAGE_ORDER.index(codes.Stage.OTHER_PARTY_CONTACTED)
    )
    attestation = case.status in ATTESTATION_STATUSES or (
        paused and (stage > 0 or bool(case.interviews.all()))
    )
    return invitation, attestation


def _can_write(check, case, party) -> bool:
    """Whether the letter's own check (``cases.letters``) lets it be written now: a letter linked
    on the page gives its PDF, it never sends the person back with a refusal."""
    try:
        check(case, party)
    except actions.TransitionRefused:
        return False
    return True


def _party_cards(case, show_letters, can_edit=False, can_merge=False):
    invitation, attestation = _letters_due(case) if show_letters else (False, False)
    edit_url = reverse("cases:action", args=[case.pk, "coordonnees"]) if can_edit else ""
    consents = list(case.consents.all())
    cards = []
    role_order = list(codes.PartyRole)
    for party in sorted(case.parties.all(), key=lambda p: role_order.index(p.role)):
        letters = []
        if invitation and _can_write(case_letters.check_invitation, case, party):
            letters.append(
                {
                    "label": _("Courrier d'invitation (PDF)"),
                    "url": reverse("cases:invitation_letter", args=[case.pk, party.pk]),
                }
            )
        if attestation and _can_write(case_letters.check_attestation, case, party):
            letters.append(
                {
                    "label": _("Attestation de tentative de médiation (PDF)"),
                    "url": reverse("cases:attestation", args=[case.pk, party.pk]),
                }
            )
        cards.append(
            {
                "party": party,
                "consents": [c for c in consents if c.party_id == party.pk],
                "letters": letters,
                "edit_url": f"{edit_url}?partie={party.pk}" if edit_url else "",
                "merge_url": reverse("cases:merge_choose", args=[party.pk]) if can_merge else "",
            }
        )
    return cards


def _rights(membership, case):
    """Asks each access predicate once per page (a mediator's costs a query)."""
    answers = {}

    def check(predicate):
        if predicate not in answers:
            answers[predicate] = predicate(membership, case)
        return answers[predicate]

    return check


# The step that moves each state forward: offered first, as the page's main button.
NEXT_STEP = {
    Status.NEW: "qualifier",
    Status.QUALIFIED: "planifier-entretien",
    Status.REQUESTER_INTERVIEW_SCHEDULED: "renseigner-entretien",
    Status.REQUESTER_INTERVIEWED: "contacter-autre-partie",
    Status.CONTACTING_OTHER_PARTY: "tentative-contact",
    Status.OTHER_PARTY_INTERVIEW_SCHEDULED: "renseigner-entretien",
    Status.OTHER_PARTY_INTERVIEWED: "planifier-rencontre",
    Status.JOINT_MEETING_SCHEDULED: "renseigner-rencontre",
    Status.JOINT_MEETING_HELD: "accord",
    Status.SHUTTLE: "echange-navette",
    Status.AGREEMENT_REACHED: "planifier-suivi",
    Status.FOLLOW_UP_DUE: "renseigner-suivi",
    Status.SUSPENDED: "reprendre",
}


def _next_step(case):
    if case.status == Status.FOLLOW_UP_DUE and not follow_up_pending(case):
        return "clore"
    return NEXT_STEP.get(case.status)


def _offered_steps(membership, case, check):
    """The steps this member may take now: the one moving the case forward first, then the
    others of the process, then the management of the case."""
    offered = {"process": [], "manage": []}
    next_slug = _next_step(case)
    for slug, step in STEPS.items():
        if step.group and step.offered(case) and step.permits(membership, case, check):
            entry = {
                "slug": slug,
                "title": step.title,
                "one_click": step.one_click,
                "url": reverse("cases:action", args=[case.pk, slug]),
            }
            if slug == next_slug:
                offered["process"].insert(0, entry)
            else:
                offered[step.group].append(entry)
    return offered


def _consent_hints(case):
    """What the process waits for, said before someone tries the step and is refused."""
    active = {(c.party_id, c.kind) for c in case.consents.all() if c.is_active}
    requester = case.requester()
    parties = [requester, *case.other_parties()]
    hints = []
    if (
        case.status == Status.REQUESTER_INTERVIEWED
        and requester
        and ((requester.pk, codes.ConsentKind.CONTACT_OTHER_PARTY) not in active)
    ):
        hints.append(
            _(
                "Avant d'engager la prise de contact, enregistrez l'accord du demandeur "
                "pour contacter l'autre partie."
            )
        )
    if case.status == Status.OTHER_PARTY_INTERVIEWED and not all(
        p is not None and (p.pk, codes.ConsentKind.JOINT_MEETING) in active for p in parties
    ):
        hints.append(
            _(
                "Une rencontre de médiation demande l'accord enregistré des deux parties ; "
                "une médiation navette, leur accord pour la navette."
            )
        )
    return hints


@require_GET
def case_detail(request, case_id):
    membership = request.membership
    case = access.get_case_for(membership, case_id, queryset=_case_page_queryset(membership))
    _prefetch_events(case)
    check = _rights(membership, case)
    can_work = check(access.can_work_on_case)
    can_see_notes = check(access.can_see_notes)
    offered = _offered_steps(membership, case, check)
    agreement = getattr(case, "agreement", None)  # None when no agreement was reached
    assignments = list(case.assignments.all())
    context = {
        "case": case,
        "intake_items": _intake_items(case),
        "closure_items": _closure_items(case, can_see_notes),
        "process_steps": offered["process"],
        "manage_steps": offered["manage"],
        "hints": _consent_hints(case) if can_work else [],
        "party_cards": _party_cards(
            case,
            show_letters=can_work,
            can_edit=STEPS["coordonnees"].offered(case)
            and STEPS["coordonnees"].permits(membership, case, check),
            can_merge=access.can_merge_records(membership) and case.anonymised_at is None,
        ),
        "team": [a for a in assignments if a.ended_at is None],
        "former_team": [a for a in assignments if a.ended_at is not None],
        "interviews": case.interviews.all(),
        "contact_attempts": case.contact_attempts.all(),
        "contact_policy_exhausted": is_open(case) and actions.contact_policy_exhausted(case),
        "meetings": case.meetings.all(),
        "agreement": agreement,
        "commitments": _commitments(case),
        "follow_ups": case.follow_ups.all(),
        "later_cases": _later_cases(case),
        "entries": journal.entries_for(case),
        "can_work": can_work,
        "can_see_notes": can_see_notes,
        "notes": access.notes_for(membership, case) if can_see_notes else [],
        "note_form": forms.NoteForm(case=case, membership=membership, parties=case.parties.all())
        if can_see_notes
        else None,
        "withdraw_url": reverse("cases:action", args=[case.pk, "retirer-consentement"])
        if can_work
        else "",
        "panels": panels.panels_for("case", membership, case),
    }
    reads.record(request, reads.Read.NOTES if can_see_notes else reads.Read.CASE_PAGE, case=case)
    return render(request, "cases/detail.html", context)


# --- One step ----------------------------------------------------------------------------------


def _after(request, case, slug, result):
    """Where to go once the step is done: usually back to the case page."""
    if slug == "dossier-lie":
        return reverse("cases:detail", args=[result.pk])
    if not access.cases_for(request.membership).filter(pk=case.pk).exists():
        # A mediator who declared knowing a party has just left the case.
        return reverse("cases:list")
    if STEPS[slug].per_party:
        return reverse("cases:detail", args=[case.pk]) + f"#party-{result.pk}"
    return reverse("cases:detail", args=[case.pk]) + STEPS[slug].anchor


def _step_party(request, membership, case):
    """The party a step is done for: ``?partie=`` on the form's page and on its post."""
    party_id = request.GET.get("partie")
    if party_id is None:
        party = case.requester()
        if party is None:
            raise Http404
        return party
    return access.get_party_for(membership, case, party_id)


@require_http_methods(["GET", "POST"])
def case_action(request, case_id, action):
    membership = request.membership
    case = access.get_case_for(membership, case_id)
    step = STEPS.get(action)
    if step is None or not step.permits(membership, case):
        raise Http404
    extra = {"party": _step_party(request, membership, case)} if step.per_party else {}
    data = request.POST if request.method == "POST" else None
    form = step.form(data, case=case, membership=membership, **extra)
    done, result = act_on(request, form, partial(step.run, case=case, by=membership, **extra))
    if done:
        messages.success(request, step.done)
        return redirect(_after(request, case, action, result))
    context = {
        "case": case,
        "step": step,
        "slug": action,
        "form": form,
        "party": extra.get("party"),
        "warnings": actions.missing_for_closure(case) if action == "clore" else [],
        "acquaintances": (
            case.acquaintances.select_related("membership__user", "party")
            if action == "assigner"
            else []
        ),
    }
    reads.record(request, reads.Read.CASE_PAGE, case=case)
    return render(request, "cases/action.html", context)
