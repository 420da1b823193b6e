"""What every partners form shares: Bootstrap classes on widgets, fields in error marked invalid.

Plain forms use ``core.forms.StyledForm``; ``StyledModelForm`` below does the same for forms
declared from a model.

Forms here are ModelForms used as *declarations*: they take their fields, labels and validation
from the model, but never ``save()``: writing is for ``actions.py``, which receives
``cleaned_data``.
"""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import (
    CheckboxSelectMultiple,
    StyledForm,
    UnstyledContainerMixin,
    date_input,
    refuse_implausible_dates,
)
from palabre.core.text import normalise

__all__ = [
    "CheckboxSelectMultiple",
    "StyledForm",
    "StyledModelForm",
    "UnstyledContainerMixin",
    "check_name_is_free",
    "date_input",
    "style",
]


def style(form):
    """The same classes and date checks as ``core.forms.StyledForm``, and native date pickers."""
    refuse_implausible_dates(form.fields)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):  # SelectMultiple too
            css = "form-select"
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"  # attrs["type"] would write a second type attribute
            widget.format = "%Y-%m-%d"


def mark_invalid(form):
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class StyledModelForm(forms.ModelForm):
    """A form declared from the model, for ``organisation``; ``current`` is the object edited.

    The form works on a copy of ``current``: its values are the initial ones and the model's
    own checks (uniqueness included) see the row as existing, but an invalid post never alters
    the object the page shows.
    """

    def __init__(self, *args, organisation, current=None, **kwargs):
        self.organisation = organisation
        self.current = current
        if current is not None:
            kwargs["instance"] = copy.copy(current)
        super().__init__(*args, **kwargs)
        self.setup()
        style(self)

    def setup(self):
        """Narrows the choice fields to the organisation's own rows."""

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)


def check_name_is_free(form, field, queryset, message, **params):
    """Adds ``message`` to ``field`` when another row of ``queryset`` bears the same name,
    accents and case aside (« Neotoa » and « Néotoa » are the same partner)."""
    name = form.cleaned_data.get(field)
    if not name:
        return
    folded = normalise(name)
    if form.current is not None:
        queryset = queryset.exclude(pk=form.current.pk)
    if any(normalise(other) == folded for other in queryset.values_list("name", flat=True)):
        form.add_error(field, message % {"name": name, **params})


DUPLICATE_PARTNER = _("Un partenaire du service s'appelle déjà « %(name)s ».")
