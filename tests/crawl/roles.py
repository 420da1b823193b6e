"""The people of the demo who walk the site, and how each of them logs in.

Every demo account listed by ``manage.py demo_accounts``, each membership of the account that
has two, the account with double authentification (its code computed from the demo's fixed
key), and a visitor without an account, who starts from the pages a resident reaches.
"""

from dataclasses import dataclass

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palabre.accounts import totp
from palabre.demo import mfa as demo_mfa
from palabre.field import demo as field_demo
from palabre.organisations.middleware import SESSION_KEY
from palabre.organisations.models import Membership

PASSWORD = "palabre-demo"
SERVICE = "cite-et-mediation-demo"
OTHER_SERVICE = "autre-service-demo"
NETWORK = "reseau-des-villes-demo"
FIELD_SERVICE = field_demo.SLUG


@dataclass(frozen=True)
class Person:
    key: str
    email: str | None  # None: a visitor without an account
    organisation: str | None = None  # the slug of the membership the person acts with
    starts: tuple = ("/",)

    @property
    def anonymous(self) -> bool:
        return self.email is None

    def membership(self):
        return Membership.objects.get(user__email=self.email, organisation__slug=self.organisation)


PEOPLE = (
    Person("coordination", "coordination@demo.palabre.fr", SERVICE),
    Person("mediation", "mediation@demo.palabre.fr", SERVICE),
    Person("accueil", "accueil@demo.palabre.fr", SERVICE),
    Person("accueil_mfa", demo_mfa.EMAIL, SERVICE),
    Person("bureau", "bureau@demo.palabre.fr", SERVICE),
    Person("police", "police@demo.palabre.fr", SERVICE),
    Person("bailleur", "bailleur@demo.palabre.fr", SERVICE),
    Person("reseau", "reseau@demo.palabre.fr", NETWORK),
    Person("autre_service", "coordination@autre-service.palabre.fr", OTHER_SERVICE),
    # The demo coordinator also sits on the other service's board.
    Person("bureau_autre_service", "coordination@demo.palabre.fr", OTHER_SERVICE),
    Person("correspondant", "correspondant@demo.palabre.fr", FIELD_SERVICE),
    Person("coordination_nuit", "coordination.nuit@demo.palabre.fr", FIELD_SERVICE),
    Person("bailleur_nuit", "bailleur.nuit@demo.palabre.fr", FIELD_SERVICE),
    Person(
        "anonyme",
        None,
        starts=(
            "/",
            f"/{SERVICE}/",
            f"/{NETWORK}/",
            f"/rendez-vous/{SERVICE}/",
            f"/orientations/demande/{SERVICE}/",
            f"/rendez-vous/{OTHER_SERVICE}/",
        ),
    ),
)
BY_KEY = {person.key: person for person in PEOPLE}


def logged_in(person: Person) -> Client:
    """A browser session of ``person``, opened through the login pages (password, then the
    app's code for the account that has one), acting with the person's membership. An error
    in a view comes back as its 500 page (with ``exc_info``), as a browser would get it."""
    client = Client(raise_request_exception=False)
    if person.anonymous:
        return client
    response = client.post(
        reverse("accounts:login"), {"username": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302, f"{person.email} cannot log in"
    if response["Location"] == reverse("accounts:login_code"):
        code = totp.generate(demo_mfa.KEY, timezone.now().timestamp())
        response = client.post(reverse("accounts:login_code"), {"code": code})
        assert response.status_code == 302, f"{person.email}: the app's code is refused"
    assert "_auth_user_id" in client.session, f"{person.email} is not logged in"
    session = client.session
    session[SESSION_KEY] = str(person.membership().pk)
    session.save()
    return client
