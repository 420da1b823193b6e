"""Reading an answer as the person who sent the form would: was it refused, and if so, does the
page say why, in French?"""

import json
import re
from html.parser import HTMLParser

ERROR_CLASSES = {"alert-danger", "invalid-feedback", "errorlist"}
# A message shown after a redirect (components/messages.html) that is not a success refuses.
REFUSING_MESSAGES = {"alert-danger", "alert-warning", "alert-info"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Django's own messages when a catalogue is missing, and what an untranslated page says.
ENGLISH = re.compile(
    r"\b(Enter a|Ensure this|Select a valid|This field|is required|is not a valid|"
    r"Invalid|must be|Bad Request|Forbidden|Not Found|Server Error|Method Not Allowed)\b"
)


class _Texts(HTMLParser):
    """The texts of a page's errors, of its flash messages (with their classes), of its level-1
    heading, and the page's language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang, self.errors, self.messages, self.headings = "", [], [], []
        self.open = []  # (tag, list receiving the text or None)
        self.live = 0  # depth inside the messages region

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = {key: value or "" for key, value in attrs}
        classes = set(attrs.get("class", "").split())
        if tag == "html":
            self.lang = attrs.get("lang", "")
        target = None
        if self.live and "alert" in classes:
            self.messages.append([classes, ""])
            target = self.messages[-1]
        elif classes & ERROR_CLASSES or (
            "alert-warning" in classes and attrs.get("role") == "alert"
        ):
            self.errors.append([classes, ""])
            target = self.errors[-1]
        elif tag == "h1":
            self.headings.append([classes, ""])
            target = self.headings[-1]
        self.live += bool(self.live) or attrs.get("aria-live") == "polite"
        self.open.append((tag, target))

    def handle_endtag(self, tag):
        if tag in VOID or not self.open:
            return
        while self.open:
            opened, _target = self.open.pop()
            self.live = max(self.live - 1, 0) if self.live else 0
            if opened == tag:
                break

    def handle_data(self, data):
        for _tag, target in self.open:
            if target is not None:
                target[1] += data


def _read(html):
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser


def _texts(found):
    return [text.strip() for _classes, text in found if text.strip()]


def refusal(response, client):
    """``None`` when the submission was accepted; ``""`` when it was refused with a clear French
    message; otherwise what is wrong with the refusal."""
    status = response.status_code
    if status in (301, 302, 303):
        # A refusal may come back as a message on the next page.
        page = client.get(response["Location"])
        if page.status_code != 200:
            return None
        messages = _read(page.content.decode(errors="replace")).messages
        refusing = _texts([m for m in messages if m[0] & REFUSING_MESSAGES])
        succeeding = [m for m in messages if "alert-success" in m[0]]
        return _french(refusing) if refusing and not succeeding else None
    if status == 200:
        texts = _read(response.content.decode(errors="replace"))
        errors = _texts(texts.errors + [m for m in texts.messages if "alert-danger" in m[0]])
        return _french(errors) if errors else None
    if 400 <= status < 500:
        return french_page(response)
    return f"réponse inattendue {status}"


def _french(errors):
    english = [e for e in errors if ENGLISH.search(e)]
    return f"message d'erreur en anglais : {english[0][:120]!r}" if english else ""


def french_page(response):
    """``""`` when a 4xx answer says in French what happened, else what is wrong."""
    content_type = response.get("Content-Type", "")
    body = response.content.decode(errors="replace")
    if "json" in content_type:
        try:
            answer = json.loads(body)
        except ValueError:
            return "réponse JSON illisible"
        message = (answer.get("error") or answer.get("message")) if isinstance(answer, dict) else ""
        return _french([str(message)]) if message else "réponse JSON sans message"
    if "text/html" not in content_type:
        return f"page de refus sans texte ({content_type or 'sans type'})"
    texts = _read(body)
    if not texts.lang.startswith("fr"):
        return f"page de refus qui n'est pas en français (lang={texts.lang!r})"
    words = _texts(texts.headings) + _texts(texts.errors) + _texts(texts.messages)
    return _french(words) if words else "page de refus sans titre ni message"
