"""Forms of the members directory: its search, a member's entry, a contact, a year of dues.

ModelForms here are declarations (fields, labels, checks from the model); writing is for
``network.actions``, which receives their cleaned data.
"""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.core.text import normalise
from palabre.network import actions, dues
from palabre.network.models import (
    Domain,
    DuesCategory,
    LegalType,
    Member,
    MemberContact,
    Phase,
    Pole,
    Region,
)
from palabre.partners.forms.base import CheckboxSelectMultiple, StyledModelForm

MOST_PEOPLE = 100_000
PAID = [
    ("", _("Toutes")),
    ("paid", _("Réglée")),
    ("unpaid", _("Non réglée")),
    ("none", _("Non appelée")),
]


def _blank(label):
    return [("", label)]


class MemberFilterForm(StyledForm):
    """The directory's search. A bad value answers field by field; the list is then empty."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom de la structure, accents et majuscules ignorés."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = forms.ChoiceField(
        label=_("Région"), required=False, choices=_blank(_("Toutes les régions")) + Region.choices
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=_blank(_("Toutes les phases")) + Phase.choices
    )
    legal_type = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=_blank(_("Tous les types")) + LegalType.choices,
    )
    domain = forms.ChoiceField(
        label=_("Domaine d'intervention"),
        required=False,
        choices=_blank(_("Tous les domaines")) + Domain.choices,
    )
    pole = forms.ModelChoiceField(
        label=_("Pôle régional"),
        required=False,
        queryset=Pole.objects.none(),
        empty_label=_("Tous les pôles"),
    )
    dues = forms.ChoiceField(label=_("Cotisation de l'année"), required=False, choices=PAID)
    inactive = forms.BooleanField(label=_("Inclure les anciens adhérents"), required=False)

    def __init__(self, *args, poles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pole"].queryset = poles

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filter(self, members, *, year: int):
        data = self.cleaned_data
        for name in ("region", "phase", "legal_type", "pole"):
            if data[name]:
                members = members.filter(**{name: data[name]})
        if data["domain"]:
            # Filtered in Python: JSON « contains » is not available on SQLite.
            members = members.filter(pk__in=[m.pk for m in members if data["domain"] in m.domains])
        if data["dues"] == "paid":
            members = members.filter(years__year=year, years__paid_on__isnull=False)
        elif data["dues"] == "unpaid":
            members = members.filter(years__year=year, years__paid_on__isnull=True)
        elif data["dues"] == "none":
            members = members.exclude(years__year=year)
        if not data["inactive"]:
            members = members.active()
        if data["q"]:
            folded = normalise(data["q"])
            members = members.filter(pk__in=[m.pk for m in members if folded in normalise(m.name)])
        return members


class MemberForm(StyledModelForm):
    domains = forms.MultipleChoiceField(
        label=_("Domaines d'intervention"),
        required=False,
        choices=Domain.choices,
        widget=CheckboxSelectMultiple,
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "legal_type",
            "phase",
            "organisation",
            "region",
            "pole",
            "territories",
            "domains",
            "staff",
            "volunteers",
            "joined_on",
            "dues_category",
            "is_active",
        ]
        widgets = {"joined_on": date_input()}

    def setup(self):
        # A structure counts its agents and volunteers in hundreds: beyond this is a slip (and
        # beyond 2 147 483 647, more than PostgreSQL's column holds, which SQLite would store).
        for name in ("staff", "volunteers"):
            self.fields[name].validators.append(MaxValueValidator(MOST_PEOPLE))
            self.fields[name].widget.attrs["max"] = MOST_PEOPLE
        self.fields["organisation"].queryset = actions.services_of(self.organisation)
        self.fields["organisation"].empty_label = _("Aucun : fiche d'annuaire seulement")
        self.fields["pole"].queryset = Pole.objects.of(self.organisation)
        self.fields["pole"].empty_label = _("Aucun pôle")

    def fieldsets(self):
        groups = [
            (_("La structure"), ["name", "legal_type", "phase", "organisation", "is_active"]),
            (_("Où et sur quoi"), ["region", "pole", "territories", "domains"]),
            (_("Effectifs"), ["staff", "volunteers"]),
            (_("Adhésion"), ["joined_on", "dues_category"]),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]


class ContactForm(StyledModelForm):
    class Meta:
        model = MemberContact
        fields = ["first_name", "last_name", "position", "email", "phone", "is_main"]


class YearForm(StyledForm):
    """One year of membership. The amount follows the scale of the category when left empty."""

    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Catégorie de cotisation"), choices=DuesCategory.choices)
    amount = forms.DecimalField(
        label=_("Montant (€)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=_("Laisser vide pour appliquer le barème du réseau."),
    )
    invoice_reference = forms.CharField(
        label=_("Référence de facture"), required=False, max_length=60
    )

    def __init__(self, *args, member, **kwargs):
        kwargs.setdefault(
            "initial",
            {"year": timezone.localdate().year, "category": member.dues_category or None},
        )
        super().__init__(*args, **kwargs)
        scale = dues.scale()
        self.fields["category"].choices = [
            (value, f"{label} — {scale[value]:.0f} €") for value, label in DuesCategory.choices
        ]


class PaidForm(StyledForm):
    paid_on = forms.DateField(label=_("Payée le"), widget=date_input())
    invoice_reference = forms.CharField(
        label=_("Référence de facture"),
        required=False,
        max_length=60,
        help_text=_("Laisser vide pour garder la référence déjà enregistrée."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
