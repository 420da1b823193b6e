"""Forms of the partner directory: the search, a partner, its rename, contacts and residences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Commune, Quartier
from palabre.organisations.models import Membership, Role
from palabre.partners.forms.base import (
    DUPLICATE_PARTNER,
    StyledForm,
    StyledModelForm,
    check_name_is_free,
    date_input,
)
from palabre.partners.models import Contact, Partner, PartnerKind, Residence


def blank(label):
    return [("", label)]


class QuartierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.commune.name} — {obj.name}"


def check_quartier_in_commune(form, commune_field="commune", quartier_field="quartier"):
    commune = form.cleaned_data.get(commune_field)
    quartier = form.cleaned_data.get(quartier_field)
    if quartier is None:
        return
    if commune is None:
        form.cleaned_data[commune_field] = quartier.commune
    elif quartier.commune_id != commune.pk:
        form.add_error(
            quartier_field,
            _("Le quartier « %(quartier)s » n'est pas dans la commune « %(commune)s ».")
            % {"quartier": quartier.name, "commune": commune.name},
        )


def territory_fields(form, organisation):
    """Communes and quartiers of the organisation only: another service's ids are refused."""
    if "commune" in form.fields:
        form.fields["commune"].queryset = Commune.objects.of(organisation)
    if "quartier" in form.fields:
        form.fields["quartier"] = QuartierChoiceField(
            label=form.fields["quartier"].label,
            required=False,
            queryset=Quartier.objects.filter(organisation=organisation).select_related("commune"),
            help_text=_("Facultatif ; doit être dans la commune choisie."),
        )


class PartnerFilterForm(StyledForm):
    """The directory's search. A bad value answers field by field; the list is then empty."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom ou sigle, accents et majuscules ignorés."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=blank(_("Tous les types")) + PartnerKind.choices
    )
    funders = forms.BooleanField(label=_("Financeurs seulement"), required=False)
    inactive = forms.BooleanField(label=_("Inclure les partenaires inactifs"), required=False)

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filter(self, partners):
        data = self.cleaned_data
        if data["q"]:
            partners = partners.matching(data["q"])
        if data["kind"]:
            partners = partners.filter(kind=data["kind"])
        if data["funders"]:
            partners = partners.funders()
        if not data["inactive"]:
            partners = partners.active()
        return partners


class PartnerForm(StyledModelForm):
    class Meta:
        model = Partner
        fields = [
            "kind",
            "name",
            "short_name",
            "is_funder",
            "address",
            "commune",
            "phone",
            "email",
            "website",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def setup(self):
        territory_fields(self, self.organisation)
        if self.current is not None:
            self.fields["name"].help_text = _(
                "Pour corriger une faute. Un changement de nom officiel s'enregistre avec "
                "« Enregistrer un changement de nom », pour que les anciens bilans gardent "
                "l'ancien nom."
            )
        else:
            del self.fields["is_active"]

    def clean(self):
        cleaned = super().clean()
        check_name_is_free(self, "name", Partner.objects.of(self.organisation), DUPLICATE_PARTNER)
        partner = self.current
        if partner is None:
            return cleaned
        if cleaned.get("is_funder") is False and partner.funded_conventions.exists():
            self.add_error(
                "is_funder",
                _("Ce partenaire finance des conventions : il reste financeur."),
            )
        kind = cleaned.get("kind")
        if (
            kind
            and partner.kind == PartnerKind.SOCIAL_LANDLORD
            and kind != PartnerKind.SOCIAL_LANDLORD
            and partner.residences.exists()
        ):
            self.add_error(
                "kind",
                _("Ce bailleur a des résidences enregistrées : il reste bailleur social."),
            )
        return cleaned


class RenameForm(StyledForm):
    """An official change of name: the current name becomes a former name until the day before."""

    new_name = forms.CharField(label=_("Nouveau nom"), max_length=200)
    renamed_on = forms.DateField(
        label=_("Nouveau nom en usage depuis le"),
        widget=date_input(),
        help_text=_("L'ancien nom reste celui des bilans des périodes antérieures."),
    )

    def __init__(self, *args, partner, **kwargs):
        self.partner = partner
        self.current = partner
        self.organisation = partner.organisation_id
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        new_name = cleaned.get("new_name")
        if new_name and new_name.strip() == self.partner.name:
            self.add_error("new_name", _("C'est déjà le nom du partenaire."))
        else:
            check_name_is_free(
                self, "new_name", Partner.objects.of(self.organisation), DUPLICATE_PARTNER
            )
        renamed_on = cleaned.get("renamed_on")
        latest = self.partner.former_names.order_by("-valid_until").first()
        if renamed_on and latest is not None and renamed_on <= latest.valid_until:
            self.add_error(
                "renamed_on",
                _(
                    "Le partenaire portait encore le nom « %(name)s » jusqu'au %(day)s : le "
                    "changement doit être postérieur."
                )
                % {"name": latest.name, "day": latest.valid_until.strftime("%d/%m/%Y")},
            )
        return cleaned


class PartnerAccountField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user} ({obj.user.email})"


class ContactForm(StyledModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "membership"]

    def setup(self):
        # Partner accounts of the service not already held by another contact.
        taken = Contact.objects.filter(organisation=self.organisation, membership__isnull=False)
        if self.current is not None:
            taken = taken.exclude(pk=self.current.pk)
        self.fields["membership"] = PartnerAccountField(
            label=_("Compte Palabre"),
            required=False,
            queryset=Membership.objects.active()
            .filter(organisation=self.organisation, role=Role.PARTNER)
            .exclude(pk__in=taken.values("membership_id"))
            .select_related("user")
            .order_by("user__last_name", "user__first_name"),
            empty_label=_("Aucun compte"),
            help_text=_(
                "Le compte « partenaire prescripteur » de cette personne, pour qu'elle suive ses "
                "orientations."
            ),
        )


class ResidenceForm(StyledModelForm):
    class Meta:
        model = Residence
        fields = ["name", "address", "commune", "quartier"]

    def __init__(self, *args, landlord, **kwargs):
        self.landlord = landlord
        super().__init__(*args, organisation=landlord.organisation_id, **kwargs)

    def setup(self):
        territory_fields(self, self.organisation)

    def clean(self):
        cleaned = super().clean()
        check_quartier_in_commune(self)
        check_name_is_free(
            self,
            "name",
            self.landlord.residences.all(),
            _("%(landlord)s a déjà une résidence « %(name)s »."),
            landlord=self.landlord.name,
        )
        return cleaned
