"""The form of a venue: where the service receives people."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.partners.forms.base import StyledModelForm, check_name_is_free
from palabre.partners.forms.directory import check_quartier_in_commune, territory_fields
from palabre.partners.models import Partner, Venue

COORDINATE_PLACES = Decimal("0.000001")


class CoordinateField(forms.DecimalField):
    """Decimal degrees as a map gives them: a comma or a point, any number of decimals (rounded
    to six, about 10 cm); the model's validators keep the range."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs.pop("localize", None)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        kwargs.pop("step_size", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("°", "").replace(" ", "")
        number = super().to_python(value)
        if number is None or not number.is_finite() or abs(number) >= 1000:
            return number  # « NaN », « inf » or out of range: the validators say so
        return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)

    def widget_attrs(self, widget):
        return {}


class VenueForm(StyledModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "host",
            "address",
            "commune",
            "quartier",
            "latitude",
            "longitude",
            "access_notes",
            "is_active",
        ]
        field_classes = {"latitude": CoordinateField, "longitude": CoordinateField}

    def setup(self):
        territory_fields(self, self.organisation)
        hosts = Q(is_active=True)
        if self.current is not None and self.current.host_id:
            # An inactive host stays selectable for the venue it already hosts.
            hosts |= Q(pk=self.current.host_id)
        self.fields["host"].queryset = Partner.objects.of(self.organisation).filter(hosts)
        self.fields["host"].empty_label = _("Aucune (local du service)")
        if self.current is None:
            del self.fields["is_active"]

    def clean(self):
        cleaned = super().clean()
        check_quartier_in_commune(self)
        check_both_coordinates(self)
        check_name_is_free(
            self,
            "name",
            Venue.objects.of(self.organisation),
            _("Un lieu du service s'appelle déjà « %(name)s »."),
        )
        return cleaned


def check_both_coordinates(form):
    """A point needs both numbers: one alone would place the venue nowhere."""
    latitude, longitude = form.cleaned_data.get("latitude"), form.cleaned_data.get("longitude")
    if "latitude" in form.errors or "longitude" in form.errors:
        return
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        form.add_error(
            missing,
            _("Indiquez la latitude et la longitude du lieu, ou aucune des deux."),
        )
