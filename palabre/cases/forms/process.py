"""The forms of the case page: one per step of the process (see ``views/detail.py``'s registry).

Every form is built for one case and one membership: choices are limited to the case's own
parties, interviews, meetings and consents, and to the organisation's active mediators. Forms
only check what a form can check (types, choices, coherence of two fields); whether the step is
allowed now is for ``actions.py`` to say. Fields are named like the action's keyword arguments, so
that the view passes ``cleaned_data`` straight through.
"""

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases import actions, codes, edits
from palabre.cases.forms.filters import QuartierChoiceField, StyledForm, date_input
from palabre.cases.forms.intake import OpenCaseForm, ResidenceChoiceField
from palabre.core import sensitive
from palabre.core.concurrency import GuardedEditForm
from palabre.core.forms import CheckboxSelectMultiple, RadioSelect
from palabre.core.models import Commune, Quartier
from palabre.organisations.models import Membership, Role

NOTE_REMINDER = _(
    "Notez des faits utiles à la médiation, objectifs et non excessifs ; la personne peut "
    "demander à lire ce qui la concerne."
)


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


def blank(label="—"):
    return [("", label)]


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.get_role_display()})"


class MediatorsField(forms.ModelMultipleChoiceField):
    widget = CheckboxSelectMultiple

    def label_from_instance(self, obj):
        if obj.role == Role.COORDINATOR:
            return _("%(name)s (coordination)") % {"name": obj.user}
        return str(obj.user)


class AppointmentChoiceField(forms.ModelChoiceField):
    """An interview or a meeting, named by its date and, for interviews, by the person met."""

    def label_from_instance(self, obj):
        when = timezone.localtime(obj.scheduled_at).strftime("%d/%m/%Y %H:%M")
        party = getattr(obj, "party", None)
        if party is not None:
            return f"{party} ({party.get_role_display()}) — {when}"
        return f"{obj.get_kind_display()} — {when}"


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.party} — {obj.get_kind_display()}"


def yes_no(label, yes_label, no_label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes_label), ("no", no_label)],
        coerce=lambda value: value == "yes",
        widget=RadioSelect,
        initial="yes",
    )


class CaseForm(StyledForm):
    """A form for one step of ``case``, filled in by ``membership``."""

    def __init__(self, *args, case, membership, **kwargs):
        self.case = case
        self.membership = membership
        initial = self.initial_for(case)
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):  # checkboxes too
                field.widget.attrs["class"] += " me-1"
        self.setup()

    def initial_for(self, case):
        return {}

    def setup(self):
        """Narrows the querysets of choice fields to the case and its organisation."""

    def mediators(self):
        return (
            Membership.objects.mediators_of(self.case.organisation_id)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )


class ConfirmForm(CaseForm):
    """A one-click step: the button is the whole form."""


# --- The case itself ---------------------------------------------------------------------------


class CaseDetailsForm(GuardedEditForm, CaseForm):
    referral_source = forms.ChoiceField(
        label=_("Origine de la saisine"), choices=codes.ReferralSource.choices
    )
    referrer_name = forms.CharField(
        label=_("Prescripteur (organisme)"),
        required=False,
        max_length=200,
        help_text=_("Le service ou l'organisme qui a orienté la personne, sans nom de personne."),
    )
    channel = forms.ChoiceField(label=_("Canal du premier contact"), choices=codes.Channel.choices)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        required=False,
        queryset=Commune.objects.none(),
        empty_label=_("Non précisée"),
    )
    quartier = QuartierChoiceField(
        label=_("Quartier"),
        required=False,
        queryset=Quartier.objects.none(),
        empty_label=_("Non précisé"),
    )
    housing = forms.ChoiceField(label=_("Logement"), choices=codes.Housing.choices)
    building_type = forms.ChoiceField(label=_("Type de bâti"), choices=codes.BuildingType.choices)
    landlord_name = forms.CharField(label=_("Bailleur"), required=False, max_length=200)
    residence = ResidenceChoiceField()
    primary_conflict = forms.ChoiceField(
        label=_("Motif principal du conflit"), choices=codes.ConflictCategory.choices
    )
    subcategory = forms.ChoiceField(
        label=_("Précision du motif principal"),
        required=False,
        choices=blank() + codes.ConflictSubcategory.choices,
    )
    secondary_conflicts = forms.MultipleChoiceField(
        label=_("Autres motifs"),
        required=False,
        choices=codes.ConflictCategory.choices,
        widget=CheckboxSelectMultiple,
    )

    def initial_for(self, case):
        self.shown = edits.case_details(case)
        return dict(self.shown)

    def read_values(self):
        return self.shown

    def setup(self):
        organisation_id = self.case.organisation_id
        self.fields["commune"].queryset = Commune.objects.of(organisation_id)
        self.fields["quartier"].queryset = Quartier.objects.filter(
            organisation_id=organisation_id
        ).select_related("commune")
        self.fields["residence"].narrow_to(organisation_id)

    def clean(self):
        cleaned = super().clean()
        commune, quartier = cleaned.get("commune"), cleaned.get("quartier")
        if quartier is not None and commune is not None and quartier.commune_id != commune.pk:
            self.add_error("quartier", _("Ce quartier n'appartient pas à la commune choisie."))
        primary, subcategory = cleaned.get("primary_conflict"), cleaned.get("subcategory")
        if subcategory and subcategory not in codes.SUBCATEGORIES.get(primary, []):
            self.add_error("subcategory", _("Cette précision ne correspond pas au motif choisi."))
        return cleaned


