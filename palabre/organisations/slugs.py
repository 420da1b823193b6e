"""Short names an organisation may not take: its public page answers at ``/<slug>/``, after
every other page of the site, so a slug equal to a top-level path would never be reached (or,
worse, would hide that page if the order changed). ``website/tests/test_reserved_slugs.py``
derives the top-level paths from the URLconf and fails when one is missing here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RESERVED_SLUGS = frozenset(
    {
        # Top-level paths of the URLconf.
        "admin",
        "agenda",
        "aller-vers",
        "api",
        "bilans",
        "composants",
        "compte",
        "d",
        "dossiers",
        "formations",
        "i",
        "i18n",
        "import",
        "organisations",
        "orientations",
        "partenaires",
        "permanences",
        "protection",
        "r",
        "rendez-vous",
        "reseau",
        "ressources",
        "sante",
        "site-public",
        "terrain",
        # Files and folders the web server or browsers ask for.
        "static",
        "media",
        "robots",
        "sitemap",
        "favicon",
        "well-known",
    }
)


def check_public_slug(slug: str) -> None:
    """Refuses a short name that a page of Palabre already uses."""
    if (slug or "").strip().lower() in RESERVED_SLUGS:
        raise ValidationError(
            _(
                "L'identifiant court « %(slug)s » est réservé à une page de Palabre : "
                "choisissez-en un autre, par exemple « %(slug)s-%(suffix)s »."
            )
            % {"slug": slug, "suffix": "mediation"},
            code="reserved_slug",
        )
