"""A network's public site: its texts and switches, the members that agreed to appear in its
public directory, and the events it shows to everyone. Imported by ``models.py``.

Nothing is public by default: a site is unpublished until the network's staff publishes it, a
member appears only once the network records that it agreed (``MemberListing``), an event only
once the staff marks it public (``PublicEvent``). The public pages read these rows through
``website/network_access.py``, never the network's own records (contacts, dues, certification,
event descriptions and registrations stay with its staff).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

__all__ = ["MemberListing", "NetworkSite", "PublicEvent"]

# What a network does, one block each on its home page: (key, title, default text).
BLOCKS = (
    (
        "federate",
        _("Fédérer"),
        _(
            "Nous réunissons les structures qui emploient des médiateurs et médiatrices "
            "sociales, pour porter ensemble la reconnaissance du métier."
        ),
    ),
    (
        "train",
        _("Former"),
        _(
            "Nous proposons aux équipes des structures membres des formations et des temps "
            "d'analyse de la pratique, conformes à la norme de la médiation sociale."
        ),
    ),
    (
        "accompany",
        _("Accompagner"),
        _(
            "Nous accompagnons les structures et les territoires qui créent, développent ou "
            "font certifier un service de médiation."
        ),
    ),
    (
        "share",
        _("Partager"),
        _(
            "Nous organisons des rencontres régionales et nationales pour échanger sur les "
            "pratiques et les outils."
        ),
    ),
    (
        "relay",
        _("Relayer"),
        _(
            "Nous faisons connaître la médiation sociale auprès des pouvoirs publics, des "
            "financeurs et des partenaires."
        ),
    ),
    (
        "pool",
        _("Mutualiser"),
        _(
            "Nous mettons en commun des ressources, des outils et les chiffres d'activité que "
            "les structures choisissent de partager."
        ),
    ),
)
# The sub-pages a network may show or hide: (key, title).
SECTIONS = (
    ("members", _("Membres")),
    ("trainings", _("Formations")),
    ("meetings", _("Rencontres")),
    ("figures", _("Chiffres")),
    ("resources", _("Ressources")),
)


def default_presentation():
    return str(
        _(
            "Notre réseau rassemble des services de médiation sociale : associations, "
            "collectivités, bailleurs et opérateurs de transport qui emploient des médiateurs "
            "et médiatrices sur leur territoire."
        )
    )


def _text_of(key) -> str:
    return str(next(text for k, _title, text in BLOCKS if k == key))


# Module-level callables: a migration names its field defaults by their import path.
def default_federate():
    return _text_of("federate")


def default_train():
    return _text_of("train")


def default_accompany():
    return _text_of("accompany")


def default_share():
    return _text_of("share")


def default_relay():
    return _text_of("relay")


def default_pool():
    return _text_of("pool")


class NetworkSite(BaseModel):
    """The network's public site: unpublished until its staff publishes it."""

    network = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="network_site"
    )
    is_published = models.BooleanField(
        _("site publié"),
        default=False,
        help_text=_("Tant qu'il n'est pas publié, ses pages n'existent pas pour le public."),
    )
    presentation = models.TextField(_("qui sommes-nous"), default=default_presentation)
    contact_email = models.EmailField(
        _("adresse de contact publique"),
        blank=True,
        help_text=_(
            "Pour les demandes d'inscription aux formations des personnes sans compte. Vide : "
            "l'adresse de contact du réseau."
        ),
    )
    federate_text = models.TextField(_("Fédérer"), default=default_federate)
    train_text = models.TextField(_("Former"), default=default_train)
    accompany_text = models.TextField(_("Accompagner"), default=default_accompany)
    share_text = models.TextField(_("Partager"), default=default_share)
    relay_text = models.TextField(_("Relayer"), default=default_relay)
    pool_text = models.TextField(_("Mutualiser"), default=default_pool)
    show_federate = models.BooleanField(_("afficher « Fédérer »"), default=True)
    show_train = models.BooleanField(_("afficher « Former »"), default=True)
    show_accompany = models.BooleanField(_("afficher « Accompagner »"), default=True)
    show_share = models.BooleanField(_("afficher « Partager »"), default=True)
    show_relay = models.BooleanField(_("afficher « Relayer »"), default=True)
    show_pool = models.BooleanField(_("afficher « Mutualiser »"), default=True)
    show_members = models.BooleanField(_("afficher l'annuaire des membres"), default=True)
    show_trainings = models.BooleanField(_("afficher les formations"), default=True)
    show_meetings = models.BooleanField(_("afficher les rencontres"), default=True)
    show_figures = models.BooleanField(_("afficher les chiffres"), default=True)
    show_resources = models.BooleanField(_("afficher les ressources"), default=False)

    class Meta:
        verbose_name = _("site public d'un réseau")

    def __str__(self):
        return str(self.network)

    def blocks(self) -> list[dict]:
        """The « what we do » blocks shown, in their order."""
        return [
            {"key": key, "title": title, "text": getattr(self, f"{key}_text")}
            for key, title, _default in BLOCKS
            if getattr(self, f"show_{key}")
        ]

    def shows(self, section: str) -> bool:
        return getattr(self, f"show_{section}")

    def public_email(self) -> str:
        return self.contact_email or self.network.email


class MemberListing(BaseModel):
    """A member that agreed to appear in the network's public directory. No row: not listed."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.OneToOneField(
        "network.Member", on_delete=models.CASCADE, related_name="public_listing"
    )

    class Meta:
        verbose_name = _("structure dans l'annuaire public")


class PublicEvent(BaseModel):
    """An event of the network shown on its public site: title, kind, dates and place only."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    event = models.OneToOneField(
        "network.Event", on_delete=models.CASCADE, related_name="public_listing"
    )

    class Meta:
        verbose_name = _("événement public d'un réseau")
