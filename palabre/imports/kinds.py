"""What each kind of import is called on its pages: the rows ready, the button, the result,
where to see what was imported, and the name of Palabre's template file."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.imports.models import ImportKind


def ready(kind, n) -> str:
    if kind == ImportKind.TEAM:
        text = ngettext("%(n)s personne prête à importer", "%(n)s personnes prêtes à importer", n)
    elif kind == ImportKind.PERMANENCES:
        text = ngettext(
            "%(n)s permanence prête à importer", "%(n)s permanences prêtes à importer", n
        )
    elif kind == ImportKind.PARTNERS:
        text = ngettext("%(n)s partenaire prêt à importer", "%(n)s partenaires prêts à importer", n)
    else:
        text = ngettext("%(n)s dossier prêt à importer", "%(n)s dossiers prêts à importer", n)
    return text % {"n": n}


def button(kind, n) -> str:
    if kind == ImportKind.TEAM:
        text = ngettext("Importer %(n)s personne", "Importer %(n)s personnes", n)
    elif kind == ImportKind.PERMANENCES:
        text = ngettext("Importer %(n)s permanence", "Importer %(n)s permanences", n)
    elif kind == ImportKind.PARTNERS:
        text = ngettext("Importer %(n)s partenaire", "Importer %(n)s partenaires", n)
    else:
        text = ngettext("Importer %(n)s dossier", "Importer %(n)s dossiers", n)
    return text % {"n": n}


def done(kind, n) -> str:
    if kind == ImportKind.TEAM:
        text = ngettext(
            "%(n)s personne ajoutée à l'équipe du service.",
            "%(n)s personnes ajoutées à l'équipe du service.",
            n,
        )
    elif kind == ImportKind.PERMANENCES:
        text = ngettext(
            "%(n)s permanence créée, ses séances au calendrier.",
            "%(n)s permanences créées, leurs séances au calendrier.",
            n,
        )
    elif kind == ImportKind.PARTNERS:
        text = ngettext(
            "%(n)s partenaire ajouté à l'annuaire.", "%(n)s partenaires ajoutés à l'annuaire.", n
        )
    else:
        text = ngettext("%(n)s dossier importé.", "%(n)s dossiers importés.", n)
    return text % {"n": n}


def links(kind) -> list[tuple[str, str]]:
    if kind == ImportKind.TEAM:
        return []  # the page lists the people imported, and offers their invitations
    if kind == ImportKind.PERMANENCES:
        return [(_("Voir les permanences"), reverse("permanences:list"))]
    if kind == ImportKind.PARTNERS:
        return [(_("Voir l'annuaire des partenaires"), reverse("partners:list"))]
    return [
        (_("Voir les dossiers"), reverse("cases:list")),
        (_("Voir le tableau de bord"), reverse("reports:dashboard")),
    ]


def sheet_title(kind) -> str:
    titles = {
        ImportKind.PARTNERS: _("Partenaires"),
        ImportKind.PERMANENCES: _("Permanences"),
        ImportKind.TEAM: _("Équipe"),
    }
    return titles.get(kind, _("Dossiers"))


def file_name(kind, extension) -> str:
    stems = {
        ImportKind.PARTNERS: "partenaires",
        ImportKind.PERMANENCES: "permanences",
        ImportKind.TEAM: "equipe",
    }
    stem = stems.get(kind, "dossiers")
    return f"palabre-modele-{stem}.{extension}"
