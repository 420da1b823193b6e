"""The two forms of a first contact: an information request (no case) or opening a case.

Both carry a hidden ``kind`` so that one page holds both forms and works without JavaScript.
Nothing here may record offence data: no main-courante number, no copy of a police record.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.cases.forms.filters import QuartierChoiceField, StyledForm, date_input
from palabre.core.models import Commune, Quartier
from palabre.partners.models import Residence


class ResidenceChoiceField(forms.ModelChoiceField):
    """A residence of one of the service's landlords, named with its landlord."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Résidence d'un bailleur partenaire"),
            required=False,
            queryset=Residence.objects.none(),
            empty_label=_("Aucune ou non suivie"),
            help_text=_(
                "Les dossiers antérieurs de la même résidence sont signalés, et le rapport du "
                "bailleur compte le dossier dans cette résidence."
            ),
            **kwargs,
        )

    def narrow_to(self, organisation):
        self.queryset = (
            Residence.objects.filter(organisation=organisation)
            .select_related("landlord")
            .order_by("landlord__name", "name")
        )

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.landlord.name})"


INFORMATION = "information"
OPEN_CASE = "case"


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("La date ne peut pas être dans le futur."))


class InformationRequestForm(StyledForm):
    kind = forms.CharField(widget=forms.HiddenInput, initial=INFORMATION)
    received_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=date_input(),
        validators=[_not_in_future],
    )
    channel = forms.ChoiceField(label=_("Canal"), choices=codes.Channel.choices)
    topic = forms.ChoiceField(
        label=_("Objet de la demande"), choices=codes.InformationTopic.choices
    )
    referral_source = forms.ChoiceField(
        label=_("Origine"),
        choices=codes.ReferralSource.choices,
        initial=codes.ReferralSource.UNKNOWN,
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        required=False,
        queryset=Commune.objects.none(),
        empty_label=_("Non précisée"),
    )
    oriented_to = forms.CharField(
        label=_("Orienté vers"),
        required=False,
        max_length=200,
        help_text=_("Un service ou un organisme, jamais le nom d'une personne."),
    )

    def __init__(self, *args, organisation, **kwargs):
        kwargs.setdefault("auto_id", "info_%s")
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.of(organisation)

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "channel": data["channel"],
            "topic": data["topic"],
            "referral_source": data["referral_source"],
            "commune": data["commune"],
            "oriented_to": data["oriented_to"].strip(),
        }


def subcategory_choices():
    """Sub-categories grouped under their category, as the trade's code list has them."""
    labels = dict(codes.ConflictSubcategory.choices)
    groups = [
        (codes.ConflictCategory(category).label, [(code, labels[code]) for code in subcodes])
        for category, subcodes in codes.SUBCATEGORIES.items()
    ]
    return [("", _("Aucune précision")), *groups]


