"""The demo network's library: a dozen resources shared by the network (public, for its members,
for one of its poles), one shared by the demo service, with keywords, one with a second
version, and small real files made at seed time (short PDFs through ``core.pdf``, text files)
and two links. Everything goes through the verbs."""

from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from palabre.core import pdf
from palabre.library import actions
from palabre.network.models import Pole

WEST, SOUTH = "Pôle Grand Ouest", "Pôle Sud"

# title, kind, audience, licence, visibility (a pole's name for a pole), tags, file, summary
RESOURCES = [
    (
        "Charte de la médiation sociale (démo)",
        "DOCUMENT",
        "PUBLIC",
        "ETALAB_2",
        "PUBLIC",
        ["charte", "déontologie"],
        "pdf",
        "Les principes d'intervention communs aux structures du réseau : neutralité, "
        "confidentialité, libre adhésion des personnes.",
    ),
    (
        "Guide d'évaluation de l'utilité sociale (démo)",
        "STUDY",
        "DIRECTORS",
        "CC_BY_SA",
        "PUBLIC",
        ["évaluation", "utilité sociale"],
        "pdf",
        "Une méthode pour mesurer ce que la médiation apporte aux habitants et aux partenaires.",
    ),
    (
        "Synthèse de la norme AFNOR XP X60-600 (démo)",
        "DOCUMENT",
        "COORDINATORS",
        "ALL_RIGHTS_RESERVED",
        "MEMBERS",
        ["certification", "norme"],
        "pdf",
        "Les exigences de la norme du métier de médiateur social, résumées pour préparer un audit.",
    ),
    (
        "Fiche pratique : conduire une médiation de voisinage (démo)",
        "PRACTICE_SHEET",
        "MEDIATORS",
        "CC_BY_SA",
        "MEMBERS",
        ["conflits de voisinage", "entretien"],
        "txt",
        "Du premier contact à la rencontre : les étapes, les questions à poser, les pièges.",
    ),
    (
        "Fiche pratique : le travail de rue en soirée (démo)",
        "PRACTICE_SHEET",
        "MEDIATORS",
        "CC_BY",
        "MEMBERS",
        ["tranquillité publique", "sécurité"],
        "txt",
        "Préparer une tournée, se signaler, se retirer d'une situation qui dégénère.",
    ),
    (
        "Modèle de convention de partenariat avec un bailleur (démo)",
        "TEMPLATE",
        "DIRECTORS",
        "CC_BY",
        "MEMBERS",
        ["convention", "bailleurs"],
        "txt",
        "Un modèle à adapter : objet, engagements, bilan annuel, données échangées.",
    ),
    (
        "Modèle de fiche de poste de médiateur·rice (démo)",
        "TEMPLATE",
        "COORDINATORS",
        "CC_BY_SA",
        "MEMBERS",
        ["recrutement", "adultes-relais"],
        "txt",
        "Missions, compétences attendues et cadre d'emploi, dont le poste d'adulte-relais.",
    ),
    (
        "Étude : la médiation en milieu scolaire, dix ans après (démo)",
        "STUDY",
        "PARTNERS",
        "CC_BY_NC",
        "PUBLIC",
        ["milieu scolaire", "évaluation"],
        "pdf",
        "Ce qu'ont changé les médiateurs dans les collèges : climat scolaire, absentéisme.",
    ),
    (
        "Vidéo : une journée avec une équipe de médiation (démo)",
        "VIDEO",
        "PUBLIC",
        "CC_BY",
        "PUBLIC",
        ["présentation du métier"],
        "https://video.exemple.fr/une-journee-de-mediation",
        "Un film court pour présenter le métier aux habitants et aux partenaires.",
    ),
    (
        "Lien : ressources de France Médiation sur le métier (démo)",
        "LINK",
        "COORDINATORS",
        "OTHER",
        "MEMBERS",
        ["présentation du métier"],
        "https://www.exemple.fr/ressources-mediation",
        "Une page de référence sur le métier, ses diplômes et ses financements.",
    ),
    (
        "Compte rendu de l'échange de pratiques du Grand Ouest (démo)",
        "DOCUMENT",
        "MEDIATORS",
        "ALL_RIGHTS_RESERVED",
        WEST,
        ["échange de pratiques", "conflits de voisinage"],
        "txt",
        "Ce que les équipes du Grand Ouest ont partagé : premières visites, suivis difficiles.",
    ),
    (
        "Annuaire des partenaires du Pôle Sud (démo)",
        "DOCUMENT",
        "COORDINATORS",
        "ALL_RIGHTS_RESERVED",
        SOUTH,
        ["partenaires", "annuaire"],
        "txt",
        "Les interlocuteurs que les structures du Sud se recommandent les unes aux autres.",
    ),
]

SERVICE_RESOURCE = (
    "Modèle de courrier d'invitation à une rencontre de médiation",
    "TEMPLATE",
    "MEDIATORS",
    "CC_BY_SA",
    "MEMBERS",
    ["courrier", "rencontre"],
    "txt",
    "Le courrier que notre service envoie aux deux parties avant une rencontre, à adapter.",
)


def _pdf(title, summary) -> bytes:
    html = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title></head><body><h1>{escape(title)}</h1><p>{escape(summary)}</p>"
        "<p>Document fictif de la démonstration de Palabre.</p></body></html>"
    )
    return pdf.write(html)


def _content(title, summary, made):
    """The file or the address of a resource."""
    if made.startswith("https://"):
        return {"url": made}
    if made == "pdf":
        return {"file": ContentFile(_pdf(title, summary), name=f"{_name(title)}.pdf")}
    text = f"{title}\n\n{summary}\n\nDocument fictif de la démonstration de Palabre.\n"
    return {"file": ContentFile(text.encode(), name=f"{_name(title)}.txt")}


def _name(title):
    return slugify(title.replace("(démo)", ""))[:60]


def _share(network, author, poles, row):
    title, kind, audience, licence, visibility, tags, made, summary = row
    pole = None
    if visibility in poles:
        pole, visibility = poles[visibility], "POLE"
    return actions.share_resource(
        network=network,
        by=None,
        author=author,
        kind=kind,
        title=title,
        summary=summary,
        audience=audience,
        licence=licence,
        visibility=visibility,
        pole=pole,
        tags=tags,
        note="Première version",
        **_content(title, summary, made),
    )


@transaction.atomic
def seed_library(network, *, demo_service=None) -> dict:
    poles = {pole.name: pole for pole in Pole.objects.of(network)}
    shared = [_share(network, network, poles, row) for row in RESOURCES]
    charter = shared[0]
    actions.add_version(
        resource=charter,
        by=None,
        file=ContentFile(
            _pdf(charter.title, charter.summary + " Version révisée en assemblée générale."),
            name="charte-de-la-mediation-sociale.pdf",
        ),
        note="Révision adoptée en assemblée générale",
    )
    if demo_service is not None:
        shared.append(_share(network, demo_service, poles, SERVICE_RESOURCE))
    return {"resources": len(shared)}