class AddPartyForm(CaseForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=codes.PartyRole.choices)
    last_name = forms.CharField(label=_("Nom"), max_length=80)
    first_name = forms.CharField(label=_("Prénom"), required=False, max_length=80)
    phone = forms.CharField(label=_("Téléphone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)
    household = forms.ModelChoiceField(
        label=_("Foyer"),
        required=False,
        queryset=None,
        empty_label=_("Un nouveau foyer (adresse ci-dessous)"),
        help_text=_("Une personne du même foyer qu'une partie déjà enregistrée."),
    )
    address = forms.CharField(label=_("Adresse du nouveau foyer"), required=False, max_length=250)
    preferred_channel = forms.ChoiceField(
        label=_("Moyen de contact préféré"),
        required=False,
        choices=blank(_("Non précisé")) + codes.ContactAttemptChannel.choices,
    )
    needs_interpreter = forms.BooleanField(label=_("Besoin d'un·e interprète"), required=False)

    def setup(self):
        self.fields["household"].queryset = self.case.households.prefetch_related("members")
        self.fields["household"].label_from_instance = self.household_label

    @staticmethod
    def household_label(household):
        names = ", ".join(str(p) for p in household.members.all())
        return f"{names} — {household.address}" if household.address else names or str(household)


def _same_field(form, name, **changes):
    """A field as another form defines it, so that a person is asked for the same way."""
    field = copy.deepcopy(form.base_fields[name])
    for attribute, value in changes.items():
        setattr(field, attribute, value)
    return field


class PartyDetailsForm(GuardedEditForm, CaseForm):
    """The identity and contacts of one party, as the first contact took them (rectification)."""

    last_name = _same_field(OpenCaseForm, "requester_last_name")
    first_name = _same_field(OpenCaseForm, "requester_first_name")
    phone = _same_field(OpenCaseForm, "requester_phone")
    email = _same_field(OpenCaseForm, "requester_email")
    preferred_channel = _same_field(AddPartyForm, "preferred_channel")
    address = _same_field(
        OpenCaseForm,
        "requester_address",
        help_text=_("L'adresse de son foyer : elle vaut pour chaque personne du même foyer."),
    )

    def __init__(self, *args, party, **kwargs):
        self.party = party
        super().__init__(*args, **kwargs)

    def initial_for(self, case):
        return edits.party_details(self.party)

    def read_values(self):
        return edits.party_details(self.party)


class AssignForm(GuardedEditForm, CaseForm):
    mediators = MediatorsField(
        label=_("Binôme de médiation"),
        required=False,
        queryset=Membership.objects.none(),
        help_text=_(
            "Deux médiateur·rices en général ; décochez pour retirer quelqu'un du dossier."
        ),
    )
    assigned_on = forms.DateField(
        label=_("Date d'affectation"), initial=timezone.localdate, widget=date_input()
    )

    def initial_for(self, case):
        self.shown = edits.team(case)
        return dict(self.shown)

    def read_values(self):
        return self.shown

    def setup(self):
        self.fields["mediators"].queryset = self.mediators()


class DeclareAcquaintanceForm(CaseForm):
    party = PartyChoiceField(
        label=_("La personne que je connais"),
        queryset=None,
        help_text=_(
            "Par impartialité, vous serez retiré·e du dossier et ne pourrez pas y être assigné·e."
        ),
    )

    def setup(self):
        self.fields["party"].queryset = self.case.parties.all()


# --- Consents ----------------------------------------------------------------------------------


class ConsentForm(CaseForm):
    party = PartyChoiceField(label=_("Personne"), queryset=None)
    kind = forms.ChoiceField(label=_("Objet du consentement"), choices=codes.ConsentKind.choices)
    given_on = forms.DateField(
        label=_("Recueilli le"), initial=timezone.localdate, widget=date_input()
    )
    method = forms.ChoiceField(label=_("Recueilli"), choices=codes.ConsentMethod.choices)

    def setup(self):
        self.fields["party"].queryset = self.case.parties.all()


class WithdrawConsentForm(CaseForm):
    consent = ConsentChoiceField(label=_("Consentement à retirer"), queryset=None)

    def setup(self):
        self.fields["consent"].queryset = self.case.consents.active().select_related("party")


# --- Interviews --------------------------------------------------------------------------------


class ScheduleInterviewForm(CaseForm):
    party = PartyChoiceField(label=_("Personne reçue"), queryset=None)
    scheduled_at = forms.DateTimeField(label=_("Date et heure"), widget=datetime_input())
    channel = forms.ChoiceField(label=_("Modalité"), choices=codes.InterviewChannel.choices)
    place = forms.CharField(label=_("Lieu"), required=False, max_length=200)
    mediators = MediatorsField(
        label=_("Médiateur·rices présent·es"),
        required=False,
        queryset=Membership.objects.none(),
        help_text=_("Laissez vide pour le binôme du dossier."),
    )

    def initial_for(self, case):
        role = (
            codes.PartyRole.REQUESTER
            if case.status
            in (
                codes.Status.NEW,
                codes.Status.QUALIFIED,
                codes.Status.REQUESTER_INTERVIEW_SCHEDULED,
            )
            else codes.PartyRole.OTHER_PARTY
        )
        party = next((p for p in case.parties.all() if p.role == role), None)
        return {"party": party.pk if party else None}

    def setup(self):
        self.fields["party"].queryset = self.case.parties.filter(
            role__in=[codes.PartyRole.REQUESTER, codes.PartyRole.OTHER_PARTY]
        )
        self.fields["mediators"].queryset = self.mediators()


class RecordInterviewForm(CaseForm):
    interview = AppointmentChoiceField(label=_("Entretien"), queryset=None, empty_label=None)
    held = yes_no(
        _("L'entretien s'est-il tenu ?"),
        _("Oui, l'entretien a eu lieu"),
        _("Non, la personne n'est pas venue"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), required=False, min_value=1, max_value=600
    )

    def setup(self):
        self.fields["interview"].queryset = self.case.interviews.filter(
            status=codes.AppointmentStatus.SCHEDULED
        ).select_related("party")


# --- Contacting the other party ----------------------------------------------------------------


class ContactAttemptForm(CaseForm):
    party = PartyChoiceField(label=_("Personne contactée"), queryset=None, empty_label=None)
    channel = forms.ChoiceField(label=_("Moyen"), choices=codes.ContactAttemptChannel.choices)
    attempted_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=date_input())
    result = forms.ChoiceField(label=_("Résultat"), choices=codes.ContactAttemptResult.choices)

    def setup(self):
        self.fields["party"].queryset = self.case.parties.filter(role=codes.PartyRole.OTHER_PARTY)


# --- Meetings, shuttle, agreement --------------------------------------------------------------


class ScheduleMeetingForm(CaseForm):
    scheduled_at = forms.DateTimeField(label=_("Date et heure"), widget=datetime_input())
    place = forms.CharField(
        label=_("Lieu"),
        required=False,
        max_length=200,
        help_text=_("Un lieu neutre : salle d'un centre social, d'une maison de quartier…"),
    )
    mediators = MediatorsField(
        label=_("Médiateur·rices"),
        required=False,
        queryset=Membership.objects.none(),
        help_text=_("Laissez vide pour le binôme du dossier (deux médiateur·rices)."),
    )

    def setup(self):
        self.fields["mediators"].queryset = self.mediators()


class RecordMeetingForm(CaseForm):
    meeting = AppointmentChoiceField(label=_("Rencontre"), queryset=None, empty_label=None)
    held = yes_no(
        _("La rencontre s'est-elle tenue ?"),
        _("Oui, la rencontre a eu lieu"),
        _("Non, elle a été annulée"),
    )
    result = forms.ChoiceField(
        label=_("Issue"), required=False, choices=blank() + codes.MeetingResult.choices
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), required=False, min_value=1, max_value=600
    )
    participants_count = forms.IntegerField(
        label=_("Participants (hors médiateurs)"), required=False, min_value=1, max_value=200
    )

    def setup(self):
        self.fields["meeting"].queryset = self.case.meetings.filter(
            kind=codes.MeetingKind.JOINT, status=codes.AppointmentStatus.SCHEDULED
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("held") and not cleaned.get("result"):
            self.add_error("result", _("Indiquez l'issue de la rencontre."))
        return cleaned


class ShuttleExchangeForm(CaseForm):
    held_at = forms.DateTimeField(
        label=_("Date et heure de l'échange"), initial=now_to_the_minute, widget=datetime_input()
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), required=False, min_value=1, max_value=600
    )


