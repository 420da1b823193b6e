"""Forms of what follows an intervention: the person and what they agreed to, a *mise en relation*
with a partner, its next step, and the case form of a first contact prefilled from the
intervention. The rules on the person's agreement live in the verbs
(``followup_actions``): a refusal comes back at the top of the form, nothing saved."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.field.codes import ORIENTATION_STEPS, OrientationReason, OrientationStatus
from palabre.partners.models import Partner
from palabre.permanences.forms.visits import VisitCaseForm


class PersonForm(StyledForm):
    agreed_to_be_named = forms.BooleanField(
        label=_("La personne accepte d'être nommée"), required=False
    )
    agreed_to_be_contacted = forms.BooleanField(
        label=_("La personne accepte d'être contactée (téléphone ou e-mail)"), required=False
    )
    agreed_to_be_oriented = forms.BooleanField(
        label=_("La personne accepte d'être orientée vers un partenaire"), required=False
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=80, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=80, required=False)
    usual_name = forms.CharField(
        label=_("Nom d'usage ou surnom"),
        max_length=80,
        required=False,
        help_text=_("Le nom sous lequel la personne se présente, si elle ne donne pas le sien."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    AGREEMENT_FIELDS = ("agreed_to_be_named", "agreed_to_be_contacted", "agreed_to_be_oriented")
    NAME_FIELDS = ("first_name", "last_name", "usual_name")
    CONTACT_FIELDS = ("phone", "email")

    def __init__(self, *args, person=None, **kwargs):
        if person is not None:
            names = self.AGREEMENT_FIELDS + self.NAME_FIELDS + self.CONTACT_FIELDS
            kwargs["initial"] = {name: getattr(person, name) for name in names}
        super().__init__(*args, **kwargs)

    def fieldsets(self):
        return [
            (_("Ce que la personne accepte"), [self[n] for n in self.AGREEMENT_FIELDS]),
            (_("Son nom, si elle accepte d'être nommée"), [self[n] for n in self.NAME_FIELDS]),
            (
                _("Un moyen de la joindre, si elle accepte d'être contactée"),
                [self[n] for n in self.CONTACT_FIELDS],
            ),
        ]


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OrientationForm(StyledForm):
    partner = PartnerChoiceField(
        label=_("Partenaire"),
        queryset=Partner.objects.none(),
        empty_label=_("Choisissez un partenaire"),
        error_messages={"invalid_choice": _("Ce partenaire n'est pas un partenaire du service.")},
    )
    reason = forms.ChoiceField(
        label=_("Motif"),
        choices=[("", _("Choisissez un motif")), *OrientationReason.choices],
    )
    oriented_on = forms.DateField(label=_("Date de l'orientation"), widget=date_input())
    status = forms.ChoiceField(
        label=_("Où en est-elle ?"),
        choices=OrientationStatus.choices,
        initial=OrientationStatus.PROPOSED,
        help_text=_(
            "Proposée : la personne a reçu les coordonnées du partenaire. Contact pris : la "
            "personne ou l'équipe a joint le partenaire."
        ),
    )

    agreed_now = forms.BooleanField(
        label=_("La personne accepte d'être orientée vers ce partenaire"), required=False
    )

    field_order = ["agreed_now", "partner", "reason", "oriented_on", "status"]

    def __init__(self, *args, partners, agreed_before: bool, **kwargs):
        """``agreed_before``: the person's agreement to be oriented is already recorded; else
        the form asks for it."""
        kwargs.setdefault("initial", {}).setdefault("oriented_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        if agreed_before:
            del self.fields["agreed_now"]

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "partner": data["partner"],
            "reason": data["reason"],
            "oriented_on": data["oriented_on"],
            "status": data["status"],
            "agreed_now": data.get("agreed_now", False),
        }


class OrientationStepForm(StyledForm):
    """The next step of an orientation (a button per step ahead of it)."""

    status = forms.ChoiceField(choices=OrientationStatus.choices)

    @staticmethod
    def steps_after(orientation) -> list[tuple[str, str]]:
        position = ORIENTATION_STEPS.index(orientation.status)
        return [(step.value, step.label) for step in ORIENTATION_STEPS[position + 1 :]]


class InterventionCaseForm(VisitCaseForm):
    """The case form of a first contact without its date and channel, as for a person who came
    to a permanence: the intervention gives both (its evening; a call to the team, or the team
    going to people)."""