class OpenCaseForm(StyledForm):
    kind = forms.CharField(widget=forms.HiddenInput, initial=OPEN_CASE)
    # The first contact.
    opened_on = forms.DateField(
        label=_("Date de la saisine"),
        initial=timezone.localdate,
        widget=date_input(),
        validators=[_not_in_future],
    )
    channel = forms.ChoiceField(
        label=_("Canal du premier contact"),
        choices=[("", _("Choisissez un canal")), *codes.Channel.choices],
    )
    referral_source = forms.ChoiceField(
        label=_("Origine de la saisine"),
        choices=[("", _("Choisissez une origine")), *codes.ReferralSource.choices],
        help_text=_("Une orientation par la police est une origine, rien de plus."),
    )
    referrer_name = forms.CharField(
        label=_("Prescripteur (organisme)"),
        required=False,
        max_length=200,
        help_text=_("Le service ou l'organisme qui a orienté la personne, sans nom de personne."),
    )
    # The person who asks.
    requester_last_name = forms.CharField(label=_("Nom"), max_length=80)
    requester_first_name = forms.CharField(label=_("Prénom"), required=False, max_length=80)
    requester_phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    requester_email = forms.EmailField(label=_("E-mail"), required=False)
    requester_address = forms.CharField(label=_("Adresse"), required=False, max_length=250)
    # The other party, when the requester names them.
    other_party_last_name = forms.CharField(label=_("Nom"), required=False, max_length=80)
    other_party_first_name = forms.CharField(label=_("Prénom"), required=False, max_length=80)
    other_party_address = forms.CharField(label=_("Adresse"), required=False, max_length=250)
    # The conflict.
    primary_conflict = forms.ChoiceField(
        label=_("Motif principal"),
        choices=[("", _("Choisissez un motif")), *codes.ConflictCategory.choices],
    )
    subcategory = forms.ChoiceField(label=_("Précision"), required=False, choices=())
    secondary_conflicts = forms.MultipleChoiceField(
        label=_("Autres motifs"),
        required=False,
        choices=codes.ConflictCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Where.
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    quartier = QuartierChoiceField(
        label=_("Quartier"),
        required=False,
        queryset=Quartier.objects.none(),
        empty_label=_("Non précisé"),
        help_text=_("Obligatoire quand la commune est découpée en quartiers."),
    )
    housing = forms.ChoiceField(
        label=_("Logement"), choices=codes.Housing.choices, initial=codes.Housing.UNKNOWN
    )
    building_type = forms.ChoiceField(
        label=_("Type de bâti"),
        choices=codes.BuildingType.choices,
        initial=codes.BuildingType.UNKNOWN,
    )
    landlord_name = forms.CharField(label=_("Bailleur"), required=False, max_length=200)
    residence = ResidenceChoiceField()

    FIRST_CONTACT_FIELDS = ("opened_on", "channel", "referral_source", "referrer_name")
    REQUESTER_FIELDS = (
        "requester_last_name",
        "requester_first_name",
        "requester_phone",
        "requester_email",
        "requester_address",
    )
    OTHER_PARTY_FIELDS = ("other_party_last_name", "other_party_first_name", "other_party_address")
    CONFLICT_FIELDS = ("primary_conflict", "subcategory", "secondary_conflicts")
    PLACE_FIELDS = (
        "commune",
        "quartier",
        "housing",
        "building_type",
        "landlord_name",
        "residence",
    )

    def __init__(self, *args, organisation, **kwargs):
        kwargs.setdefault("auto_id", "case_%s")
        super().__init__(*args, **kwargs)
        self.fields["subcategory"].choices = subcategory_choices()
        self.fields["commune"].queryset = Commune.objects.of(organisation)
        self.fields["quartier"].queryset = Quartier.objects.filter(
            organisation=organisation
        ).select_related("commune")
        self.fields["residence"].narrow_to(organisation)

    def fieldset(self, names):
        return [self[name] for name in names]

    def first_contact_fields(self):
        return self.fieldset(self.FIRST_CONTACT_FIELDS)

    def requester_fields(self):
        return self.fieldset(self.REQUESTER_FIELDS)

    def other_party_fields(self):
        return self.fieldset(self.OTHER_PARTY_FIELDS)

    def conflict_fields(self):
        return self.fieldset(self.CONFLICT_FIELDS)

    def place_fields(self):
        return self.fieldset(self.PLACE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        primary = cleaned.get("primary_conflict")
        subcategory = cleaned.get("subcategory")
        if primary and subcategory and subcategory not in codes.SUBCATEGORIES.get(primary, []):
            self.add_error(
                "subcategory",
                _("Cette précision ne correspond pas au motif principal « %(category)s ».")
                % {"category": codes.ConflictCategory(primary).label},
            )
        commune = cleaned.get("commune")
        quartier = cleaned.get("quartier")
        if commune is not None:
            if quartier is not None and quartier.commune_id != commune.pk:
                self.add_error("quartier", _("Ce quartier n'appartient pas à la commune choisie."))
            elif quartier is None and commune.quartiers.exists():
                self.add_error(
                    "quartier",
                    _("Choisissez le quartier : la commune %(commune)s est découpée en quartiers.")
                    % {"commune": commune.name},
                )
        other_details = cleaned.get("other_party_first_name") or cleaned.get("other_party_address")
        if other_details and not cleaned.get("other_party_last_name"):
            self.add_error(
                "other_party_last_name",
                _("Indiquez au moins le nom de l'autre partie, ou laissez ses champs vides."),
            )
        return cleaned

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        text = (
            "referrer_name",
            "requester_last_name",
            "requester_first_name",
            "requester_phone",
            "requester_email",
            "requester_address",
            "other_party_last_name",
            "other_party_first_name",
            "other_party_address",
            "landlord_name",
        )
        kwargs = {name: data[name].strip() for name in text}
        kwargs.update(
            opened_on=data["opened_on"],
            channel=data["channel"],
            referral_source=data["referral_source"],
            primary_conflict=data["primary_conflict"],
            subcategory=data["subcategory"],
            secondary_conflicts=[
                c for c in data["secondary_conflicts"] if c != data["primary_conflict"]
            ],
            commune=data["commune"],
            quartier=data["quartier"],
            housing=data["housing"],
            building_type=data["building_type"],
            residence=data["residence"],
        )
        return kwargs
