"""Two people editing the same record at once (docs/adr/0037).

An edit form carries what it showed: a signed snapshot of the values it was filled from, in a
hidden ``read_version`` field. The action re-reads those values under the row lock it already
takes and compares: if someone saved a change to them meanwhile, it refuses with
``EditConflict`` instead of writing over it. Only the values the form edits count, so an
interview added or a consent recorded meanwhile is no conflict. The refused form keeps the
person's input, names what changed and now carries the new snapshot: saving again is a choice
made knowing the other change.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from palabre.core.actions import Refused

SALT = "palabre.core.concurrency"

CONFLICT = _(
    "Quelqu'un a enregistré une modification pendant que vous remplissiez ce formulaire : rien "
    "n'a été écrit par-dessus. Vos saisies sont gardées ci-dessous ; vérifiez-les au regard de ce "
    "qui a changé, puis enregistrez de nouveau."
)


def _plain(value):
    """A value as the snapshot keeps it: JSON-able, the same whichever side read it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_plain(item) for item in value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def snapshot(values: dict) -> dict:
    return {name: _plain(value) for name, value in values.items()}


def sign(values: dict) -> str:
    return signing.dumps(snapshot(values), salt=SALT, compress=True)


def unsign(token: str) -> dict:
    return signing.loads(token, salt=SALT)


class EditConflict(Refused):
    """The values a form was filled from changed before it was saved. ``changed`` names them
    (as the form does), ``read`` and ``current`` hold both snapshots."""

    def __init__(self, *, read: dict, current: dict):
        super().__init__(CONFLICT)
        self.read = read
        self.current = current
        self.changed = [name for name in current if read.get(name) != current[name]]


def require_unchanged(read: dict | None, current_values: dict):
    """Raise ``EditConflict`` when the record no longer holds what the form showed. Call it
    after taking the row lock. ``read`` is ``None`` when the caller did not come through a
    form (a command, the demo, a test of the action): nothing is checked then."""
    if read is None:
        return
    current = snapshot(current_values)
    if any(read.get(name) != value for name, value in current.items()):
        raise EditConflict(read=read, current=current)


class GuardedEditForm(forms.Form):
    """Mixed into an edit form: adds the hidden ``read_version`` and, when the action refuses
    with ``EditConflict``, turns the refusal into one line per changed field and moves the
    hidden value to what the record holds now. Each form that mixes it in defines
    ``read_values()``: what it shows, the same dict the action compares."""

    read_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["read_version"].initial = sign(self.read_values())

    def clean_read_version(self):
        token = self.cleaned_data.get("read_version")
        if not token:
            return None  # a client that does not send it (a script): the action checks nothing
        try:
            return unsign(token)
        except signing.BadSignature:
            # On the form, not on the hidden field: the page shows the form's own errors.
            self.add_error(
                None,
                ValidationError(
                    _("Ce formulaire n'est plus valable ; rechargez la page."),
                    code="read_version",
                ),
            )
            return None

    def refused(self, refusal: Refused):
        if not isinstance(refusal, EditConflict):
            return
        for name in refusal.changed:
            self.add_error(
                None,
                gettext(
                    "%(field)s : « %(before)s » quand vous avez ouvert le formulaire, "
                    "« %(now)s » maintenant."
                )
                % {
                    "field": self._label(name),
                    "before": self._shown(name, refusal.read.get(name)),
                    "now": self._shown(name, refusal.current[name]),
                },
            )
        data = self.data.copy()
        data[self.add_prefix("read_version")] = signing.dumps(
            refusal.current, salt=SALT, compress=True
        )
        self.data = data

    def _label(self, name):
        field = self.fields.get(name)
        return str(field.label) if field is not None and field.label else name

    def _shown(self, name, value):
        """A snapshot value as the form would show it: a choice's label, an object's name."""
        values = value if isinstance(value, list) else [value]
        values = [item for item in values if item not in (None, "")]
        if not values:
            return gettext("vide")
        field = self.fields.get(name)
        shown = []
        for item in values:
            label = str(item)
            if isinstance(field, forms.ModelChoiceField):
                found = field.queryset.filter(pk=item).first()
                label = field.label_from_instance(found) if found is not None else gettext("retiré")
            elif isinstance(field, forms.ChoiceField):
                label = str(dict(field.choices).get(item, item))
            elif isinstance(item, bool):
                label = gettext("oui") if item else gettext("non")
            shown.append(label)
        return ", ".join(shown)
