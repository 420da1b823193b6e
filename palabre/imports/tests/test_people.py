"""The import of the team: a service's own list of its volunteers and staff, each person's
account found by e-mail or made without a password, and their membership of the service; bad
rows listed in French, all or nothing, nobody added twice; then the invitations, a one-time
link to choose a password."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils.html import escape

from palabre.accounts.models import User
from palabre.cases.tests.factories import MembershipFactory
from palabre.core.models import JournalEntry
from palabre.imports import actions, readers
from palabre.imports.checking import check
from palabre.imports.fields import TEAM_FIELDS
from palabre.imports.models import ImportedRow, ImportJob, ImportStatus
from palabre.imports.tests.conftest import BUILDERS, upload, xlsx
from palabre.imports.tests.test_access import COORDINATION, ROLES
from palabre.imports.tests.test_import import database_digest, imported, work
from palabre.organisations.models import Membership
from tests.crawl import htmlcheck

# A service's own list: its words, not Palabre's (the phone is not imported).
HEADER = ["Prénom", "Nom", "Courriel", "Fonction", "Téléphone"]
ROWS = [
    ["Anne", "Le Gall", "anne.legall@exemple.fr", "Médiatrice", "06 00 00 00 01"],
    ["Karim", "Benali", "Karim.Benali@Exemple.fr", "bénévole", ""],
    ["Sylvie", "Martin", "sylvie.martin@exemple.fr", "Accueil", ""],
    ["Paul", "Durand", "paul.durand@exemple.fr", "Coordinateur·rice", ""],
    ["Jeanne", "Roux", "jeanne.roux@exemple.fr", "Bureau", ""],
    ["Marc", "Petit", "marc.petit@exemple.fr", "", ""],
]
ROLES_OF = {
    "anne.legall@exemple.fr": "mediator",
    "karim.benali@exemple.fr": "mediator",
    "sylvie.martin@exemple.fr": "reception",
    "paul.durand@exemple.fr": "coordinator",
    "jeanne.roux@exemple.fr": "board",
    "marc.petit@exemple.fr": "mediator",  # no role given: a mediator
}
LINK = re.compile(r"^https://palabre\.exemple\.fr(/compte/mot-de-passe/[^/\s]+/[^/\s]+/)$", re.M)


def prepared(service, coordinator, rows, header=HEADER):
    job = actions.deposit(
        organisation=service,
        by=coordinator,
        upload=upload("equipe.xlsx", xlsx(header, rows)),
        kind="team",
    )
    return actions.set_mapping(
        job=job, by=coordinator, mapping=job.mapping, free_columns={}, defaults={}
    )


def team_of(service):
    return {
        m.user.email: m.role
        for m in Membership.objects.filter(organisation=service).select_related("user")
    }


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_a_service_team_goes_through_every_step_and_its_people_are_added(
    transactional_db, service, coordinator, login, extension
):
    client = login(coordinator)
    response = client.post(
        reverse("imports:index"),
        {"kind": "team", "file": upload(f"equipe.{extension}", BUILDERS[extension](HEADER, ROWS))},
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:mapping", args=[job.pk])
    assert job.mapping == {"first_name": "0", "last_name": "1", "email": "2", "role": "3"}
    data = {f"field_{key}": col for key, col in job.mapping.items()} | {"default_role": "mediator"}
    client.post(reverse("imports:mapping", args=[job.pk]), data)
    preview = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "6 personnes prêtes à importer" in preview
    assert "Importer 6 personnes" in preview

    client.post(reverse("imports:preview", args=[job.pk]))
    work()

    job.refresh_from_db()
    assert (job.status, job.imported_count) == (ImportStatus.DONE, 6)
    done = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert escape("6 personnes ajoutées à l'équipe du service.") in done
    assert "Envoyer les invitations" in done and "karim.benali@exemple.fr" in done
    assert team_of(service) == {coordinator.user.email: "coordinator", **ROLES_OF}
    anne = User.objects.get(email="anne.legall@exemple.fr")
    assert (anne.first_name, anne.last_name, anne.has_usable_password()) == (
        "Anne",
        "Le Gall",
        False,
    )
    added = JournalEntry.objects.filter(organisation=service, verb="member_added")
    assert added.count() == 6 and {e.actor for e in added} == {coordinator.user}


def test_bad_rows_are_listed_in_french_with_their_row_and_column(service, coordinator, login):
    rows = [
        ["Anne", "Le Gall", "", "Médiatrice", ""],
        ["Karim", "Benali", "karim@", "Médiateur", ""],
        ["Sylvie", "Martin", "sylvie@exemple.fr", "Accueil", ""],
        ["Sylvie", "Martin bis", "SYLVIE@exemple.fr", "Accueil", ""],
        ["Paul", "Durand", "paul@exemple.fr", "Animateur", ""],
        ["Jeanne", "R" * 81, "jeanne@exemple.fr", "Bureau", ""],
    ]
    client = login(coordinator)
    job = prepared(service, coordinator, rows)
    job.answers = {"role": {"animateur": ""}}  # refused on « Valeurs à préciser »
    job.save()

    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()

    expected = [
        (2, "Courriel", "valeur manquante (« E-mail » est obligatoire)."),
        (3, "Courriel", "adresse e-mail invalide « karim@ »."),
        (5, "Courriel", "cette adresse e-mail est déjà celle de la ligne 4."),
        (6, "Fonction", "valeur refusée « Animateur »."),
        (7, "Nom", "texte trop long (81 caractères, 80 au plus)."),
    ]
    for row, column, message in expected:
        assert (
            f'<th scope="row" class="fw-normal">{row}</th><td>{escape(column)}</td>'
            f"<td>{escape(message)}</td>"
        ) in page, (row, message)
    assert "5 erreurs à corriger dans le fichier" in page
    assert "Importer 1 personne" not in page


def test_a_file_with_a_bad_row_imports_nobody_and_changes_nothing(
    transactional_db, service, coordinator
):
    job = prepared(service, coordinator, [*ROWS, ["Zoé", "Faure", "zoe@", "", ""]])
    before = database_digest()

    job = imported(job)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 8, "column": "Courriel", "message": "adresse e-mail invalide « zoe@ »."}
    ]
    assert database_digest() == before
    assert not User.objects.filter(email__in=ROLES_OF).exists()


def test_an_unknown_role_is_asked_among_the_team_s_roles_only(service, coordinator, login):
    job = prepared(service, coordinator, [["Zoé", "Faure", "zoe@exemple.fr", "Administration", ""]])
    client = login(coordinator)

    page = client.get(reverse("imports:values", args=[job.pk])).content.decode()

    assert "« Administration » dans la colonne Rôle dans le service" in page
    assert 'value="mediator"' in page and 'value="board"' in page
    for role in ("admin", "partner", "network_staff"):
        assert f'value="{role}"' not in page
    client.post(reverse("imports:values", args=[job.pk]), {"answer_role_0": "admin"})
    job.refresh_from_db()
    assert job.answers.get("role", {}) == {}
    preview = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "1 valeur à préciser" in preview


@pytest.mark.parametrize(
    "typed, role",
    [
        ("médiateur", "mediator"),
        ("Médiatrice", "mediator"),
        ("BÉNÉVOLE", "mediator"),
        ("Médiateur·rice", "mediator"),
        ("accueil", "reception"),
        ("Agent d'accueil", "reception"),
        ("coordination", "coordinator"),
        ("Coordinateur·rice", "coordinator"),
        ("coordinatrice", "coordinator"),
        ("bureau", "board"),
        ("Administrateur", "board"),
        ("membre du bureau", "board"),
        ("", "mediator"),
    ],
)
def test_the_trade_s_words_for_a_role_give_the_team_s_role(service, coordinator, typed, role):
    job = prepared(service, coordinator, [["Zoé", "Faure", "zoe@exemple.fr", typed, ""]])
    _header, rows = readers.read("equipe.xlsx", xlsx(HEADER, [["Zoé", "Faure", "z@e.fr", typed]]))
    checked = check(job, rows)
    assert [row.values["role"] for row in checked.rows] == [role]


def test_the_same_team_imported_twice_adds_nobody_the_second_time(
    transactional_db, service, coordinator
):
    first = imported(prepared(service, coordinator, ROWS))
    more = [*ROWS, ["Zoé", "Faure", "zoe@exemple.fr", "Accueil", ""]]
    second = imported(prepared(service, coordinator, more))
    third = imported(prepared(service, coordinator, more))

    assert (first.imported_count, first.skipped_count) == (6, 0)
    assert (second.status, second.imported_count, second.skipped_count) == (ImportStatus.DONE, 1, 6)
    assert (third.imported_count, third.skipped_count) == (0, 7)
    assert User.objects.filter(email__in=[*ROLES_OF, "zoe@exemple.fr"]).count() == 7
    assert Membership.objects.filter(organisation=service).count() == 8
    assert ImportedRow.objects.of(service).filter(kind="team").count() == 7


def test_a_person_already_in_the_team_is_left_aside_and_said_so(
    service, coordinator, member, login
):
    sylvie = MembershipFactory(
        organisation=service, role="coordinator", user__email="Sylvie.Martin@exemple.fr"
    )
    job = prepared(service, coordinator, ROWS)

    page = login(coordinator).get(reverse("imports:preview", args=[job.pk])).content.decode()

    assert "Lignes laissées de côté" in page
    assert (
        escape(
            "« sylvie.martin@exemple.fr » fait déjà partie de l'équipe du service : "
            "ligne laissée de côté."
        )
        in page
    )
    assert "Importer 5 personnes" in page
    sylvie.refresh_from_db()
    assert sylvie.role == "coordinator"


def test_an_existing_account_is_reused_and_its_other_organisation_left_untouched(
    transactional_db, service, other_service, coordinator, login
):
    elsewhere = MembershipFactory(
        organisation=other_service,
        role="coordinator",
        user__email="anne.legall@exemple.fr",
        user__first_name="Anne-Marie",
        user__last_name="Le Gall-Durand",
    )
    account = elsewhere.user
    account.password = make_password("un-mot-de-passe-bien-a-elle")
    account.save()
    before = (account.password, account.first_name, account.last_name)
    job = prepared(service, coordinator, [[c.upper() if "@" in c else c for c in ROWS[0]]])

    preview = login(coordinator).get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "1 personne prête à importer" in preview
    assert "Service Deux" not in preview and "Lignes laissées de côté" not in preview
    job = imported(job)

    assert job.imported_count == 1
    assert User.objects.filter(email__iexact="anne.legall@exemple.fr").count() == 1
    account.refresh_from_db()
    assert (account.password, account.first_name, account.last_name) == before
    elsewhere.refresh_from_db()
    assert (elsewhere.role, elsewhere.is_active) == ("coordinator", True)
    here = Membership.objects.get(organisation=service, user=account)
    assert here.role == "mediator"
    done = login(coordinator).get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "Service Deux" not in done
    summary = JournalEntry.objects.get(organisation=service, verb="member_added").summary
    assert "Anne Le Gall" in summary and "Anne-Marie" not in summary


def test_the_team_templates_download_and_are_read_back_with_their_headers(
    service, coordinator, login
):
    client = login(coordinator)
    index = client.get(reverse("imports:index")).content.decode()
    assert "Équipe (bénévoles et salarié·es)" in index
    for extension in ("xlsx", "ods"):
        url = reverse("imports:template", args=["team", extension])
        assert url in index
        response = client.get(url)
        assert f"palabre-modele-equipe.{extension}" in response["Content-Disposition"]
        header, rows = readers.read(f"modele.{extension}", response.content)
        assert header == [str(f.label) for f in TEAM_FIELDS]
        assert rows == []
        filled = BUILDERS[extension](header, [["zoe@exemple.fr", "Zoé", "Faure", "Accueil"]])
        job = actions.deposit(
            organisation=service,
            by=coordinator,
            upload=upload(f"modele.{extension}", filled),
            kind="team",
        )
        assert job.mapping == {f.key: str(i) for i, f in enumerate(TEAM_FIELDS)}
        (row,) = check(job, readers.read(f"modele.{extension}", filled)[1]).rows
        assert row.values == {
            "email": "zoe@exemple.fr",
            "first_name": "Zoé",
            "last_name": "Faure",
            "role": "reception",
        }


# --- The invitations ------------------------------------------------------------------------


def test_the_invitations_go_to_each_person_added_and_their_link_sets_a_password(
    transactional_db, service, coordinator, login, mailoutbox, settings
):
    settings.PALABRE_BASE_URL = "https://palabre.exemple.fr"
    job = imported(prepared(service, coordinator, ROWS))
    client = login(coordinator)

    response = client.post(reverse("imports:invite", args=[job.pk]))
    assert response["Location"] == reverse("imports:progress", args=[job.pk])
    work()

    page = client.get(response["Location"]).content.decode()
    assert "6 invitations envoyées." in page
    assert "Envoyer à nouveau les invitations" in page
    assert sorted(m.to[0] for m in mailoutbox) == sorted(ROLES_OF)
    message = next(m for m in mailoutbox if m.to == ["karim.benali@exemple.fr"])
    assert message.subject == "Service Un vous invite sur Palabre"
    assert "Karim" not in message.body and "Benali" not in message.body
    link = LINK.search(message.body)[1]
    sent = JournalEntry.objects.filter(organisation=service, verb="invitation_sent")
    assert sent.count() == 6
    for entry in sent:
        assert link.split("/")[-2] not in f"{entry.summary}{entry.data}"
    assert "/compte/mot-de-passe/" not in str(list(sent.values_list("summary", "data")))

    visitor = client.__class__()
    form_url = visitor.get(link)["Location"]
    visitor.post(
        form_url,
        {"new_password1": "Phare-du-Grand-Jardin", "new_password2": "Phare-du-Grand-Jardin"},
    )
    karim = User.objects.get(email="karim.benali@exemple.fr")
    assert karim.check_password("Phare-du-Grand-Jardin")
    assert "Ce lien ne sert plus" in visitor.get(link).content.decode()


def test_an_import_of_another_kind_sends_no_invitation(service, coordinator, login):
    job = prepared(service, coordinator, ROWS)  # not imported yet
    response = login(coordinator).post(reverse("imports:invite", args=[job.pk]), follow=True)
    assert "Seul un import de l&#x27;équipe, terminé, envoie des invitations." in (
        response.content.decode()
    )
    assert not JournalEntry.objects.filter(verb="invitation_sent").exists()


@pytest.fixture
def done_job(service, coordinator):
    """A team's import done, as the worker leaves it (its rows and their keys)."""
    job = prepared(service, coordinator, ROWS[:2])
    from palabre.imports.writer import Writer

    _header, rows = readers.read("equipe.xlsx", xlsx(HEADER, ROWS[:2]))
    Writer(job, coordinator).write(check(job, rows).rows)
    job.status = ImportStatus.DONE
    job.save()
    return job


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordination_sends_the_invitations(login, member, done_job, role):
    response = login(member(role)).post(reverse("imports:invite", args=[done_job.pk]))
    assert response.status_code == (302 if role in COORDINATION else 404)
    sent = JournalEntry.objects.filter(verb="invitation_sent").count()
    assert sent == (2 if role in COORDINATION else 0)


def test_another_service_s_import_sends_no_invitation(login, member, other_service, done_job):
    coordination = member("coordinator", other_service)
    assert (
        login(coordination).post(reverse("imports:invite", args=[done_job.pk])).status_code == 404
    )
    assert not JournalEntry.objects.filter(verb="invitation_sent").exists()


def test_the_page_of_a_team_s_import_done_is_valid_html(tmp_path, login, coordinator, done_job):
    page = login(coordinator).get(reverse("imports:progress", args=[done_job.pk])).content
    assert b"Envoyer les invitations" in page
    (tmp_path / "done.html").write_bytes(page)
    assert htmlcheck.missing() is None, htmlcheck.missing()
    assert [
        (e["url"].rsplit("/", 1)[-1], e["message"]) for e in htmlcheck.errors_in(tmp_path)
    ] == []
