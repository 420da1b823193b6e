"""What a form is sent: its own values (what a person submitting it unchanged would send, blanks
filled with ordinary values), then the same with the fields of one kind replaced by a hostile
value.

Values are sampled per field type rather than crossed: all the date fields of a form get the
same edge date in one submission, all its text fields the same long string, and so on. Each
hostile value is sent once per form, so a form costs one request per hostile value that fits
one of its fields (from 1 to 17 requests).
"""

import dataclasses
import uuid
from urllib.parse import quote_from_bytes

from tests.hostile.forms import CSRF, TEXT_KINDS

TODAY = "2026-12-09"
ORDINARY = {
    "text": "Essai",
    "textarea": "Essai",
    "search": "",
    "email": "essai@exemple.fr",
    "tel": "06 12 34 56 78",
    "url": "https://exemple.fr/",
    "password": "palabre-test",
    "number": "1",
    "date": TODAY,
    "datetime-local": f"{TODAY}T10:00",
    "time": "10:00",
    "month": TODAY[:7],
}
SKIPPED_KINDS = {"submit", "button", "reset", "image", "file"}
MARKUP = '<script>alert("palabre-xss")</script><img src=x onerror=alert(1)>'
BOUNDARY = "palabre-hostile-boundary"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclasses.dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    content_type: str


@dataclasses.dataclass(frozen=True)
class Hostile:
    """A value for every field of ``kinds``; ``refused``: a submission carrying it must be
    refused (else it may also be accepted, escaped where shown)."""

    label: str
    kinds: frozenset
    values: dict  # kind → value; "*" for every kind
    refused: bool = True
    # Whether PostgreSQL may answer it otherwise than SQLite: it refuses NUL bytes, and holds
    # columns to their length and integers to 32 or 64 bits, where SQLite stores anything.
    strict: bool = False

    def value_for(self, kind):
        return self.values.get(kind, self.values.get("*"))

    @property
    def for_postgresql(self) -> bool:
        return self.strict or any(has_nul(value) for value in self.values.values())


def has_nul(value) -> bool:
    if isinstance(value, bytes):
        return b"\x00" in value
    return isinstance(value, str) and "\x00" in value


def _hostile(label, kinds, values, refused=True, strict=False):
    return Hostile(label, frozenset(kinds), values, refused, strict)


def _dated(label, day, moment):
    return _hostile(label, ("date", "datetime-local"), {"date": day, "datetime-local": moment})


TEXT_NOT_AN_IMAGE = Upload("photo.png", b"Pas une image.\n", "image/png")
EMPTY_PDF = Upload("compte-rendu.pdf", b"", "application/pdf")
HOSTILE = [
    _dated("une date en l'an 1", "0001-01-01", "0001-01-01T00:00"),
    _dated("une date en 9999", "9999-12-31", "9999-12-31T23:59"),
    _dated("un 31 février", "2027-02-31", "2027-02-31T10:00"),
    _hostile("une heure 25:61", {"time"}, {"*": "25:61"}),
    _hostile("un nombre négatif", {"number"}, {"*": "-1"}),
    _hostile("trois milliards", {"number"}, {"*": "3000000000"}, strict=True),
    _hostile("un nombre de 21 chiffres", {"number"}, {"*": str(10**20)}, strict=True),
    _hostile("NaN", {"number"}, {"*": "NaN"}),
    _hostile("1e309 (l'infini)", {"number"}, {"*": "1e309"}),
    _hostile("100 000 caractères", TEXT_KINDS, {"*": "é" + "x" * 99_999}, False, strict=True),
    _hostile("de l'UTF-8 invalide et un octet nul", TEXT_KINDS, {"*": b"\xff\xfe caf\xc3 \x00"}),
    _hostile("du balisage et un script", TEXT_KINDS, {"*": MARKUP}, refused=False),
    _hostile("un choix qui n'est pas proposé", {"select", "radio"}, {"*": b"<b>non</b>\x00"}),
    _hostile("un identifiant inconnu", {"select", "radio"}, {"*": str(uuid.UUID(int=0xDEAD))}),
    _hostile("un champ caché forgé", {"hidden"}, {"*": b"' OR 1=1 --\x00\xff"}, refused=False),
    _hostile("un texte nommé .png", {"file"}, {"*": TEXT_NOT_AN_IMAGE}),
    _hostile("un PDF vide", {"file"}, {"*": EMPTY_PDF}),
]


def _ordinary_file(field):
    if "image" in field.attrs.get("accept", ""):
        return Upload("photo.png", _tiny_png(), "image/png")
    return Upload("document.pdf", TINY_PDF, "application/pdf")


def _tiny_png():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def ordinary(form) -> list:
    """The (name, value) pairs of the form submitted as it is, blanks given ordinary values."""
    pairs, radios = [], {}
    for field in form.fields:
        if field.kind == "checkbox":
            if field.checked or field.required:
                pairs.append((field.name, field.value))
        elif field.kind == "radio":
            radios.setdefault(field.name, [])
            radios[field.name].append(field)
        elif field.kind in ("select", "select-multiple"):
            pairs += [(field.name, value) for value in _chosen(field)]
        elif field.kind == "file":
            if field.required:
                pairs.append((field.name, _ordinary_file(field)))
        elif field.kind not in SKIPPED_KINDS:
            value = field.value or ("" if field.kind == "hidden" else ORDINARY.get(field.kind, ""))
            pairs.append((field.name, value))
    for name, group in radios.items():
        checked = [f for f in group if f.checked] or [f for f in group[:1] if f.required]
        pairs += [(name, f.value) for f in checked]
    submit = next((f for f in form.fields if f.kind == "submit"), None)
    if submit is not None:
        pairs.append((submit.name, submit.value))
    return pairs


def _chosen(select) -> list:
    chosen = [value for value, selected in select.options if selected]
    offered = [value for value, _selected in select.options if value]
    if not chosen and offered and (select.required or select.kind == "select"):
        return offered[:1]
    return chosen


def submissions(form):
    """``(hostile, pairs)`` for each hostile value that fits a field of the form."""
    base = ordinary(form)
    for hostile in HOSTILE:
        names = {f.name for f in form.fields if f.kind in hostile.kinds and f.name != CSRF}
        if not names:
            continue
        pairs = [(n, v) for n, v in base if n not in names]
        pairs += [(name, hostile.value_for(_kind_of(form, name))) for name in sorted(names)]
        yield hostile, pairs


def _kind_of(form, name):
    return next(f.kind for f in form.fields if f.name == name)


# --- Bodies ------------------------------------------------------------------------------------


def _bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def urlencoded(pairs) -> bytes:
    return b"&".join(
        quote_from_bytes(_bytes(name)).encode() + b"=" + quote_from_bytes(_bytes(value)).encode()
        for name, value in pairs
    )


def multipart(pairs) -> bytes:
    parts = []
    for name, value in pairs:
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"'.encode()
        if isinstance(value, Upload):
            head += f'; filename="{value.filename}"\r\nContent-Type: {value.content_type}'.encode()
            value = value.content
        parts.append(head + b"\r\n\r\n" + _bytes(value) + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def needs_multipart(form, pairs) -> bool:
    return form.enctype == "multipart/form-data" or any(isinstance(v, Upload) for _n, v in pairs)
