"""Referral forms: minimised by design (domain rule R5) and warning against offence data (R1)."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.cases.forms.process import datetime_input, now_to_the_minute
from palabre.core.forms import StyledForm, date_input
from palabre.core.models import Commune
from palabre.partners.models import Partner
from palabre.referrals.deadlines import MAX_DECISION_DAYS, MAX_FIRST_CONTACT_DAYS
from palabre.referrals.models import FIRST_CONTACT_CHANNELS, DeclineReason

# Words that show a police, court or landlord record being copied (R1: no offence data).
RECORD_WORDS = re.compile(
    r"\b(plaintes?|main[s]? courantes?|garde à vue|condamn\w*|casier|proc[eè]s[- ]verbal|pv|"
    r"infractions?|d[ée]lits?|mis en cause|audition|convocation au commissariat)\b",
    re.IGNORECASE,
)
NO_RECORDS = _(
    "Ce champ sert seulement à dire quand joindre la personne. N'y recopiez rien d'une plainte, "
    "d'une main courante ou d'un dossier : le service de médiation ne peut pas conserver ces "
    "informations."
)


def no_record_copy(value):
    if value and RECORD_WORDS.search(value):
        raise forms.ValidationError(NO_RECORDS)


class ReferralForm(StyledForm):
    """What a referrer may send. ``variant`` adds the fields of each way in."""

    requester_last_name = forms.CharField(label=_("Nom"), max_length=100)
    requester_first_name = forms.CharField(label=_("Prénom"), max_length=100)
    requester_phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    requester_email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    requester_address = forms.CharField(
        label=_("Adresse"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), empty_label=_("Choisissez la commune")
    )
    conflict_category = forms.ChoiceField(
        label=_("Type de conflit"),
        choices=[("", _("Choisissez le type de conflit")), *codes.ConflictCategory.choices],
        help_text=_("Le type de situation, tel que la personne le décrit. Pas de récit."),
    )
    availability = forms.CharField(
        label=_("Quand joindre la personne"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : « en semaine après 18 h ». Rien sur le conflit lui-même."),
        validators=[no_record_copy],
    )
    agreed_to_be_contacted = forms.BooleanField(
        label=_("La personne accepte d'être contactée par le service de médiation"),
        error_messages={
            "required": _(
                "Sans l'accord de la personne pour être contactée, l'orientation ne peut pas "
                "être envoyée."
            )
        },
    )

    def __init__(self, *args, organisation, variant="partner", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.of(organisation)
        if variant in ("partner", "link"):
            self.fields["agreed_to_share_status"] = forms.BooleanField(
                label=_(
                    "La personne accepte que nous soyons informés de l'avancement de sa demande "
                    "(jamais du contenu)"
                ),
                required=False,
            )
            self.fields["referrer_name"] = forms.CharField(
                label=_("Votre nom ou votre guichet"),
                max_length=150,
                help_text=_("Pour que le service puisse vous rappeler au sujet de l'orientation."),
            )
        if variant == "link":
            self.fields["referrer_email"] = forms.EmailField(
                label=_("Votre e-mail"),
                required=False,
                help_text=_("Facultatif : pour recevoir un accusé de traitement, sans contenu."),
            )
        if variant == "public":
            self.fields["agreed_to_be_contacted"].label = _(
                "J'accepte d'être contacté·e par le service de médiation"
            )
            self.fields["agreed_to_be_contacted"].error_messages["required"] = _(
                "Cochez cette case pour que le service puisse vous contacter."
            )
            self.fields["availability"].label = _("Quand vous joindre")
            self.fields["conflict_category"].help_text = _(
                "Inutile de tout raconter ici : vous en parlerez avec les médiateur·rices."
            )
            # A field people do not see and robots fill in (see the page's CSS).
            self.fields["website"] = forms.CharField(
                label=_("Ne pas remplir ce champ"),
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )
        # Fields added after StyledForm styled the declared ones.
        for field in self.fields.values():
            if "class" not in field.widget.attrs:
                checkbox = isinstance(field.widget, forms.CheckboxInput)
                field.widget.attrs["class"] = "form-check-input" if checkbox else "form-control"

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("requester_phone") or data.get("requester_email")):
            raise forms.ValidationError(
                _("Indiquez au moins un moyen de joindre la personne : téléphone ou e-mail.")
            )
        return data

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            key: data[key]
            for key in (
                "requester_last_name",
                "requester_first_name",
                "requester_phone",
                "requester_email",
                "requester_address",
                "commune",
                "conflict_category",
                "availability",
                "agreed_to_be_contacted",
            )
        }
        for key in ("agreed_to_share_status", "referrer_name", "referrer_email"):
            if key in data:
                kwargs[key] = data[key]
        return {
            key: value.strip() if isinstance(value, str) else value for key, value in kwargs.items()
        }


class AcceptForm(StyledForm):
    opened_on = forms.DateField(
        label=_("Date d'ouverture du dossier"), initial=timezone.localdate, widget=date_input()
    )

    def clean_opened_on(self):
        value = self.cleaned_data["opened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return value


class DeclineForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Motif, que le prescripteur verra"),
        choices=[("", _("Choisissez un motif")), *DeclineReason.choices],
        error_messages={"required": _("Choisissez le motif pour le prescripteur.")},
    )


class ReorientForm(StyledForm):
    to = forms.ModelChoiceField(
        label=_("Partenaire vers lequel la personne est réorientée"),
        queryset=Partner.objects.none(),
        empty_label=_("Choisissez un partenaire"),
    )

    def __init__(self, *args, organisation, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Partner.objects.of(organisation).active()
        if exclude is not None:
            partners = partners.exclude(pk=exclude.pk)
        self.fields["to"].queryset = partners


class LinkForm(StyledForm):
    partner = forms.ModelChoiceField(
        label=_("Partenaire"), queryset=Partner.objects.none(), empty_label=_("Choisissez")
    )
    recipient_email = forms.EmailField(
        label=_("Envoyer le lien à"),
        required=False,
        help_text=_("Facultatif : sinon, copiez le lien affiché après l'émission."),
    )
    days = forms.IntegerField(label=_("Validité (jours)"), min_value=1, max_value=90, initial=30)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.of(organisation).active()


# --- Time limits (docs/adr/0020) ---------------------------------------------------------------


class FirstContactForm(StyledForm):
    """The service's first attempt to reach the person (answered or not)."""

    channel = forms.ChoiceField(
        label=_("Moyen utilisé"),
        choices=[("", _("Choisissez")), *((c.value, c.label) for c in FIRST_CONTACT_CHANNELS)],
        error_messages={"required": _("Choisissez comment la personne a été contactée.")},
    )
    attempted_at = forms.DateTimeField(
        label=_("Date et heure de la tentative"), initial=now_to_the_minute, widget=datetime_input()
    )


class TargetsForm(StyledForm):
    first_contact_days = forms.IntegerField(
        label=_("Premier contact tenté dans les (jours)"),
        min_value=1,
        max_value=MAX_FIRST_CONTACT_DAYS,
        help_text=_("Au-delà, la coordination reçoit une relance."),
    )
    decision_days = forms.IntegerField(
        label=_("Décision prise dans les (jours)"),
        min_value=1,
        max_value=MAX_DECISION_DAYS,
        help_text=_(
            "Au-delà, l'orientation est close « sans réponse dans le délai » ; le prescripteur et "
            "la personne en sont informés."
        ),
    )

    def clean(self):
        data = super().clean()
        first, decision = data.get("first_contact_days"), data.get("decision_days")
        if first and decision and decision < first:
            self.add_error(
                "decision_days",
                _("La décision ne peut pas venir avant le premier contact : %(n)s jours au moins.")
                % {"n": first},
            )
        return data
