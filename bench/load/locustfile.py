"""The people of ``make load``: coordinators, mediators, the public and partners (bench/README.md).

Run by ``bench/load/run.py``, which prepares the plan (``PALABRE_LOAD_PLAN``: accounts, the
mediators' cases) and reads back, after the run, every write the server said it made
(``PALABRE_LOAD_RESULTS``) to look for each one in the database.

The server runs as in production behind a TLS proxy (``DEBUG=0``, ``BEHIND_PROXY=1``): each
request says what the proxy would (``X-Forwarded-Proto: https``, the visitor's address in
``X-Forwarded-For``, the ``Origin`` of a browser's form), and the client keeps sending the
cookies marked ``Secure`` over the loopback, as a browser does over https.

A refusal the application is meant to give (a slot taken a moment before, « complet ») is a
success here, counted apart; a 500, a page without its form, a code that never comes: failures.
"""

import html
import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["PALABRE_LOAD_PLAN"]).read_text(encoding="utf-8"))
PASSWORD = PLAN["password"]
SMS_FILE = os.environ.get("PALABRE_SMS_FILE", "")
CODE_WAIT_SECONDS = float(os.environ.get("PALABRE_LOAD_CODE_WAIT", "60"))

# What the server said it wrote, by kind, each with the token that finds it in the database.
WRITTEN: dict[str, list[str]] = {
    "interviews_scheduled": [],
    "interviews_recorded": [],
    "notes": [],
    "referrals": [],
    "bookings": [],
    "confirmed": [],
}
OUTCOMES: Counter = Counter()
_addresses = itertools.count(1)
_phones = itertools.count(1)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/dossiers/([0-9a-f-]{36})/"')
SLOT_LINK = re.compile(r'href="(/rendez-vous/[^/"]+/seance/[0-9a-f-]{36}/)\?creneau=([^"&]+)"')
INTERVIEW_OPTION = re.compile(r'<select name="interview".*?<option value="([0-9a-f-]{36})"', re.S)
STATIC = re.compile(r'href="(/static/[^"]+\.css)"')
# The answers when someone was quicker: the slot just taken (the database kept the other
# booking), no longer among the free ones, or the whole session full.
TAKEN = (
    "vient d&#x27;être réservé",
    "Sélectionnez un choix valide",
    "Ce créneau est passé",
    "Tous les créneaux de cette séance sont pris",
)
# The other mediator of the pair was quicker: refused at the lock, or no longer offered.
ALREADY_RECORDED = ("Cet entretien a déjà été renseigné", "Sélectionnez un choix valide")
SEARCHES = ["Martin", "Bernard", "Le Goff", "Dupont", "bruit", "Rennes", "Thomas", "Robert"]


def visitor_address() -> str:
    """A distinct address in 198.18.0.0/15, the range set aside for benchmarks (RFC 2544)."""
    n = next(_addresses)
    return f"198.{18 + (n >> 16) % 2}.{(n >> 8) % 256}.{n % 256}"


def said(page: str) -> str:
    """The error messages of a form page, for the failures' report."""
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>(.*?)</', page, re.S)
    return " | ".join(html.unescape(re.sub(r"\s+", " ", text)).strip() for text in found)[:200]


@events.test_stop.add_listener
def _write_results(environment, **_kwargs):
    path = os.environ.get("PALABRE_LOAD_RESULTS")
    if path:
        results = {"written": WRITTEN, "outcomes": dict(OUTCOMES)}
        Path(path).write_text(json.dumps(results), encoding="utf-8")


