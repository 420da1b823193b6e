"""The texts a service's public site starts with, in the words of conventional neighbourhood
mediation; the coordination rewrites them as it likes."""

from django.utils.translation import gettext as _


def how_it_works() -> str:
    return _(
        "La médiation de voisinage est gratuite, confidentielle et volontaire : personne n'est "
        "obligé d'y participer, et ce qui s'y dit reste entre les personnes et les médiateurs.\n\n"
        "Elle est conduite par des médiateurs bénévoles, formés à l'écoute et à la médiation, qui "
        "interviennent toujours à deux. Ils ne jugent pas, ne donnent raison à personne et ne "
        "décident pas à votre place.\n\n"
        "Après un premier entretien avec vous, le service écrit à l'autre personne pour lui "
        "proposer d'être reçue à son tour. Si chacun le souhaite, les médiateurs organisent une "
        "rencontre dans un lieu neutre, où chacun peut s'exprimer et être entendu, pour chercher "
        "ensemble une solution qui convienne à tous.\n\n"
        "Si l'autre personne ne répond pas, refuse, ou si aucun accord n'est trouvé, les "
        "médiateurs vous aident à y voir clair et vous indiquent vers qui vous tourner : "
        "conciliateur de justice, bailleur, mairie ou association d'accès au droit."
    )


def about(organisation) -> str:
    return _(
        "%(name)s accueille les habitants qui vivent un différend avec un voisin — bruit, "
        "stationnement, haie, animaux, parties communes — et les aide à renouer le dialogue."
    ) % {"name": organisation.name}
