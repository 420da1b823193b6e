"""At the session: who came, walk-ins, and the case a visit opens or continues."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases.forms.intake import OpenCaseForm
from palabre.core.forms import StyledForm

CAME, NO_SHOW, UNKNOWN = "came", "no_show", ""


class VisitsForm(StyledForm):
    """One choice per booked person (came / did not come / not said), and the anonymous count of
    people informed without a case."""

    informed_count = forms.IntegerField(
        label=gettext_lazy("Personnes informées ou orientées sans ouvrir de dossier"),
        min_value=0,
        max_value=200,
        initial=0,
        help_text=gettext_lazy("Un simple nombre : ni nom, ni motif."),
    )

    def __init__(self, *args, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointments = appointments
        for appointment in appointments:
            initial = {"CAME": CAME, "NO_SHOW": NO_SHOW}.get(appointment.state, UNKNOWN)
            field = forms.ChoiceField(
                label=appointment.display_name,
                choices=[(CAME, _("Venu")), (NO_SHOW, _("Absent")), (UNKNOWN, _("Non renseigné"))],
                initial=initial,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"a_{appointment.pk}"] = field

    def people(self):
        return [(a, self[f"a_{a.pk}"]) for a in self.appointments]

    def action_kwargs(self):
        data = self.cleaned_data
        answers = {a.pk: data.get(f"a_{a.pk}") for a in self.appointments}
        return {
            "came": [pk for pk, answer in answers.items() if answer == CAME],
            "no_show": [pk for pk, answer in answers.items() if answer == NO_SHOW],
            "informed_count": data["informed_count"],
        }


class WalkInForm(StyledForm):
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("first_name") or data.get("last_name")):
            raise forms.ValidationError(_("Indiquez au moins le nom ou le prénom de la personne."))
        return data


class VisitCaseForm(OpenCaseForm):
    """The case form of the first contact, without what the visit already says (date, channel)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "opened_on", "channel"):
            del self.fields[name]

    FIRST_CONTACT_FIELDS = ("referral_source", "referrer_name")

    def action_kwargs(self) -> dict:
        self.cleaned_data.setdefault("opened_on", None)
        self.cleaned_data.setdefault("channel", None)
        kwargs = super().action_kwargs()
        for name in ("opened_on", "channel"):
            kwargs.pop(name)
        return kwargs


class LinkCaseForm(StyledForm):
    reference = forms.CharField(
        label=gettext_lazy("Référence du dossier"),
        max_length=30,
        help_text=gettext_lazy("Par exemple 2026-0042."),
    )
