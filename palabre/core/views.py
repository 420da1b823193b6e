from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.shortcuts import render


def components(request):
    """The gallery of components, for designers and accessibility reviews."""
    from django import forms
    from django.utils.translation import gettext as _

    class SampleForm(forms.Form):
        name = forms.CharField(
            label=_("Nom"), help_text=_("Nom de famille, tel qu'il se présente.")
        )
        when = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
        agreed = forms.BooleanField(label=_("La personne accepte d'être contactée"))

    sample = SampleForm(data={"name": "", "when": "31/02/2026"})
    sample.is_valid()
    for field in sample.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    return render(request, "core/components.html", {"sample_form": sample, "component_names": []})


@login_not_required
def health(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def bad_request(request, exception=None):
    """A request Palabre cannot read: too large (413, with the limit in words) or malformed."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)
