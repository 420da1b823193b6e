"""The limits every form shares: a body over the size limit gets the French 413 page, an upload is
judged by its content rather than its name, a date outside 1900–2100 is refused, and every
document or page with personal data tells the browser not to keep it."""

import io
import zipfile

from django.conf import settings
from PIL import Image

from palabre.cases.codes import Status as S
from palabre.network.models import SharedDocument
from tests.hostile import judge
from tests.hostile.problems import Problems
from tests.hostile.sending import post, send_with
from tests.hostile.values import TINY_PDF, Upload

# --- Over the size limit -----------------------------------------------------------------------


def _over_the_limit(world):
    note = f"/dossiers/{world['cases'][S.QUALIFIED].pk}/action/note/"
    request = f"/orientations/demande/{world['service'].slug}/"
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    many = [(f"champ{n}", "1") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)]
    texts = [(name, "é" * 100_000) for name in ("requester_last_name", "availability")] * 15
    return [
        ("coordinator", note, [("text", big)]),
        ("coordinator", note, many),
        (None, request, texts),
        (None, request, many),
    ]


def test_a_request_over_the_size_limit_gets_the_french_413_page_and_changes_nothing(world, as_role):
    clients = {role: as_role(role) for role in ("coordinator", None)}
    problems = Problems()
    for role, path, pairs in _over_the_limit(world):
        with problems.check(f"{role or 'anonyme'}, {path}, {len(pairs)} champ(s)"):
            response = post(clients[role], path, pairs)
            assert response.status_code == 413, response.status_code
            assert judge.french_page(response) == ""
            assert "Envoi trop volumineux" in response.content.decode()

    assert not problems, str(problems)


# --- Uploads judged by their content -----------------------------------------------------------


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("contenu.txt", "bonjour")
    return buffer.getvalue()


UNFIT = {
    "un texte nommé .png": Upload("photo.png", b"Ceci n'est pas une image.\n", "image/png"),
    "un PDF vide": Upload("compte-rendu.pdf", b"", "application/pdf"),
    "une archive nommée .pdf": Upload("compte-rendu.pdf", _zip(), "application/pdf"),
    "un programme nommé .docx": Upload("note.docx", b"MZ\x90\x00" + b"\x00" * 60, "text/plain"),
    "une image nommée .txt": Upload("notes.txt", _png(), "text/plain"),
    "un PDF nommé .exe": Upload("outil.exe", TINY_PDF, "application/pdf"),
}


def test_a_shared_document_is_judged_by_its_content_not_its_name(world, as_role):
    client = as_role("network_staff")
    path = f"/reseau/evenements/{world['event'].pk}/documents/nouveau/"
    problems = Problems()
    for name, upload in UNFIT.items():
        with problems.check(name):
            assert send_with(client, path, title=name, file=upload) == {"file"}

    assert not problems, str(problems)
    sound = Upload("compte-rendu.pdf", TINY_PDF, "application/pdf")
    pairs = [("title", "Compte rendu"), ("shared_on", "2026-12-08"), ("file", sound)]
    assert post(client, path, pairs, files=True).status_code == 302
    assert SharedDocument.objects.filter(event=world["event"]).count() == 1


def test_a_signal_photo_is_judged_by_its_content_not_its_name(world, as_role):
    client = as_role("field")
    path = f"/terrain/tournees/{world['shift'].pk}/signaler/"
    truncated = Upload("photo.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")
    problems = Problems()
    # A photo is judged by its pixels: a real image named .txt is taken, and kept as what it is.
    unfit = {name: upload for name, upload in UNFIT.items() if name != "une image nommée .txt"}
    for name, upload in [*unfit.items(), ("un JPEG tronqué", truncated)]:
        with problems.check(name):
            assert send_with(client, path, photo=upload) == {"photo"}

    assert not problems, str(problems)


# --- Dates at the edges of the calendar --------------------------------------------------------

EDGES = ["0001-01-01T00:00", "0001-01-01T00:10", "9999-12-31T23:59", "2027-02-31T10:00"]
EDGES += ["1899-12-31T23:59", "2101-01-01T00:00"]


def test_an_interview_at_the_edges_of_the_calendar_is_refused_in_french(world, as_role):
    client, case = as_role("coordinator"), world["cases"][S.QUALIFIED]
    path = f"/dossiers/{case.pk}/action/planifier-entretien/"
    problems = Problems()
    for moment in EDGES:
        with problems.check(moment):
            assert send_with(client, path, scheduled_at=moment) == {"scheduled_at"}

    assert not problems, str(problems)
    assert not case.interviews.exists()


# --- Not kept by the browser -------------------------------------------------------------------


def _documents(world):
    case = world["cases"][S.CONTACTING_OTHER_PARTY]
    other = case.other_parties()[0]
    return [
        ("coordinator", f"/dossiers/{case.pk}/courrier-invitation/{other.pk}.pdf"),
        ("coordinator", "/bilans/dossiers.csv"),
        ("coordinator", f"/dossiers/{case.pk}/"),
        ("mediator", f"/dossiers/{case.pk}/"),
        ("reception", "/dossiers/"),
        ("partner", "/orientations/partenaire/"),
        ("network_staff", f"/formations/sessions/{world['training_session'].pk}/emargement.pdf"),
        (None, f"/rendez-vous/mon-rendez-vous/{world['appointment'].secret}/"),
    ]


def test_documents_and_pages_with_personal_data_are_never_kept_by_the_browser(world, as_role):
    documents = _documents(world)
    clients = {role: as_role(role) for role, _path in documents}
    problems = Problems()
    for role, path in documents:
        # Printing an invitation letter records that it was sent: reading may write here.
        with problems.check(f"{role or 'anonyme'}, {path}", unchanged=False):
            response = clients[role].get(path)
            assert response.status_code == 200, response.status_code
            assert "no-store" in response.get("Cache-Control", ""), response.get("Cache-Control")

    assert not problems, str(problems)
