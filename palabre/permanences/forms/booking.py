"""Booking a slot: by the office, by a partner on a person's behalf, by the person online."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.core.forms import StyledForm
from palabre.permanences import schedule
from palabre.permanences.models import NoticeChannel


def slot_label(moment) -> str:
    return schedule.clock(timezone.localtime(moment).time())


def slot_key(moment) -> str:
    """A slot in a URL or a form: its local date and time, « 2026-12-08T14:45 »."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class BookingForm(StyledForm):
    """One slot among the free ones, who comes, and how to tell them.

    ``variant``: ``"staff"`` (the office; contact optional), ``"partner"`` (a partner for a
    person; contact optional, the person is told if one is given) or ``"public"`` (the person
    books; a contact is required, the code goes there)."""

    slot = forms.ChoiceField(label=gettext_lazy("Créneau"), widget=forms.RadioSelect)
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=100, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Téléphone portable"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_by = forms.ChoiceField(
        label=gettext_lazy("Prévenir la personne par"),
        choices=[("", gettext_lazy("Ne pas prévenir")), *NoticeChannel.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, slots, variant="staff", case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.variant, self.case = variant, case
        self.slots = {slot_key(moment): moment for moment in slots}
        self.fields["slot"].choices = [(key, slot_label(m)) for key, m in self.slots.items()]
        if variant == "public":
            self.fields["last_name"].required = True
            self.fields["notify_by"].required = True
            self.fields["notify_by"].label = _("Recevoir le code de confirmation et le rappel par")
            self.fields["notify_by"].choices = NoticeChannel.choices
        if case is not None:
            for name in ("first_name", "last_name"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        notify_by = data.get("notify_by")
        if notify_by == NoticeChannel.EMAIL and not data.get("email"):
            self.add_error("email", _("Indiquez l'adresse e-mail où prévenir la personne."))
        if notify_by == NoticeChannel.SMS and not data.get("phone"):
            self.add_error("phone", _("Indiquez le numéro de portable où envoyer le SMS."))
        if (
            self.case is None
            and self.variant != "public"
            and not (data.get("first_name") or data.get("last_name"))
        ):
            self.add_error("last_name", _("Indiquez au moins le nom ou le prénom de la personne."))
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        kwargs = {
            "starts_at": self.slots[data["slot"]],
            "phone": data["phone"],
            "email": data["email"],
            "notify_by": data["notify_by"],
        }
        if self.case is None:
            kwargs.update(first_name=data["first_name"], last_name=data["last_name"])
        return kwargs


class CodeForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code reçu"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class FinderForm(StyledForm):
    """Filters of the public list of permanences."""

    commune = forms.ChoiceField(label=gettext_lazy("Commune"), required=False)
    quartier = forms.ChoiceField(label=gettext_lazy("Quartier"), required=False)

    def __init__(self, *args, communes, quartiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("Toutes les communes"))] + communes
        self.fields["quartier"].choices = [("", _("Tous les quartiers"))] + quartiers
