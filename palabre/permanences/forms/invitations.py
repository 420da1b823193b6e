"""The forms of an invitation's pages (docs/adr/0026), for the person, without an account: the code
of a letter typed by hand, a slot, a callback, or no thank you."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases.invitation_actions import clean_phone
from palabre.cases.invitations import CallbackBand, CallbackDay
from palabre.core.forms import CheckboxSelectMultiple, StyledForm
from palabre.permanences.forms.booking import BookingForm
from palabre.permanences.models import NoticeChannel


class CodeForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code de votre courrier"),
        max_length=20,
        help_text=gettext_lazy("Les 12 caractères après « /i/ », par exemple K7M4-Q9TX-2F4A."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class InvitationBookingForm(BookingForm):
    """A slot among the free ones, and where to send a confirmation and a reminder, if wished."""

    def __init__(self, *args, slots, case, **kwargs):
        super().__init__(*args, slots=slots, variant="staff", case=case, **kwargs)
        notify_by = self.fields["notify_by"]
        notify_by.label = _("Recevoir une confirmation et un rappel par")
        notify_by.choices = [("", _("Ne pas me prévenir")), *NoticeChannel.choices]


class CallbackForm(StyledForm):
    phone = forms.CharField(
        label=gettext_lazy("Numéro où vous rappeler"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    days = forms.MultipleChoiceField(
        label=gettext_lazy("Les jours qui vous conviennent"),
        choices=CallbackDay.choices,
        widget=CheckboxSelectMultiple,
    )
    bands = forms.MultipleChoiceField(
        label=gettext_lazy("Les moments de la journée"),
        choices=CallbackBand.choices,
        widget=CheckboxSelectMultiple,
    )

    def clean_phone(self):
        phone = clean_phone(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError(
                _("Indiquez un numéro de téléphone à 10 chiffres (ou au format international).")
            )
        return phone


class DeclineForm(StyledForm):
    """Nothing to fill: the button says it."""
