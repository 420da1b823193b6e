"""Words that suggest offence data (RGPD art. 10) or sensitive data (art. 9) in free text.

A mediation service may not keep data on offences, complaints or convictions, and should not
write down a person's health, religion, origin or sexual life (docs: R1, R3). Structured fields
never ask for them; free text can still carry them. Palabre does not block such a text (a
mediator may need to write « ne souhaite pas porter plainte »): it **warns**, while typing (the
script ``static/palabre/sensitive-text.js``) and when the text is saved (``warn_after_save``),
with the CNIL reminder.

The terms are regular expressions over *folded* text (lower case, no accents: ``fold``), each
covering its usual inflections (« condamné, condamnée, condamnation »), matched as whole words.
The same patterns go to the browser in the textarea's ``data-sensitive`` attribute, so the page
and the server always agree; they use only what Python's ``re`` and JavaScript read alike.
"""

import json
import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

WORD_CHAR = "a-z0-9"
SPACE = r"[\s-]+"  # « garde à vue », « main-courante », « procès verbal »

# kind → (what the words are about, for the message; the terms)
TERMS = {
    "offence": (
        _("des plaintes, des infractions ou des condamnations"),
        [
            r"plaintes?",
            r"condamn(?:e|es|ee|ees|er|ation|ations)",
            rf"gardes?{SPACE}a{SPACE}vue",
            rf"mains?{SPACE}courantes?",
            r"casiers?",
            rf"proces{SPACE}verba(?:l|ux)",
            r"infractions?",
            r"delits?",
            r"crimes?",
            r"criminel(?:s|le|les)?",
            r"prisons?",
            r"incarcer(?:e|es|ee|ees|ation)",
            r"detenu(?:s|e|es)?",
            r"ecrou(?:e|es|ee|ees)",
            r"interpell(?:e|es|ee|ees|ation|ations)",
            rf"mis(?:e|es)?{SPACE}en{SPACE}examen",
            r"sursis",
            r"judiciaires?",
            r"correctionnel(?:s|le|les)?",
            r"stupefiants?",
            r"dealers?",
        ],
    ),
    "health": (
        _("la santé (santé mentale, handicap, addictions)"),
        [
            r"depressions?",
            r"depressi(?:f|fs|ve|ves)",
            r"handicap(?:s|e|es|ee|ees)?",
            r"alcool(?:s|ique|iques|isme|ise|ises|isee|isees)?",
            r"alcoolos?",
            r"ivres?",
            r"ivresse",
            r"drogu(?:e|es|ee|ees)",
            r"toxicoman(?:e|es|ie)",
            r"addict(?:s|e|es|ion|ions)?",
            r"cannabis",
            r"cocaine",
            r"psychiatr(?:e|es|ie|ique|iques)",
            r"psychiques?",
            rf"sante{SPACE}mentale",
            r"schizophren(?:e|es|ie)",
            r"bipolaires?",
            r"psychos(?:e|es)",
            r"suicid(?:e|es|aire|aires)",
            r"maladies?",
            r"malades?",
            r"cancers?",
            r"vih",
            r"sida",
            r"seropositi(?:f|fs|ve|ves)",
            r"diabet(?:e|es|ique|iques)",
            r"alzheimer",
            r"autis(?:me|te|tes)",
            r"enceintes?",
            r"grossesses?",
            r"invalidites?",
            r"mdph",
            r"diogene",
            r"medicaments?",
            rf"fauteuils?{SPACE}roulants?",
        ],
    ),
    "belief": (
        _("les convictions religieuses, philosophiques ou politiques"),
        [
            r"religions?",
            r"religieu(?:x|se|ses)",
            r"musulman(?:s|e|es)?",
            r"islam(?:ique|iques)?",
            r"jui(?:f|fs|ve|ves)",
            r"chretien(?:s|ne|nes)?",
            r"catholiques?",
            r"protestant(?:s|e|es)?",
            r"bouddhistes?",
            r"athees?",
            r"mosquees?",
            r"synagogues?",
            r"croyant(?:s|e|es)?",
            r"ramadan",
            r"voilee(?:s)?",
            rf"opinions?{SPACE}politiques?",
            r"syndiqu(?:e|es|ee|ees)",
        ],
    ),
    "origin": (
        _("l'origine raciale ou ethnique"),
        [
            r"ethni(?:e|es|que|ques)",
            r"racial(?:e|es)?",
            r"raciaux",
            rf"couleurs?{SPACE}de{SPACE}peau",
        ],
    ),
    "sexual": (
        _("la vie ou l'orientation sexuelle"),
        [
            r"homosexu(?:el|els|elle|elles|alite)",
            r"bisexu(?:el|els|elle|elles)",
            r"lesbiennes?",
            r"gays?",
            r"transgenres?",
            r"sexuel(?:s|le|les)?",
        ],
    ),
}

