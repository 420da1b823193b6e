"""The fixed parts of a copy of a person's data: who holds it, what is left out and why, and what
art. 15(1) of the RGPD asks to tell besides the data (``subject_access.build``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WITHHELD = [
    gettext_lazy(
        "L'identité, les coordonnées et toute autre donnée des autres personnes de chaque "
        "dossier, y compris celles de votre foyer."
    ),
    gettext_lazy(
        "Les propos tenus par les autres personnes pendant la médiation, qui restent "
        "confidentiels (loi n° 95-125 du 8 février 1995, art. 21-3)."
    ),
    gettext_lazy(
        "Le texte des notes de l'équipe de médiation : la date des notes qui rapportent vos "
        "propres paroles est indiquée ; vous pouvez en demander le contenu, que la coordination "
        "relira pour en retirer ce qui concerne d'autres personnes (RGPD, art. 15, § 4)."
    ),
    gettext_lazy("Le nom des médiateur·rices et les commentaires libres de l'équipe."),
]


def controller(organisation) -> dict:
    return {
        "nom": organisation.name,
        "adresse": organisation.address,
        "telephone": organisation.phone,
        "e_mail": organisation.email,
        "contact_donnees_personnelles": organisation.dpo_contact or organisation.email,
    }


def information() -> dict:
    """What art. 15(1) asks to tell besides the data itself."""
    return {
        "finalites": _(
            "Mener la médiation que vous avez demandée, ou à laquelle vous avez été invité·e, "
            "et en établir des statistiques anonymes."
        ),
        "base_legale": _(
            "L'intérêt légitime du service à mener la médiation ; chaque étape se fait avec votre "
            "accord, que vous pouvez retirer à tout moment."
        ),
        "duree_de_conservation": _(
            "Deux ans après le dernier contact, puis suppression ou anonymisation. L'identité "
            "d'une personne sollicitée qui a refusé la médiation ou n'a pas répondu est effacée "
            "à la clôture du dossier."
        ),
        "vos_droits": _(
            "Vous pouvez faire rectifier ou effacer vos données, demander la limitation de leur "
            "traitement et vous y opposer, en écrivant au service. Vous pouvez adresser une "
            "réclamation à la CNIL (cnil.fr)."
        ),
        "decision_automatisee": _("Aucune décision n'est prise de façon automatisée."),
    }
