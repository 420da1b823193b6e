"""The free-text warning for offence and sensitive data: the words it sees, the words it leaves,
and the browser script that must see exactly the same."""

import json
import subprocess
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from palabre.core import sensitive

SCRIPT = Path(settings.BASE_DIR) / "palabre" / "static" / "palabre" / "sensitive-text.js"

SEEN = [
    ("Il a porté plainte au commissariat.", "offence", "plainte"),
    ("Deux PLAINTES déposées", "offence", "PLAINTES"),
    ("Son fils a été condamné l'an dernier", "offence", "condamné"),
    ("une condamnation ancienne", "offence", "condamnation"),
    ("Placé en garde à vue", "offence", "garde à vue"),
    ("placé en GARDE A VUE", "offence", "GARDE A VUE"),
    ("a déposé une main-courante", "offence", "main-courante"),
    ("Ils ont fait deux mains courantes", "offence", "mains courantes"),
    ("son casier est chargé", "offence", "casier"),
    ("un procès-verbal de police", "offence", "procès-verbal"),
    ("Elle est en dépression", "health", "dépression"),
    ("il est très dépressif", "health", "dépressif"),
    ("Sa fille est handicapée", "health", "handicapée"),
    ("il boit de l'alcool le soir", "health", "alcool"),
    ("le voisin est alcoolique", "health", "alcoolique"),
    ("suivi en psychiatrie", "health", "psychiatrie"),
    ("une famille musulmane", "belief", "musulmane"),
    ("à cause de sa religion", "belief", "religion"),
    ("Son origine ethnique", "origin", "ethnique"),
    ("Ses voisins sont homosexuels", "sexual", "homosexuels"),
]

LEFT = [
    "Le voisin se plaint du bruit de la musique le soir.",
    "Une complainte chantée dans la cour.",
    "Les haies dépassent de 50 cm sur le jardin.",
    "Stationnement gênant devant le garage.",
    "Santiago a pris la voiture ; les maladroits du troisième.",
]


@pytest.mark.parametrize(("text", "kind", "word"), SEEN, ids=[s[0] for s in SEEN])
def test_the_words_of_offence_and_sensitive_data_are_seen_whatever_accents_or_case(
    text, kind, word
):
    found = sensitive.find(text)

    assert [(item.kind, item.words) for item in found] == [(kind, (word,))]


@pytest.mark.parametrize("text", LEFT)
def test_ordinary_words_of_a_neighbourhood_conflict_are_left_alone(text):
    assert sensitive.find(text) == []


def test_a_word_is_named_once_and_each_kind_comes_with_its_words():
    found = sensitive.find("Plainte, puis une autre plainte ; elle parle de sa dépression.")

    assert [(item.kind, item.words) for item in found] == [
        ("offence", ("Plainte",)),
        ("health", ("dépression",)),
    ]


def test_the_message_says_what_was_seen_and_gives_the_cnil_reminder():
    text = sensitive.message(sensitive.find("Elle a porté plainte."))

    assert text.startswith(
        "Ce texte semble contenir des mentions sur des plaintes, des infractions ou des "
        "condamnations (« plainte »). Rappel :"
    )
    assert "objectifs" in text
    assert "droit d'accès" in text
    assert sensitive.message([]) == ""


class NoteForm(forms.Form):
    text = forms.CharField(widget=sensitive.Textarea)
    other = forms.CharField(widget=forms.Textarea, required=False)


def test_only_the_checked_boxes_of_a_saved_form_are_warned_about():
    form = NoteForm({"text": "Rien à signaler.", "other": "une plainte"})
    assert form.is_valid()
    assert sensitive.warnings_for(form) == []

    form = NoteForm({"text": "Elle a porté plainte.", "other": ""})
    assert form.is_valid()
    assert len(sensitive.warnings_for(form)) == 1


def test_the_checked_box_carries_the_patterns_and_sentences_for_the_script():
    html = str(NoteForm()["text"])

    assert "data-sensitive=" in html
    assert "<textarea" in html
    data = json.loads(sensitive.browser_data())
    assert [kind["label"] for kind in data["kinds"]][0].startswith("des plaintes")
    assert data["reminder"].startswith("Rappel :")


def test_the_browser_script_sees_exactly_what_the_server_sees():
    texts = [text for text, _kind, _word in SEEN] + LEFT + ["Plainte, puis plainte ; dépression."]
    program = (
        f"const api = require({json.dumps(str(SCRIPT))});"
        f"const data = {sensitive.browser_data()};"
        f"const texts = {json.dumps(texts, ensure_ascii=False)};"
        "process.stdout.write(JSON.stringify(texts.map("
        "t => api.message(api.find(t, data.kinds), data))));"
    )
    result = subprocess.run(
        ["node", "-e", program], capture_output=True, text=True, check=True, timeout=30
    )

    assert json.loads(result.stdout) == [sensitive.message(sensitive.find(t)) for t in texts]
