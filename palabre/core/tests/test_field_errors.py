"""A field's errors, however many, sit in one block the field names in its
``aria-describedby``: one id per page, every message read by a screen reader."""

import re

from django import forms
from django.core.validators import MinLengthValidator, RegexValidator
from django.template.loader import render_to_string

from palabre.core.forms import StyledForm

SHORT = "Au moins 12 caractères."
DIGIT = "Au moins un chiffre."


class PasswordLike(StyledForm, forms.Form):
    secret = forms.CharField(
        label="Mot de passe",
        validators=[
            MinLengthValidator(12, message=SHORT),
            RegexValidator(r"\d", message=DIGIT),
        ],
    )
    count = forms.IntegerField(label="Nombre", min_value=0, max_value=10)
    kind = forms.MultipleChoiceField(
        label="Genre",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )


def rendered(component, form, name) -> str:
    return render_to_string(f"components/{component}.html", {"field": form[name]})


def test_two_errors_of_one_field_share_one_id_and_both_are_said():
    form = PasswordLike(data={"secret": "court", "count": "3", "kind": ["a"]})
    assert not form.is_valid()

    html = rendered("field", form, "secret")

    assert re.findall(r'id="(id_secret_error)"', html) == ["id_secret_error"]
    assert SHORT in html and DIGIT in html
    described = re.search(r'aria-describedby="([^"]+)"', html)[1].split()
    assert "id_secret_error" in described


def test_the_other_field_components_keep_one_id_for_their_errors():
    form = PasswordLike(data={"secret": "assez-long-1234", "count": "99", "kind": ["z"]})
    assert not form.is_valid()

    for component, name in (("counter", "count"), ("list_checkbox_group", "kind")):
        html = rendered(component, form, name)
        assert len(re.findall(rf'id="id_{name}_error"', html)) == 1, component
        assert all(str(error) in html for error in form[name].errors), component


def test_a_field_without_errors_has_no_error_block():
    form = PasswordLike(data={"secret": "assez-long-1234", "count": "3", "kind": ["a"]})
    assert form.is_valid()

    assert "_error" not in rendered("field", form, "secret")
