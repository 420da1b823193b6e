"""Forms of events: an event, a registration, attendance, a shared document (of an event or a
pole)."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core import uploads
from palabre.core.forms import StyledForm, date_input
from palabre.network.models import (
    Attendance,
    Event,
    Member,
    MemberContact,
    Pole,
)
from palabre.partners.forms.base import StyledModelForm

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = {
    ".pdf",
    ".odt",
    ".ods",
    ".odp",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".txt",
    ".csv",
    ".png",
    ".jpg",
    ".jpeg",
}


class EventForm(StyledModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "place",
            "is_remote",
            "pole",
            "description",
        ]
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def setup(self):
        self.fields["pole"].queryset = Pole.objects.of(self.organisation)
        self.fields["pole"].empty_label = _("Aucun pôle")
        self.fields["pole"].help_text = _("Pour une rencontre régionale ou un groupe d'un pôle.")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.member.name}"


class RegistrationForm(StyledForm):
    """A member's contact, or a name given for a member: the contact decides the member."""

    contact = ContactChoiceField(
        label=_("Contact d'une structure membre"),
        required=False,
        queryset=MemberContact.objects.none(),
        empty_label=_("Personne hors des contacts (indiquer un nom ci-dessous)"),
    )
    member = MemberChoiceField(
        label=_("Structure membre"),
        required=False,
        queryset=Member.objects.none(),
        empty_label=_("— la structure du contact —"),
    )
    name = forms.CharField(
        label=_("Nom de la personne"),
        required=False,
        max_length=200,
        help_text=_("Seulement pour une personne qui n'est pas dans les contacts."),
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            MemberContact.objects.of(network)
            .filter(member__is_active=True)
            .select_related("member")
            .order_by("member__name", "last_name", "first_name")
        )
        self.fields["member"].queryset = Member.objects.of(network).active()

    def clean(self):
        data = super().clean()
        contact, member = data.get("contact"), data.get("member")
        if contact is not None:
            if member is not None and member.pk != contact.member_id:
                self.add_error("member", _("Ce contact appartient à une autre structure."))
            data["member"] = contact.member
        elif member is None:
            self.add_error("member", _("Choisissez un contact, ou la structure de la personne."))
        elif not data.get("name", "").strip():
            self.add_error("name", _("Indiquez le nom de la personne."))
        return data


class AttendanceForm(StyledForm):
    """One « présent / absent » choice per registration, named by its id."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for registration in registrations:
            name = f"r_{registration.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{registration.person} — {registration.member.name}",
                choices=Attendance.choices,
                required=False,
                initial=registration.attendance,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.rows.append((registration, name))

    def action_kwargs(self):
        return {
            "attendance": {
                str(registration.pk): self.cleaned_data[name] for registration, name in self.rows
            }
        }

    def bound_rows(self):
        return [(registration, self[name]) for registration, name in self.rows]


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    shared_on = forms.DateField(label=_("Date"), widget=date_input())
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, bureautique, texte ou image ; %(size)s au plus.")
        % {"size": filesizeformat(MAX_DOCUMENT_BYTES)},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"shared_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "Ce type de fichier n'est pas accepté : déposez un PDF, un document "
                    "bureautique, un texte ou une image."
                )
            )
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s : %(max)s au plus.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_DOCUMENT_BYTES)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Le fichier est vide."))
        if not uploads.content_matches_name(upload):
            raise forms.ValidationError(
                _(
                    "Le contenu de ce fichier ne correspond pas à son extension "
                    "(%(suffix)s) : déposez le document d'origine."
                )
                % {"suffix": PurePath(upload.name).suffix.lower()}
            )
        return upload