class Person(HttpUser):
    """What every visitor shares: the proxy's headers, secure cookies, forms with their token."""

    abstract = True
    wait_time = between(2, 6)

    def on_start(self):
        origin = self.host.replace("http://", "https://", 1)
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": visitor_address(),
                "Origin": origin,
                "Referer": origin + "/",
            }
        )

    def page(self, method, path, *, name, expect=(200,), to=None, **kwargs):
        """One request; a status outside ``expect``, or a redirection elsewhere than ``to``
        (a write sent back to the login page has written nothing), is a failure. Returns the
        response, or None when it failed."""
        kwargs.setdefault("allow_redirects", False)
        self.loopback_cookies()
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as r:
            if r.status_code not in expect:
                r.failure(f"HTTP {r.status_code}: {said(r.text)}")
                return None
            location = r.headers.get("Location", "")
            if to is not None and not location.startswith(to):
                r.failure(f"HTTP {r.status_code} towards {location}")
                return None
            r.success()
            return r

    def loopback_cookies(self):
        """The loopback stands for https (see above): the cookies the instance sets as secure,
        at login or when it pushes a session's idle clock back, must go with the next request,
        whatever sent the one that set them."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def form_token(self, response, name):
        match = CSRF.search(response.text)
        if not match:
            events.request.fire(
                request_type="FORM",
                name=name,
                response_time=0,
                response_length=0,
                exception=Exception("no form on the page"),
            )
        return match and match.group(1)

    def log_in(self, email):
        r = self.page("GET", "/compte/connexion/", name="connexion (page)")
        token = r is not None and self.form_token(r, "connexion (page)")
        if not token:
            return False
        r = self.page(
            "POST",
            "/compte/connexion/",
            name="connexion (envoi)",
            expect=(302,),
            to="/",
            data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        )
        return r is not None


class Coordinator(Person):
    """Browses the case list with filters and search, opens cases, reads the dashboards."""

    weight = 15

    def on_start(self):
        super().on_start()
        self.cases = []
        self.log_in(random.choice(PLAN["coordinators"]))

    @task(4)
    def case_list(self):
        params = random.choice(
            [
                {},
                {"status": random.choice(PLAN["statuses"])},
                {"stage": random.choice(PLAN["stages"])},
                {"q": random.choice(SEARCHES)},
                {"commune": random.choice(PLAN["communes"])},
                {"status": "CLOSED", "page": random.randint(2, 8)},
            ]
        )
        name = "liste des dossiers" + (" (" + ", ".join(sorted(params)) + ")" if params else "")
        r = self.page("GET", "/dossiers/", name=name, params=params)
        if r is not None:
            self.cases = CASE_LINK.findall(r.text) or self.cases

    @task(4)
    def case_page(self):
        if not self.cases:
            return self.case_list()
        self.page("GET", f"/dossiers/{random.choice(self.cases)}/", name="page d'un dossier")

    @task(1)
    def today(self):
        self.page("GET", "/dossiers/aujourdhui/", name="aujourd'hui")

    @task(1)
    def overview(self):
        self.page("GET", "/dossiers/activite/", name="tableau d'activité")

    @task(1)
    def referrals(self):
        self.page("GET", "/orientations/", name="orientations reçues")


class Mediator(Person):
    """Writes the interviews of their own cases: plans one, records it held, adds a note."""

    weight = 15
    _counter = itertools.count()

    def on_start(self):
        super().on_start()
        mediators = PLAN["mediators"]
        self.me = mediators[next(Mediator._counter) % len(mediators)]
        self.log_in(self.me["email"])

    @task(1)
    def my_cases(self):
        self.page("GET", "/dossiers/", name="liste des dossiers (les miens)")

    @task(3)
    def write_an_interview(self):
        case = random.choice(self.me["cases"])
        base = f"/dossiers/{case['id']}/"
        if self.page("GET", base, name="page d'un dossier") is None:
            return
        plan_url = base + "action/planifier-entretien/"
        r = self.page("GET", plan_url, name="entretien : planifier (formulaire)")
        token = r is not None and self.form_token(r, "entretien : planifier (formulaire)")
        if not token:
            return
        place = f"charge-{uuid.uuid4().hex[:12]}"
        r = self.page(
            "POST",
            plan_url,
            name="entretien : planifier (envoi)",
            expect=(302,),
            to=base,
            data={
                "csrfmiddlewaretoken": token,
                "party": case["party"],
                "scheduled_at": time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() - 3600)),
                "channel": "IN_PERSON_PERMANENCE",
                "place": place,
            },
        )
        if r is None:
            return
        WRITTEN["interviews_scheduled"].append(place)
        record_url = base + "action/renseigner-entretien/"
        r = self.page("GET", record_url, name="entretien : renseigner (formulaire)")
        token = r is not None and self.form_token(r, "entretien : renseigner (formulaire)")
        interview = r is not None and INTERVIEW_OPTION.search(r.text)
        if not (token and interview):
            return
        self.loopback_cookies()
        with self.client.post(
            record_url,
            name="entretien : renseigner (envoi)",
            catch_response=True,
            allow_redirects=False,
            data={
                "csrfmiddlewaretoken": token,
                "interview": interview.group(1),
                "held": "yes",
                "duration_minutes": random.choice([30, 45, 60, 90]),
            },
        ) as r:
            if r.status_code == 302 and r.headers.get("Location", "").startswith(base):
                r.success()
            elif r.status_code == 200 and any(words in r.text for words in ALREADY_RECORDED):
                # The other mediator of the case's pair recorded it a moment before: refused,
                # nothing overwritten.
                r.success()
                OUTCOMES["interview already recorded by the other mediator"] += 1
                return
            else:
                r.failure(f"HTTP {r.status_code}: {said(r.text)}")
                return
        WRITTEN["interviews_recorded"].append(interview.group(1))
        note = f"Entretien tenu, la personne décrit la gêne ressentie le soir. {place}"
        r = self.page(
            "POST",
            base + "action/note/",
            name="note privée (envoi)",
            expect=(302,),
            to=base,
            data={"csrfmiddlewaretoken": token, "text": note, "source_party": ""},
        )
        if r is not None:
            WRITTEN["notes"].append(place)


class Partner(Person):
    """A landlord or the police: the portal, then a referral through its form."""

    weight = 8

    def on_start(self):
        super().on_start()
        self.log_in(random.choice(PLAN["partners"]))

    @task(2)
    def portal(self):
        self.page("GET", "/orientations/partenaire/", name="portail partenaire")

    @task(1)
    def refer(self):
        url = "/orientations/partenaire/nouvelle/"
        r = self.page("GET", url, name="orientation (formulaire)")
        token = r is not None and self.form_token(r, "orientation (formulaire)")
        if not token:
            return
        name = f"Charge{uuid.uuid4().hex[:10]}"
        r = self.page(
            "POST",
            url,
            name="orientation (envoi)",
            expect=(302,),
            to="/orientations/partenaire/",
            data={
                "csrfmiddlewaretoken": token,
                "requester_last_name": name,
                "requester_first_name": "Camille",
                "requester_phone": "02 99 00 00 00",
                "commune": random.choice(PLAN["communes"]),
                "conflict_category": "NOISE",
                "agreed_to_be_contacted": "on",
                "referrer_name": "Claire Morvan",
            },
        )
        if r is not None:
            WRITTEN["referrals"].append(name)


class Public(Person):
    """A resident: the service's permanences, the first free slot (the same for everyone at
    that moment), the booking form, then the code received by SMS."""

    weight = 12

    def on_start(self):
        super().on_start()
        self.finder = f"/rendez-vous/{PLAN['service']}/"

    @task
    def book(self):
        # Each booking is a different person (the rate limit is per visitor's address).
        self.client.headers["X-Forwarded-For"] = visitor_address()
        self.client.cookies.clear()
        r = self.page("GET", self.finder, name="permanences (public)")
        if r is None:
            return
        css = STATIC.search(r.text)
        if css:
            self.page("GET", css.group(1), name="fichier statique (CSS)")
        slots = SLOT_LINK.findall(r.text)
        if not slots:
            OUTCOMES["no free slot left"] += 1
            return
        path, slot = min(slots, key=lambda found: found[1])
        r = self.page("GET", f"{path}?creneau={slot}", name="réserver (formulaire)")
        token = r is not None and self.form_token(r, "réserver (formulaire)")
        if not token:
            return
        gevent.sleep(random.uniform(0, 1.5))  # reading the form, as the others do
        name = f"Charge{uuid.uuid4().hex[:10]}"
        digits = f"{next(_phones):08d}"
        phone = "07 " + " ".join(digits[i : i + 2] for i in range(0, 8, 2))
        self.loopback_cookies()
        with self.client.post(
            path,
            name="réserver (envoi)",
            catch_response=True,
            allow_redirects=False,
            data={
                "csrfmiddlewaretoken": token,
                "slot": slot,
                "last_name": name,
                "phone": phone,
                "notify_by": "SMS",
            },
        ) as r:
            if r.status_code == 302 and "/rendez-vous/confirmer/" in r.headers.get("Location", ""):
                r.success()
                OUTCOMES["booked"] += 1
            elif r.status_code == 400 and any(words in r.text for words in TAKEN):
                r.success()
                OUTCOMES["slot already taken (complet)"] += 1
                return
            else:
                r.failure(f"HTTP {r.status_code}: {said(r.text)}")
                return
        WRITTEN["bookings"].append(name)
        self.confirm(r.headers["Location"], phone, name)

    def confirm(self, url, phone, name):
        code = self.code_for(phone)
        if code is None:
            events.request.fire(
                request_type="SMS",
                name="code de confirmation reçu",
                response_time=CODE_WAIT_SECONDS * 1000,
                response_length=0,
                exception=Exception("no code within the wait"),
            )
            return
        r = self.page("GET", url, name="confirmer (formulaire)")
        token = r is not None and self.form_token(r, "confirmer (formulaire)")
        if not token:
            return
        r = self.page(
            "POST",
            url,
            name="confirmer (envoi)",
            expect=(302,),
            to="/rendez-vous/mon-rendez-vous/",
            data={"csrfmiddlewaretoken": token, "code": code},
        )
        if r is not None:
            WRITTEN["confirmed"].append(name)

    def code_for(self, phone):
        """Waits for the worker to send the code (the SMS file of the instance)."""
        wanted = "+33" + "".join(ch for ch in phone if ch.isdigit())[1:]
        started = time.monotonic()
        while time.monotonic() - started < CODE_WAIT_SECONDS:
            gevent.sleep(1)
            try:
                lines = Path(SMS_FILE).read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                continue
            for line in reversed(lines):
                message = json.loads(line)
                if message["to"] == wanted:
                    found = re.search(r"\b(\d{6})\b", html.unescape(message["text"]))
                    if found:
                        events.request.fire(
                            request_type="SMS",
                            name="code de confirmation reçu",
                            response_time=(time.monotonic() - started) * 1000,
                            response_length=0,
                            exception=None,
                        )
                        return found.group(1)
        return None
