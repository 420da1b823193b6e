"""Information notices (RGPD art. 13 and 14, rule R6): their kinds, the version in force of
each text, and the way the apps that hand one out say so.

The texts are templates: ``privacy/notices/<kind>.html``, and for the other party the notice
printed at the back of the invitation letter (``cases/letters/notice_other_party.html``). Each
version carries the SHA-256 of its template; a test fails when a text changes and its version
does not, so that the record of who received which version stays true.

The letter belongs to ``cases``, which comes before ``privacy`` in the dependency order and may
not import it. It calls ``given`` here; the ``privacy`` app registers in its
``AppConfig.ready`` the recorder that stores who received which version, when and how
(``privacy.notices.NoticeGiven``), like ``core.reads`` for the access log.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.db import models
from django.template.loader import get_template
from django.utils import formats
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    REQUESTER = "REQUESTER", _("Demandeur·euse, à l'accueil")
    OTHER_PARTY = "OTHER_PARTY", _("Autre partie (art. 14, courrier d'invitation)")
    PARTICIPANT = "PARTICIPANT", _("Participant·e d'une médiation collective")
    VOLUNTEER = "VOLUNTEER", _("Bénévoles et salarié·es du service")
    NETWORK_MEMBER = "NETWORK_MEMBER", _("Membres du réseau")


class NoticeMethod(models.TextChoices):
    LETTER = "LETTER", _("Courrier")
    HANDED = "HANDED", _("Remise en main propre")
    EMAIL = "EMAIL", _("E-mail")
    ONLINE = "ONLINE", _("Formulaire en ligne")
    ORAL = "ORAL", _("Expliquée de vive voix, document proposé")


@dataclass(frozen=True)
class Version:
    number: str
    since: dt.date
    template: str
    sha256: str

    def label(self) -> str:
        date = formats.date_format(self.since, "j F Y")
        if self.since.day == 1 and (get_language() or "").startswith("fr"):
            date = "1er" + date[1:]
        return gettext("version %(number)s du %(date)s") % {"number": self.number, "date": date}


# The version in force of each text. Changing a text: a new number and date, its new fingerprint
# (``fingerprint(template)``); the register then tells who received the former one.
CURRENT = {
    NoticeKind.REQUESTER: Version(
        "1",
        dt.date(2026, 12, 1),
        "privacy/notices/requester.html",
        "40e25a1ee76e3c55d1569f6221de18d3e87903f1712ccafd5d27c03ba9bc230e",
    ),
    NoticeKind.OTHER_PARTY: Version(
        "1",
        dt.date(2026, 12, 1),
        "cases/letters/notice_other_party.html",
        "e93d84482a23f0b88545902cfc69708b1e6bb388b7910c3046d83d83e0f66bf2",
    ),
    NoticeKind.PARTICIPANT: Version(
        "1",
        dt.date(2026, 12, 1),
        "privacy/notices/participant.html",
        "14312d877372d63c3ab624a39ce3407699cb4c4d56d181971a61a069e7ef45a1",
    ),
    NoticeKind.VOLUNTEER: Version(
        "1",
        dt.date(2026, 12, 1),
        "privacy/notices/volunteer.html",
        "096161d7b7d5879f887dc026f44f3c74c43d6ac415d67310ed2164c503dc160f",
    ),
    NoticeKind.NETWORK_MEMBER: Version(
        "1",
        dt.date(2026, 12, 1),
        "privacy/notices/network_member.html",
        "a318f3fe6b0175969ca02a043f640f9e4faef3117d50ac60947a0a142e2704dd",
    ),
}


INCLUDE = re.compile(r"""\{%\s*include\s+["']([^"']+)["']""")


def _source(template_name: str) -> str:
    """The template's source followed by those of the templates it includes by name."""
    source = get_template(template_name).template.source
    return source + "".join(_source(name) for name in INCLUDE.findall(source))


def digest(source: str) -> str:
    """SHA-256 of a text with its spaces collapsed: re-indenting is no new version, changing a
    word is."""
    return hashlib.sha256(" ".join(source.split()).encode()).hexdigest()


def fingerprint(template_name: str) -> str:
    """The digest of a notice's text as written: its template and the ones it includes."""
    return digest(_source(template_name))


_recorders: list = []


def add_recorder(recorder):
    """``recorder(*, kind, version, method, organisation, by, party, membership, member, at)``."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def given(
    *, kind, method, organisation, by=None, party=None, membership=None, member=None, at=None
):
    """Tells the register of notices that ``kind``, in its current version, was given ``by``
    (a membership) to a case's party, a member of the team or a network's member."""
    for recorder in _recorders:
        recorder(
            kind=kind,
            version=CURRENT[kind].number,
            method=method,
            organisation=organisation,
            by=by,
            party=party,
            membership=membership,
            member=member,
            at=at,
        )