REMINDER = _(
    "Rappel : notez seulement des faits objectifs et utiles à la médiation, jamais excessifs ni "
    "injurieux, sans plainte, infraction, condamnation ni donnée de santé, de religion, "
    "d'origine ou de vie sexuelle ; la personne peut lire ce qui la concerne en exerçant son "
    "droit d'accès."
)


def _pattern(terms: list[str]) -> str:
    return rf"(?<![{WORD_CHAR}])(?:{'|'.join(terms)})(?![{WORD_CHAR}])"


PATTERNS = {kind: re.compile(_pattern(terms)) for kind, (_label, terms) in TERMS.items()}


def fold(text: str) -> tuple[str, list[int]]:
    """The text in lower case without accents, and for each folded character the index of the
    character it comes from (so that a match shows the words as typed)."""
    folded, origin = [], []
    for index, char in enumerate(text or ""):
        decomposed = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        folded.append(plain)
        origin.extend([index] * len(plain))
    return "".join(folded), origin


@dataclass(frozen=True)
class Found:
    kind: str
    words: tuple[str, ...]  # as typed, each once, in order of appearance

    @property
    def label(self):
        return TERMS[self.kind][0]


def find(text: str) -> list[Found]:
    """What the text seems to mention, kind by kind (in the order of ``TERMS``)."""
    folded, origin = fold(text)
    found = []
    for kind, pattern in PATTERNS.items():
        words = []
        for match in pattern.finditer(folded):
            word = text[origin[match.start()] : origin[match.end() - 1] + 1]
            if word.lower() not in (w.lower() for w in words):
                words.append(word)
        if words:
            found.append(Found(kind, tuple(words)))
    return found


def quoted(word: str) -> str:
    """« word » in French, “word” in English: the quotation marks are the language's."""
    return gettext("« %(word)s »") % {"word": word}


def message(found: list[Found]) -> str:
    """« Ce texte semble contenir … (« plainte »). Rappel : … », or "" when nothing was found."""
    if not found:
        return ""
    parts = [
        gettext("%(about)s (%(words)s)")
        % {"about": item.label, "words": ", ".join(quoted(w) for w in item.words)}
        for item in found
    ]
    return gettext("Ce texte semble contenir des mentions sur %(parts)s. %(reminder)s") % {
        "parts": gettext(" ; ").join(parts),
        "reminder": REMINDER,
    }


def browser_data() -> str:
    """What the script needs, as JSON: the patterns by kind, and the sentences in the current
    language (the script builds the same message as ``message``)."""
    return json.dumps(
        {
            "kinds": [
                {"label": str(label), "pattern": _pattern(terms)} for label, terms in TERMS.values()
            ],
            "intro": gettext("Ce texte semble contenir des mentions sur"),
            "quote": gettext("« %(word)s »"),
            "reminder": str(REMINDER),
        },
        ensure_ascii=False,
    )


class Textarea(forms.Textarea):
    """A free-text box whose text is checked: the script warns while typing, and
    ``warn_after_save`` once the text is saved. Same class name as Django's, so that templates
    reading ``field.widget_type`` see a textarea."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-sensitive"] = browser_data()
        return context


def checked_fields(form) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field.widget, Textarea)]


def warnings_for(form) -> list[str]:
    """The warning for each checked field of a valid form whose text seems to need one."""
    data = getattr(form, "cleaned_data", {}) or {}
    found = (find(data.get(name) or "") for name in checked_fields(form))
    return [message(items) for items in found if items]


def warn_after_save(request, form) -> None:
    """Adds the warning (never an error: the text is saved) to the page shown next."""
    for text in warnings_for(form):
        messages.warning(request, text)
