"""Issuing a calendar address: one's own, or a venue's for the coordination."""

from django import forms
from django.utils.translation import gettext_lazy

from palabre.core.forms import StyledForm


class FeedIssueForm(StyledForm):
    """Without a venue, the member's own duties; with one, that venue's sessions. ``venues``
    is what the member may choose from (none for a mediator)."""

    venue = forms.ModelChoiceField(
        label=gettext_lazy("Lieu"), queryset=None, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, membership, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["venue"].queryset = venues

    def action_kwargs(self):
        venue = self.cleaned_data["venue"]
        if venue is not None:
            return {"venue": venue}
        return {"mediator": self.membership}
