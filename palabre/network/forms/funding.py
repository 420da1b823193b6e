"""Forms of pooled funding search: a call (the network's staff), an application and its result
(a member service's coordination). Writing is for ``network.actions_funding``."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.network.models import ApplicationStage, Domain, FundingCall, LegalType, Region
from palabre.partners.forms.base import CheckboxSelectMultiple, StyledModelForm
from palabre.partners.models import Partner, PartnerKind

MOST_EUROS = 100_000_000


class CallForm(StyledModelForm):
    funder = forms.ModelChoiceField(
        label=_("Financeur"),
        required=False,
        queryset=Partner.objects.none(),
        empty_label=_("Choisir un financeur du réseau"),
    )
    new_funder_name = forms.CharField(
        label=_("Ou un nouveau financeur"),
        required=False,
        max_length=200,
        help_text=_("Son nom, s'il n'est pas encore dans la liste."),
    )
    new_funder_kind = forms.ChoiceField(
        label=_("Type du nouveau financeur"),
        required=False,
        choices=[("", _("Autre"))] + PartnerKind.choices,
    )
    legal_types = forms.MultipleChoiceField(
        label=_("Types de structure visés"),
        required=False,
        choices=LegalType.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Aucun coché : tous les types."),
    )
    domains = forms.MultipleChoiceField(
        label=_("Domaines visés"),
        required=False,
        choices=Domain.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Aucun coché : tous les domaines."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Régions visées"),
        required=False,
        choices=Region.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Aucune cochée : toute la France."),
    )

    class Meta:
        model = FundingCall
        fields = [
            "title",
            "funder",
            "amount_min",
            "amount_max",
            "amount_total",
            "opens_on",
            "deadline",
            "eligibility",
            "legal_types",
            "domains",
            "regions",
            "url",
            "status",
        ]
        widgets = {"opens_on": date_input(), "deadline": date_input()}

    def setup(self):
        self.fields["funder"].queryset = Partner.objects.of(self.organisation).funders()
        for name in ("amount_min", "amount_max", "amount_total"):
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs["min"] = 0
        if self.current is None:
            del self.fields["status"]  # a new call is open
            self.initial.setdefault("opens_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        for name in ("amount_min", "amount_max", "amount_total"):
            value = data.get(name)
            if value is not None and value > MOST_EUROS:
                self.add_error(name, _("Ce montant dépasse 100 millions d'euros : vérifiez-le."))
        return data

    def action_kwargs(self):
        return dict(self.cleaned_data)

    def fieldsets(self):
        groups = [
            (_("L'appel"), ["title", "funder", "new_funder_name", "new_funder_kind", "url"]),
            (_("Montants"), ["amount_min", "amount_max", "amount_total"]),
            (_("Calendrier"), ["opens_on", "deadline", "status"]),
            (_("À qui il s'adresse"), ["eligibility", "legal_types", "domains", "regions"]),
        ]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
        ]


class ApplicationForm(StyledForm):
    applied_on = forms.DateField(label=_("Candidature déposée le"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"applied_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


RESULT_CHOICES = [
    (ApplicationStage.OBTAINED.value, _("Obtenu")),
    (ApplicationStage.REFUSED.value, _("Refusé")),
    (ApplicationStage.WITHDRAWN.value, _("Retiré (la structure renonce)")),
]


class ResultForm(StyledForm):
    result = forms.ChoiceField(
        label=_("Résultat"), choices=RESULT_CHOICES, widget=forms.RadioSelect
    )
    result_on = forms.DateField(label=_("Connu le"), widget=date_input())
    amount = forms.DecimalField(
        label=_("Montant obtenu (€)"),
        required=False,
        min_value=0,
        max_value=MOST_EUROS,
        max_digits=11,
        decimal_places=2,
        help_text=_("Seulement pour un financement obtenu."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"result_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
