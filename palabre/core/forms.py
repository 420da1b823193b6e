"""Form foundations shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLAUSIBLE_YEARS = (1900, 2100)


def plausible_year(value):
    """A date in year 1 or 9999 is a slip of the keyboard (or a probe), never a mediation's."""
    first, last = PLAUSIBLE_YEARS
    if value is not None and not first <= value.year <= last:
        raise ValidationError(
            _("Cette date est hors de la période admise (de %(first)s à %(last)s).")
            % {"first": first, "last": last},
            code="implausible_date",
        )


def refuse_implausible_dates(fields):
    for field in fields.values():
        dated = isinstance(field, forms.DateField | forms.DateTimeField)
        if dated and plausible_year not in field.validators:
            field.validators.append(plausible_year)


class StyledForm(forms.Form):
    """Gives every widget its Bootstrap class and marks fields in error as invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_implausible_dates(self.fields)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnstyledContainerMixin:
    """Bootstrap's ``form-check-input`` belongs on each box, not on the list around them."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("class", None)
        return context


# Same class names as Django's, so that ``field.widget_type`` (which components/field.html reads
# to wrap the choices in a <fieldset> with a <legend>) stays the same.
class CheckboxSelectMultiple(UnstyledContainerMixin, forms.CheckboxSelectMultiple):
    pass


class RadioSelect(UnstyledContainerMixin, forms.RadioSelect):
    pass