class AgreementRecordForm(CaseForm):
    reached_on = forms.DateField(
        label=_("Date de l'accord"), initial=timezone.localdate, widget=date_input()
    )
    agreement_form = forms.ChoiceField(label=_("Forme"), choices=codes.AgreementForm.choices)
    scope = forms.ChoiceField(label=_("Portée"), choices=codes.AgreementScope.choices)
    commitments = forms.MultipleChoiceField(
        label=_("Engagements pris"),
        required=False,
        choices=codes.CommitmentCategory.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Les mots des parties restent dans l'accord signé et les notes privées."),
    )


class ScheduleFollowUpForm(CaseForm):
    due_on = forms.DateField(
        label=_("Suivi à faire le"),
        initial=timezone.localdate,
        widget=date_input(),
        help_text=_("En général quelques semaines après l'accord."),
    )


class RecordFollowUpForm(CaseForm):
    done_on = forms.DateField(label=_("Fait le"), initial=timezone.localdate, widget=date_input())
    result = forms.ChoiceField(label=_("Résultat"), choices=codes.FollowUpResult.choices)


# --- Suspension, closure, relapse --------------------------------------------------------------


class SuspendForm(CaseForm):
    reason = forms.CharField(
        label=_("Motif de la suspension"),
        max_length=200,
        help_text=_(
            "Par exemple : hospitalisation, absence prolongée. Jamais de propos des parties."
        ),
    )
    on = forms.DateField(label=_("Suspendu le"), initial=timezone.localdate, widget=date_input())


