"""Convention figures: what the police and landlord conventions ask the service to report."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.organisations.access import require
from palabre.partners.access import can_see_convention_figures, conventions_for
from palabre.partners.models import Convention
from palabre.referrals.figures import compute


class FiguresForm(StyledForm):
    convention = forms.ModelChoiceField(
        label=_("Convention"), queryset=Convention.objects.none(), empty_label=_("Choisissez")
    )
    start = forms.DateField(label=_("Du"), widget=date_input())
    end = forms.DateField(label=_("Au"), widget=date_input())
    diffusion = forms.BooleanField(
        label=_("Version à diffuser (effectifs inférieurs à 5 masqués)"), required=False
    )

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("La fin de la période précède son début."))
        return data


def convention_figures(request):
    membership = request.membership
    require(can_see_convention_figures(membership))
    conventions = conventions_for(membership)
    today = timezone.localdate()
    initial = {"start": today.replace(month=1, day=1), "end": today.replace(month=12, day=31)}
    data = request.GET if "convention" in request.GET else None
    form = FiguresForm(data, conventions=conventions, initial=initial)
    figures = tables = None
    if form.is_valid():
        data = form.cleaned_data
        figures = compute(data["convention"], data["start"], data["end"])
        tables = dict(figures.rows(suppress=data["diffusion"]))
    return render(
        request,
        "referrals/figures.html",
        {"form": form, "figures": figures, "tables": tables},
        status=400 if form.errors else 200,
    )
