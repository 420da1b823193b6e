"""Free text that seems to hold offence or sensitive data (R1, R3): the note is saved and the
next page warns, with the CNIL reminder; the box carries what the script needs to warn while
typing. Cases' private notes and the field's shift reports."""

import html

from django.contrib.messages import get_messages
from django.urls import reverse

from palabre.cases.models import PrivateNote
from palabre.privacy.tests import safety_support as support

clock = support.clock
team = support.team


def _warnings(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_a_note_mentioning_a_complaint_is_saved_and_the_page_warns(team, login):
    case = team["case"]
    client = login(team["mediator"])
    url = reverse("cases:action", args=[case.pk, "note"])

    response = client.post(url, {"text": "Il dit avoir déposé une PLAINTE et être en dépression."})

    assert response.status_code == 302
    assert PrivateNote.objects.filter(case=case).count() == 1
    (warning,) = _warnings(response)
    assert warning.startswith("Ce texte semble contenir des mentions sur des plaintes")
    assert "« PLAINTE »" in warning and "« dépression »" in warning
    assert "droit d'accès" in warning
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Ce texte semble contenir" in page


def test_an_ordinary_note_is_saved_without_a_warning(team, login):
    client = login(team["mediator"])
    url = reverse("cases:action", args=[team["case"].pk, "note"])

    response = client.post(url, {"text": "Le voisin se plaint de la musique après 22 h."})

    assert response.status_code == 302
    assert _warnings(response) == []


def test_the_note_box_of_the_case_page_carries_the_patterns_for_the_script(team, login):
    page = login(team["mediator"]).get(reverse("cases:detail", args=[team["case"].pk]))
    text = page.content.decode()

    assert "data-sensitive=" in text
    assert "sensitive-text.js" in text


def test_every_free_text_box_for_notes_and_statements_is_checked():
    from palabre.cases.forms.process import NoteForm
    from palabre.core import sensitive
    from palabre.field.forms.entry import QuickEntryForm
    from palabre.field.forms.safety import SeriousEventForm, ShiftReportForm
    from palabre.field.forms.watch import SignalForm

    boxes = [
        (NoteForm, "text"),
        (QuickEntryForm, "note"),
        (ShiftReportForm, "summary"),
        (SeriousEventForm, "description"),
        (SignalForm, "description"),
    ]
    for form, name in boxes:
        assert isinstance(form.base_fields[name].widget, sensitive.Textarea), (form, name)
