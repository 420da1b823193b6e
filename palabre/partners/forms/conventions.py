"""Forms of conventions: the convention with its scope rules, a deliverable, its completion."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.codes import ReferralSource
from palabre.core.models import Commune, Quartier
from palabre.partners.forms.base import (
    CheckboxSelectMultiple,
    StyledForm,
    StyledModelForm,
    date_input,
)
from palabre.partners.models import Activity, Convention, Deliverable, Partner, PartnerKind

REMIND_DAYS_BEFORE = 30
SEVERAL = _("Ctrl (ou Cmd) + clic pour en choisir plusieurs ; aucune = toutes.")


class QuartiersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.commune.name} — {obj.name}"


def select_multiple(size=8):
    return forms.SelectMultiple(attrs={"size": size})


class ConventionForm(StyledModelForm):
    """A convention and its scope rules. Each rule left empty means « any »."""

    scope_activities = forms.MultipleChoiceField(
        label=_("Activités couvertes"),
        required=False,
        choices=Activity.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Aucune cochée = toutes les activités du service."),
    )
    scope_referral_sources = forms.MultipleChoiceField(
        label=_("Origines de saisine"),
        required=False,
        choices=ReferralSource.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Aucune cochée = toutes les origines."),
    )

    class Meta:
        model = Convention
        fields = [
            "title",
            "purpose",
            "partners",
            "funder",
            "signed_on",
            "starts_on",
            "ends_on",
            "amount",
            "scope_activities",
            "scope_communes",
            "scope_quartiers",
            "scope_referral_sources",
            "scope_referrers",
            "scope_landlords",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "partners": select_multiple(),
            "scope_communes": select_multiple(),
            "scope_referrers": select_multiple(),
            "scope_landlords": CheckboxSelectMultiple(),
        }

    general_fields = ["title", "purpose", "partners", "funder", "signed_on", "starts_on"]
    general_fields += ["ends_on", "amount"]
    scope_fields = ["scope_activities", "scope_communes", "scope_quartiers"]
    scope_fields += ["scope_referral_sources", "scope_referrers", "scope_landlords"]

    def setup(self):
        current = self.current
        partners = Partner.objects.of(self.organisation)

        def kept(extra):
            # Inactive partners stay selectable where the convention already names them.
            return Q(is_active=True) | Q(pk__in=[p.pk for p in extra])

        signatories = list(current.partners.all()) if current else []
        self.fields["partners"].queryset = partners.filter(kept(signatories))
        self.fields["partners"].help_text = _("Ctrl (ou Cmd) + clic pour en choisir plusieurs.")
        funders = partners.filter(is_funder=True)
        if current is not None and current.funder_id:
            funders = partners.filter(Q(is_funder=True) | Q(pk=current.funder_id))
        self.fields["funder"].queryset = funders
        self.fields["funder"].empty_label = _("Aucun (convention sans financement)")
        self.fields["funder"].help_text = _(
            "Les partenaires marqués « financeur » dans l'annuaire."
        )
        self.fields["scope_communes"].queryset = Commune.objects.of(self.organisation)
        self.fields["scope_communes"].help_text = SEVERAL
        self.fields["scope_quartiers"] = QuartiersField(
            label=_("Quartiers"),
            required=False,
            queryset=Quartier.objects.filter(organisation=self.organisation).select_related(
                "commune"
            ),
            widget=select_multiple(),
            help_text=_("Dans les communes choisies ; aucun = tous."),
        )
        referrers = list(current.scope_referrers.all()) if current else []
        self.fields["scope_referrers"].queryset = partners.filter(kept(referrers))
        self.fields["scope_referrers"].help_text = SEVERAL
        landlords = list(current.scope_landlords.all()) if current else []
        self.fields["scope_landlords"].queryset = partners.filter(
            kept(landlords), kind=PartnerKind.SOCIAL_LANDLORD
        )
        self.fields["scope_landlords"].help_text = _("Aucun coché = tous les logements.")

    def general(self):
        return [self[name] for name in self.general_fields]

    def scope(self):
        return [self[name] for name in self.scope_fields]

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Le montant ne peut pas être négatif."))
        return amount

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _("La convention ne peut pas finir (%(end)s) avant de commencer (%(start)s).")
                % {"end": ends_on.strftime("%d/%m/%Y"), "start": starts_on.strftime("%d/%m/%Y")},
            )
        communes = cleaned.get("scope_communes")
        quartiers = cleaned.get("scope_quartiers")
        if communes and quartiers:
            chosen = {commune.pk for commune in communes}
            outside = [q for q in quartiers if q.commune_id not in chosen]
            if outside:
                self.add_error(
                    "scope_quartiers",
                    _("Ces quartiers ne sont pas dans les communes choisies : %(names)s.")
                    % {"names": ", ".join(f"{q.name} ({q.commune.name})" for q in outside)},
                )
        return cleaned


class DeliverableForm(StyledModelForm):
    class Meta:
        model = Deliverable
        fields = ["kind", "title", "period_start", "period_end", "due_on", "remind_on"]

    def __init__(self, *args, convention, **kwargs):
        self.convention = convention
        super().__init__(*args, organisation=convention.organisation_id, **kwargs)

    def setup(self):
        self.fields["title"].help_text = _("Par exemple « Bilan d'activité 2025 ».")
        self.fields["remind_on"].required = False
        self.fields["remind_on"].help_text = _(
            "Un e-mail prévient la coordination ce jour-là ; vide : %(days)s jours avant."
        ) % {"days": REMIND_DAYS_BEFORE}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période précède son début."))
        due_on, remind_on = cleaned.get("due_on"), cleaned.get("remind_on")
        if due_on and remind_on and remind_on > due_on:
            self.add_error("remind_on", _("Le rappel doit précéder la date à laquelle rendre."))
        elif due_on and not remind_on and "remind_on" not in self.errors:
            cleaned["remind_on"] = due_on - dt.timedelta(days=REMIND_DAYS_BEFORE)
        return cleaned


class DoneForm(StyledForm):
    """When a deliverable was handed in (today by default, never in the future)."""

    done_on = forms.DateField(label=_("Fait le"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return done_on