class ResumeForm(CaseForm):
    on = forms.DateField(
        label=_("Repris le"), required=False, initial=timezone.localdate, widget=date_input()
    )


class CloseForm(CaseForm):
    reason = forms.ChoiceField(label=_("Motif de clôture"), choices=())
    closed_on = forms.DateField(label=_("Clos le"), initial=timezone.localdate, widget=date_input())
    detail = forms.CharField(
        label=_("Précision"),
        required=False,
        max_length=200,
        help_text=_("Pour une réorientation : vers qui. Jamais de propos des parties."),
    )

    def setup(self):
        self.fields["reason"].choices = blank(_("Choisir un motif")) + [
            (reason, codes.ClosureReason(reason).label)
            for reason in actions.allowed_closure_reasons(self.case)
        ]


class LinkedCaseForm(CaseForm):
    opened_on = forms.DateField(
        label=_("Date de la nouvelle saisine"), initial=timezone.localdate, widget=date_input()
    )
    channel = forms.ChoiceField(label=_("Canal du premier contact"), choices=codes.Channel.choices)


# --- Notes -------------------------------------------------------------------------------------


class NoteForm(CaseForm):
    text = forms.CharField(
        label=_("Note privée"),
        max_length=5000,
        help_text=NOTE_REMINDER,
        widget=sensitive.Textarea(attrs={"rows": 4}),
    )
    source_party = PartyChoiceField(
        label=_("Propos de"),
        required=False,
        queryset=None,
        empty_label=_("Observation de l'équipe de médiation"),
    )

    def __init__(self, *args, parties=None, **kwargs):
        self.loaded_parties = parties
        super().__init__(*args, **kwargs)

    def setup(self):
        field = self.fields["source_party"]
        field.queryset = self.case.parties.all()
        if self.loaded_parties is not None:
            # On the case page the parties are already loaded: list them without a query.
            field.choices = blank(field.empty_label) + [
                (party.pk, field.label_from_instance(party)) for party in self.loaded_parties
            ]
