"""The settings form of a service's public page."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.website.models import ServiceSite

PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,28}$")


def _field(name, **widget_attrs):
    field = ServiceSite._meta.get_field(name).formfield()
    if widget_attrs:
        field.widget.attrs.update(widget_attrs)
    return field


class SiteForm(StyledForm):
    is_published = _field("is_published")
    about = _field("about", rows=5)
    how_it_works = _field("how_it_works", rows=12)
    contact_email = _field("contact_email")
    contact_phone = _field("contact_phone")
    contact_address = _field("contact_address")
    contact_hours = _field("contact_hours")
    show_about = _field("show_about")
    show_how_it_works = _field("show_how_it_works")
    show_partners = _field("show_partners")
    show_permanences = _field("show_permanences")
    show_request_form = _field("show_request_form")
    show_events = _field("show_events")
    show_contact = _field("show_contact")

    TEXTS = ("about", "how_it_works")
    CONTACT = ("contact_email", "contact_phone", "contact_address", "contact_hours")
    SWITCHES = (
        "show_about",
        "show_how_it_works",
        "show_partners",
        "show_permanences",
        "show_request_form",
        "show_events",
        "show_contact",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in (
            ("contact_email", organisation.email),
            ("contact_phone", organisation.phone),
            ("contact_address", organisation.address),
        ):
            if value:
                self.fields[name].help_text = _("Vide : %(value)s (celui du service).") % {
                    "value": value
                }

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Saisissez un numéro de téléphone : des chiffres, des espaces et le « + ».")
            )
        return phone

    def bound_texts(self):
        return [self[name] for name in self.TEXTS]

    def bound_contact(self):
        return [self[name] for name in self.CONTACT]

    def bound_switches(self):
        return [self[name] for name in self.SWITCHES]
