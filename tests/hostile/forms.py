"""The forms of a page, read from its HTML as a browser reads them: where they go, how, and with
which fields (type, name, current value, the options of a select, the CSRF token)."""

import dataclasses
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TEXT_KINDS = {"text", "textarea", "email", "tel", "url", "search", "password"}
CSRF = "csrfmiddlewaretoken"


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # the input's type, or "textarea", "select", "select-multiple"
    value: str = ""
    checked: bool = False
    required: bool = False
    options: list = dataclasses.field(default_factory=list)  # (value, selected) of a select
    attrs: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Form:
    action: str  # a same-site path, query included
    method: str  # "get" or "post"
    enctype: str
    fields: list

    @property
    def path(self):
        return urlparse(self.action).path

    def signature(self) -> tuple:
        """The same form on another row's page, or on another page, is the same form."""
        names = sorted({(f.kind, f.name) for f in self.fields if f.name != CSRF})
        return (self.method, UUID.sub("<id>", self.path), tuple(names))

    def of_kind(self, *kinds) -> list:
        return [f for f in self.fields if f.kind in kinds]

    def invalid(self) -> set:
        """The names of the fields the page marks as invalid."""
        return {f.name for f in self.fields if "is-invalid" in f.attrs.get("class", "").split()}

    @property
    def csrf_token(self) -> str:
        return next((f.value for f in self.fields if f.name == CSRF), "")


class _Parser(HTMLParser):
    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base, self.forms, self.form = base, [], None
        self.select = self.textarea = self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.form = Form(
                action=urljoin(self.base, attrs.get("action") or self.base),
                method=(attrs.get("method") or "get").lower(),
                enctype=attrs.get("enctype", "application/x-www-form-urlencoded"),
                fields=[],
            )
            self.forms.append(self.form)
        elif self.form is None or "disabled" in attrs:
            return
        elif tag in ("input", "button") and attrs.get("name"):
            kind = attrs.get("type", "text" if tag == "input" else "submit").lower()
            self.form.fields.append(
                Field(
                    name=attrs["name"],
                    kind=kind,
                    value=attrs.get("value", "on" if kind in ("checkbox", "radio") else ""),
                    checked="checked" in attrs,
                    required="required" in attrs,
                    attrs=attrs,
                )
            )
        elif tag == "select" and attrs.get("name"):
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = Field(attrs["name"], kind, required="required" in attrs, attrs=attrs)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.option = [attrs.get("value"), "selected" in attrs, ""]
            self.select.options.append(self.option)
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = Field(
                attrs["name"], "textarea", required="required" in attrs, attrs=attrs
            )
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "option":
            self._close_option()

    def _close_option(self):
        if self.option is not None:
            value, selected, text = self.option
            self.option[:] = [text.strip() if value is None else value, selected]
            self.option = None


def forms_of(url: str, html: str) -> list[Form]:
    """The same-site forms of the page served at ``url``."""
    parser = _Parser(url)
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        for field in form.fields:
            field.options = [tuple(option[:2]) for option in field.options]
    return [form for form in parser.forms if urlparse(form.action).netloc in ("", "testserver")]
