"""SMS senders: numbers in international form, a file for tests and demos, and Brevo's API
spoken to over a real HTTP connection on the loopback."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from palabre.core import sms


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("0612345678", "+33612345678"),
        ("06 12 34 56 78", "+33612345678"),
        ("07.12.34.56.78", "+33712345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_numbers_are_put_in_international_form(written, normalised):
    assert sms.normalise_phone(written) == normalised


@pytest.mark.parametrize("written", ["", "0112345678", "06123", "téléphone", "+33 1 23 45 67 89"])
def test_what_is_not_a_mobile_number_is_refused(written):
    with pytest.raises(sms.SmsError):
        sms.normalise_phone(written)


def test_the_file_sender_appends_one_json_line_per_message(settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sub" / "sms.jsonl"

    sms.send_sms("06 12 34 56 78", "Rendez-vous mardi à 14 h")
    sms.send_sms("0712345678", "Deuxième")

    lines = [json.loads(line) for line in settings.PALABRE_SMS_FILE.read_text().splitlines()]
    assert [(line["to"], line["text"]) for line in lines] == [
        ("+33612345678", "Rendez-vous mardi à 14 h"),
        ("+33712345678", "Deuxième"),
    ]


def test_the_console_sender_prints_the_message():
    out = io.StringIO()

    sms.ConsoleSender(stream=out).send("0612345678", "Bonjour")

    assert "+33612345678" in out.getvalue()
    assert "Bonjour" in out.getvalue()


class Provider:
    """A loopback HTTP server standing in for Brevo; answers ``status`` and keeps the requests."""

    def __init__(self, status=201):
        self.status = status
        self.requests = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                provider.requests.append(
                    {
                        "path": self.path,
                        "headers": self.headers,  # names are case-insensitive
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                answer = json.dumps({"messageId": 1}).encode()
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def provider():
    servers = []

    def start(status=201):
        servers.append(Provider(status))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def test_brevo_receives_the_message_in_its_own_format(settings, provider):
    brevo = provider()
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.BrevoSender"
    settings.PALABRE_SMS_API_KEY = "xkeysib-test"
    settings.PALABRE_SMS_API_URL = brevo.url + "/"
    settings.PALABRE_SMS_SENDER = "MediaVille"

    sms.send_sms("06 12 34 56 78", "RDV mardi 8/12 à 14 h")

    [request] = brevo.requests
    assert request["path"] == "/v3/transactionalSMS/send"
    assert request["headers"]["api-key"] == "xkeysib-test"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["body"] == {
        "sender": "MediaVille",
        "recipient": "33612345678",
        "content": "RDV mardi 8/12 à 14 h",
        "type": "transactional",
    }


@pytest.mark.parametrize("status", [400, 401, 500])
def test_brevo_refusing_raises_a_clear_error_without_the_number(settings, provider, status):
    brevo = provider(status)
    sender = sms.BrevoSender(api_key="key", api_url=brevo.url)

    with pytest.raises(sms.SmsError, match=f"Brevo answered HTTP {status}") as error:
        sender.send("0612345678", "Bonjour")

    assert "612345678" not in str(error.value)
    assert len(brevo.requests) == 1


def test_brevo_out_of_reach_raises_a_clear_error(provider):
    brevo = provider()
    url = brevo.url
    brevo.stop()
    sender = sms.BrevoSender(api_key="key", api_url=url, timeout=2)

    with pytest.raises(sms.SmsError, match="Brevo could not be reached"):
        sender.send("0612345678", "Bonjour")


def test_brevo_needs_an_api_key(settings):
    settings.PALABRE_SMS_API_KEY = ""

    with pytest.raises(sms.SmsError, match="PALABRE_SMS_API_KEY"):
        sms.BrevoSender()


# --- One segment --------------------------------------------------------------------------------


def test_french_is_folded_into_the_seven_bit_alphabet():
    written = "Fête « Œuvre » : ça côtoie l’île — 1\u202fh…"

    assert sms.to_gsm7(written) == 'Fete " OEuvre " : ca cotoie l\'ile - 1 h...'
    assert sms.to_gsm7("éèùàÉ ü ñ") == "éèùàÉ ü ñ"  # in the basic table: kept
    assert sms.septets("10 €") == 5  # the euro sign is an extension character: two


def test_a_message_too_long_is_cut_in_the_values_named_and_nowhere_else():
    def render(values):
        return f"RDV avec {values['service']}, {values['address']}. Lien : {values['link']}"

    link = "https://palabre.example/r/" + "x" * 22 + "/"
    values = {"service": "S" * 70, "address": "A" * 120, "link": link}

    text = sms.fit(render, values, shrinkable=("address", "service"))

    assert sms.septets(text) <= sms.SEGMENT
    assert text.endswith(link) and "S" * 70 in text  # the address gave enough
    assert "A" * 12 in text and "A" * 40 not in text
    short = sms.fit(render, {**values, "address": "12 rue X"}, shrinkable=("address", "service"))
    assert short == render({**values, "address": "12 rue X"})  # short enough: untouched


def test_when_the_first_value_is_not_enough_the_next_is_cut_and_the_link_never():
    def render(values):
        return f"{values['a']} {values['b']} {values['link']}"

    link = "https://palabre.example/r/" + "y" * 60 + "/"
    text = sms.fit(render, {"a": "a" * 200, "b": "b" * 200, "link": link}, shrinkable=("a", "b"))

    assert sms.septets(text) <= sms.SEGMENT and text.endswith(link)


def test_a_value_is_cut_after_a_whole_word_and_never_leaves_a_bracket_open():
    def render(values):
        return f"RDV avec {values['service']}, {values['venue']}. Lien : {values['link']}"

    link = "https://palabre.example/r/" + "z" * 22 + "/"
    venue = "Maison du Ronceray " * 8
    values = {"service": "Cité et Médiation (démo)", "venue": venue, "link": link}

    text = sms.fit(render, values, shrinkable=("venue",))

    assert sms.septets(text) <= sms.SEGMENT and text.endswith(link)
    cut_venue = text.split(", ", 1)[1].split(". Lien", 1)[0]
    assert cut_venue.split()[-1] in ("Maison", "du", "Ronceray"), text
    assert sms._cut("Cité et Médiation (démo)", 21) == "Cité et Médiation"
