"""Replay across roles: the pages one person reached, requested by every other person.

For each walker A, a sample of the pages and documents A reached (``PER_ROUTE`` addresses of each
URL pattern, in the order A met them) is requested by every other walker B that did not reach
that very address itself. B may get a refusal (403, 404, any 4xx) or a redirect (to the login
page for a visitor, or to a page of B's own). B must never get:

* a 5xx;
* **A's data**: a marker B may not read (``tests/crawl/markers.py`` marks every free text and
  every name typed into a service), on the answer or on the page a redirect lands on;
* **another organisation's object**: a 200 on an address naming an object (a UUID in its path)
  when A and B act for different organisations, except the kinds of pages organisations share
  (``SHARED``);
* **a kind of page nobody of B's kind is linked to**: a 200 on a URL pattern that no walker with
  B's role in the same kind of organisation reaches by its own links (so a permission gap shows
  even where the sample happens to carry no marker), except the pages listed in
  ``OPEN_WITHOUT_A_LINK``.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from tests.crawl.walk import fetch_as, route_of

PER_ROUTE = 2
OBJECT = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/|\.|$)")

LIBRARY = (
    "les ressources d'un réseau sont lues par son équipe et par ses structures membres, selon "
    "leur visibilité (library/access.py)"
)
LIBRARY_AUTHORS = (
    "l'équipe du réseau modifie toutes les ressources de sa bibliothèque, une structure membre "
    "celles qu'elle a partagées (library/access.py)"
)
# Objects one organisation's people open in another's, and why.
NETWORK_TRAINING = "les formations d'un réseau sont ouvertes à ses services (training/access.py)"
SHARED = {
    "training:formations/sessions/<uuid:session_id>/": NETWORK_TRAINING,
    "training:formations/modules/<uuid:module_id>/": NETWORK_TRAINING,
    "training:formations/inscriptions/<uuid:enrolment_id>/attestation.pdf": (
        "l'attestation d'une formation va à son organisateur, à la personne et à la "
        "coordination de son service"
    ),
    "rdv:rendez-vous/<slug:slug>/seance/<uuid:occurrence_id>/": "une page publique",
    "library:ressources/<uuid:resource_id>/": LIBRARY,
    "library:ressources/<uuid:resource_id>/telecharger/": LIBRARY,
    "library:ressources/<uuid:resource_id>/versions/<int:number>/telecharger/": LIBRARY,
    "library:ressources/<uuid:resource_id>/modifier/": LIBRARY_AUTHORS,
    "library:ressources/<uuid:resource_id>/nouvelle-version/": LIBRARY_AUTHORS,
    "library:ressources/publiques/<uuid:resource_id>/": "une ressource publique d'un réseau",
}
PUBLIC = "une page publique, ouverte à tous, avec ou sans compte"
INVITATION = (
    "la page du lien d'une invitation, la même pour qui tient le courrier : le service et ses "
    "permanences, rien du dossier"
)

# Pages a person may open although the walks of people of their kind do not lead there, and why.
OPEN_WITHOUT_A_LINK = {
    # The home page and account pages: each shows the person's own things.
    "": "« Aujourd'hui », fait du rôle de la personne",
    "accounts:compte/double-authentification/": "la double authentification de son compte",
    # « Mot de passe oublié ? », linked from the login page only: the same form for everyone.
    "accounts:compte/mot-de-passe-oublie/": PUBLIC,
    "rdv:rendez-vous/<slug:slug>/": PUBLIC,
    "rdv:rendez-vous/<slug:slug>/seance/<uuid:occurrence_id>/": PUBLIC,
    "referrals:orientations/demande/<slug:slug>/": PUBLIC,
    "referrals:orientations/demande/<slug:slug>/envoyee/": PUBLIC,
    # An invitation's link (adr/0026): no page leads there, the letter or the message does.
    "rdv:i/": PUBLIC,
    # A service's permanences as open data (docs/open-data.md).
    "rdv:rendez-vous/<slug:slug>/donnees/permanences.json": PUBLIC,
    "rdv:rendez-vous/<slug:slug>/donnees/permanences.csv": PUBLIC,
    # A consented photo of an outreach action, from the service's public page.
    "outreach:aller-vers/photo/<str:token>/": PUBLIC,
    # A network's public resource, from the network's public pages (library/public.py).
    "library:ressources/publiques/<uuid:resource_id>/": PUBLIC,
    # An organisation's public page: the visitor starts there, no page of the application
    # links to it but the settings of the service's page.
    "website:<slug:slug>/": PUBLIC,
    # A network's public pages, from its home page.
    "website:<slug:slug>/membres/": PUBLIC,
    "website:<slug:slug>/formations/": PUBLIC,
    "website:<slug:slug>/rencontres/": PUBLIC,
    "website:<slug:slug>/chiffres/": PUBLIC,
    "rdv:i/<str:token>/": INVITATION,
    "rdv:i/<str:token>/creneaux/": INVITATION,
    "rdv:i/<str:token>/seance/<uuid:occurrence_id>/": INVITATION,
    "rdv:i/<str:token>/rappel/": INVITATION,
    "rdv:i/<str:token>/ne-pas-participer/": INVITATION,
    "reports:bilans/definitions/": "les définitions des indicateurs : un texte, aucune donnée",
    "dpo:protection/informations/<slug:kind>/": (
        "le texte d'information que le service remet aux personnes, le même pour toute "
        "l'équipe qui lit les dossiers : aucune donnée personnelle"
    ),
    "dpo:protection/signalements/<uuid:report_id>/": (
        "la personne qui a proposé un signalement le relit (adr/0019) ; son parcours n'y mène "
        "que depuis la page du dossier d'où elle l'a proposé, au-delà de son budget de pages"
    ),
    "training:formations/inscriptions/<uuid:enrolment_id>/attestation.pdf": (
        "l'organisateur imprime l'attestation depuis les présences d'une session passée, "
        "au-delà du budget de pages de son parcours"
    ),
}


@dataclass
class Replayed:
    owner: str  # the walker who reached the address
    viewer: str  # the walker who asked for it again
    url: str
    status: int
    final_status: int
    final_url: str
    markers: frozenset
    problem: str = ""


def sample(walk) -> list[str]:
    """``PER_ROUTE`` addresses of each pattern ``walk`` reached with a 200."""
    kept, per_route = [], defaultdict(int)
    for url, fetch in walk.fetched.items():
        if fetch.status != 200 or fetch.final_status != 200:
            continue
        route = route_of(url)
        if per_route[route] < PER_ROUTE:
            per_route[route] += 1
            kept.append(url)
    return kept


def replay_all(walks: dict, clients: dict, world, people) -> list[Replayed]:
    """Every other walker asks for each walker's sample; returns every answer, judged."""
    who = {person.key: _kind_and_organisation(person) for person in people}
    routes = defaultdict(set)  # (organisation kind, role) → the patterns its walkers reach
    for key, walk in walks.items():
        routes[who[key][0]] |= {route_of(url) for url in walk.fetched}
    owners = defaultdict(list)  # url → the walkers whose sample holds it
    for key, walk in walks.items():
        for url in sample(walk):
            owners[url].append(key)
    answers = []
    for viewer, client in clients.items():
        reached = walks[viewer].fetched
        for url, by in owners.items():
            if url in reached or viewer in by:
                continue
            fetch, _body = fetch_as(client, url, world.find)
            answer = Replayed(
                owner=by[0],
                viewer=viewer,
                url=url,
                status=fetch.status,
                final_status=fetch.final_status,
                final_url=fetch.final_url,
                markers=fetch.markers,
            )
            answer.problem = judge(answer, world, routes[who[viewer][0]], who)
            answers.append(answer)
    return answers


def _kind_and_organisation(person):
    if person.anonymous:
        return ("visitor", None), None
    membership = person.membership()
    return (membership.organisation.kind, membership.role), membership.organisation_id


def judge(answer: Replayed, world, kind_routes: set, who: dict) -> str:
    """What is wrong with this answer for its viewer, or ``""``."""
    if answer.status >= 500 or answer.final_status >= 500:
        return f"erreur {answer.final_status}"
    leaked = world.out_of_place(answer.viewer, answer.markers)
    if leaked:
        return f"{answer.status}→{answer.final_url} montre {', '.join(leaked[:5])}"
    if not 200 <= answer.status < 300:
        return ""
    route = route_of(answer.url)
    foreign = who[answer.owner][1] != who[answer.viewer][1]
    if foreign and OBJECT.search(answer.url.split("?")[0]) and route not in SHARED:
        return f"200 sur un objet d'une autre organisation ({route})"
    if route not in kind_routes and route not in OPEN_WITHOUT_A_LINK:
        return f"200 sur une page ({route}) à laquelle rien ne mène pour les personnes de ce rôle"
    return ""
