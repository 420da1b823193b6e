"""The import of the partner directory: a service's own list of partners, through every page
with real XLSX, ODS and CSV files, each partner created by the directory's own verbs; bad rows
listed in French, all or nothing, and nothing added twice."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from palabre.core.models import JournalEntry
from palabre.imports import actions, readers
from palabre.imports.fields import PARTNER_FIELDS
from palabre.imports.models import ImportedRow, ImportJob, ImportStatus
from palabre.imports.tests.conftest import BUILDERS, upload, xlsx
from palabre.imports.tests.test_import import database_digest, imported, work
from palabre.partners import actions as partner_actions
from palabre.partners.models import Contact, Partner, PartnerKind

# A service's own directory: its words, not Palabre's.
HEADER = ["Organisme", "Catégorie", "Adresse", "Ville", "Tél", "Mail", "Site", "Financeur"]
HEADER += ["Nom du contact", "Prénom du contact", "Fonction", "Remarques"]
ROWS = [
    ["Archipel Habitat", "Bailleur", "1 rue de Paris", "Rennes", "02 99 00 00 01"]
    + ["contact@archipel.example", "www.archipel.example", "oui"]
    + ["Le Gall", "Anne", "Chargée de gestion locative", "Très réactif"],
    ["CCAS de Cesson", "ccas", "", "Cesson-Sévigné", "", "", "", "non", "", "", "", ""],
    ["Maison de quartier Maurepas", "centre social", "", "35000", "", "", "", "", "", "", "", ""],
]


def deposit(client, name, content):
    response = client.post(
        reverse("imports:index"), {"kind": "partners", "file": upload(name, content)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get()


def mapping_post(job, **changes):
    data = {f"field_{key}": col for key, col in job.mapping.items()}
    return data | {"default_kind": "OTHER"} | changes


def prepared(service, coordinator, rows, header=HEADER):
    job = actions.deposit(
        organisation=service,
        by=coordinator,
        upload=upload("partenaires.xlsx", xlsx(header, rows)),
        kind="partners",
    )
    return actions.set_mapping(
        job=job, by=coordinator, mapping=job.mapping, free_columns={}, defaults={}
    )


@pytest.mark.parametrize("extension", ["xlsx", "ods", "csv"])
def test_a_service_directory_goes_through_every_step_and_its_partners_are_added(
    transactional_db, service, coordinator, territory, login, extension
):
    client = login(coordinator)
    job = deposit(client, f"partenaires.{extension}", BUILDERS[extension](HEADER, ROWS))

    assert (job.kind, job.row_count) == ("partners", 3)
    assert job.mapping == {
        "name": "0",
        "kind": "1",
        "address": "2",
        "commune": "3",
        "phone": "4",
        "email": "5",
        "website": "6",
        "is_funder": "7",
        "contact_last_name": "8",
        "contact_first_name": "9",
        "contact_job_title": "10",
    }
    page = client.get(reverse("imports:mapping", args=[job.pk])).content.decode()
    assert "Les colonnes associées à aucun champ ne sont pas importées." in page
    assert "Note privée du dossier" not in page
    response = client.post(
        reverse("imports:mapping", args=[job.pk]), mapping_post(job, free_11="note")
    )
    assert response["Location"] == reverse("imports:values", args=[job.pk])
    job.refresh_from_db()
    assert job.free_columns["11"] == "drop"  # a partner has no private note
    preview = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "3 partenaires prêts à importer" in preview
    assert "Importer 3 partenaires" in preview

    response = client.post(reverse("imports:preview", args=[job.pk]))
    assert response["Location"] == reverse("imports:progress", args=[job.pk])
    work()

    job.refresh_from_db()
    assert (job.status, job.imported_count, job.progress) == (ImportStatus.DONE, 3, 100)
    done = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "3 partenaires ajoutés à l&#x27;annuaire." in done
    assert reverse("partners:list") in done
    partners = {p.name: p for p in Partner.objects.of(service)}
    archipel = partners["Archipel Habitat"]
    assert (archipel.kind, archipel.commune, archipel.is_funder) == (
        PartnerKind.SOCIAL_LANDLORD,
        territory["rennes"],
        True,
    )
    assert (archipel.email, archipel.website, archipel.phone, archipel.address) == (
        "contact@archipel.example",
        "https://www.archipel.example",
        "02 99 00 00 01",
        "1 rue de Paris",
    )
    assert "Très réactif" not in archipel.description
    contact = Contact.objects.get(partner=archipel)
    assert (contact.first_name, contact.last_name, contact.job_title) == (
        "Anne",
        "Le Gall",
        "Chargée de gestion locative",
    )
    ccas = partners["CCAS de Cesson"]
    assert (ccas.kind, ccas.commune, ccas.is_funder) == (
        PartnerKind.SOCIAL_SERVICE,
        territory["cesson"],
        False,
    )
    assert not ccas.contacts.exists()
    maison = partners["Maison de quartier Maurepas"]
    assert (maison.kind, maison.commune) == (PartnerKind.FACILITY, territory["rennes"])
    # The directory's own verbs wrote their Journal lines, by the person who imported.
    entries = JournalEntry.objects.filter(organisation=service, actor=coordinator.user)
    created = entries.filter(verb="partner_created").values_list("subject_id", flat=True)
    assert sorted(created) == sorted(p.pk for p in partners.values())
    assert entries.filter(verb="contact_added", subject_id=archipel.pk).count() == 1


def test_bad_rows_are_listed_in_french_with_their_row_and_column(
    service, coordinator, territory, login
):
    rows = [
        ["", "Association", "", "", "", "", "", "", "", "", "", ""],
        ["Asso A", "Association", "", "", "", "pas-une-adresse", "", "", "", "", "", ""],
        ["Asso B", "Association", "", "", "", "", "http://", "", "", "", "", ""],
        ["Asso C", "Association", "", "", "", "", "", "peut-être", "", "", "", ""],
        ["Asso D", "Association", "", "", "", "", "", "", "", "Anne", "", ""],
        ["Asso E", "Association", "", "", "", "", "", "", "", "", "", ""],
        ["ASSO  É", "Association", "", "", "", "", "", "", "", "", "", ""],
        ["Asso F", "Trottinettes", "", "Lyon", "", "", "", "", "", "", "", ""],
    ]
    client = login(coordinator)
    job = prepared(service, coordinator, rows)
    job.answers = {"kind": {"trottinettes": ""}, "commune": {"lyon": ""}}
    job.save()

    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()

    expected = [
        (2, "Organisme", "valeur manquante (« Nom du partenaire » est obligatoire)."),
        (3, "Mail", "adresse e-mail invalide « pas-une-adresse »."),
        (4, "Site", "adresse de site web invalide « http:// »."),
        (5, "Financeur", "« peut-être » : écrivez oui ou non."),
        (6, "Nom du contact", "un contact est donné sans son nom : écrivez le nom du contact."),
        (8, "(ligne entière)", "Cette ligne reprend la ligne 7 (même numéro ou mêmes valeurs)."),
        (9, "Catégorie", "valeur refusée « Trottinettes »."),
        (9, "Ville", "valeur refusée « Lyon »."),
    ]
    for row, column, message in expected:
        assert (
            f'<th scope="row" class="fw-normal">{row}</th><td>{escape(column)}</td>'
            f"<td>{escape(message)}</td>"
        ) in page, (row, message)
    assert "8 erreurs à corriger dans le fichier" in page
    assert "Importer 1 partenaire" not in page


def test_an_error_in_the_last_row_imports_no_partner_and_changes_nothing(
    transactional_db, service, coordinator, territory
):
    rows = [*ROWS, ["Dernier", "Association", "", "", "", "faux@", "", "", "", "", "", ""]]
    job = prepared(service, coordinator, rows)
    before = database_digest()

    job = imported(job)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 5, "column": "Mail", "message": "adresse e-mail invalide « faux@ »."}
    ]
    assert database_digest() == before
    assert not Partner.objects.exists()


def test_a_refusal_of_the_directory_while_writing_the_last_row_rolls_every_row_back(
    transactional_db, service, coordinator, territory, monkeypatch
):
    job = prepared(service, coordinator, ROWS)
    before = database_digest()
    create = partner_actions.create_partner

    def refusing_the_last(**kwargs):
        if kwargs["name"] == ROWS[-1][0]:
            raise partner_actions.ActionRefused("Refusé par l'annuaire.")
        return create(**kwargs)

    monkeypatch.setattr(partner_actions, "create_partner", refusing_the_last)

    job = imported(job)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 0, "column": "", "message": "Refusé par l'annuaire."}]
    assert database_digest() == before


def test_the_same_directory_imported_twice_adds_nothing_the_second_time(
    transactional_db, service, coordinator, territory
):
    first = imported(prepared(service, coordinator, ROWS))
    more = [*ROWS, ["Point justice", "CDAD", "", "", "", "", "", "", "", "", "", ""]]
    second = imported(prepared(service, coordinator, more))

    assert (first.imported_count, first.skipped_count) == (3, 0)
    assert (second.status, second.imported_count, second.skipped_count) == (ImportStatus.DONE, 1, 3)
    assert Partner.objects.of(service).count() == 4
    assert Partner.objects.get(name="Point justice").kind == PartnerKind.JUSTICE
    assert Contact.objects.count() == 1
    assert ImportedRow.objects.of(service).filter(kind="partners").count() == 4


def test_a_partner_already_in_the_directory_is_left_aside_and_said_so(
    service, coordinator, territory, login
):
    partner_actions.create_partner(
        organisation=service, by=coordinator, kind="SOCIAL_LANDLORD", name="ARCHIPEL habitat"
    )
    job = prepared(service, coordinator, ROWS)

    page = login(coordinator).get(reverse("imports:preview", args=[job.pk])).content.decode()

    assert "Lignes laissées de côté" in page
    assert escape("« Archipel Habitat » est déjà dans l'annuaire : ligne laissée de côté.") in page
    assert "Importer 2 partenaires" in page


def test_the_partner_templates_download_and_are_read_back_with_their_headers(coordinator, login):
    client = login(coordinator)
    index = client.get(reverse("imports:index")).content.decode()
    for extension in ("xlsx", "ods"):
        url = reverse("imports:template", args=["partners", extension])
        assert url in index
        response = client.get(url)
        assert response.status_code == 200
        assert f"palabre-modele-partenaires.{extension}" in response["Content-Disposition"]
        header, rows = readers.read(f"modele.{extension}", response.content)
        assert header == [str(f.label) for f in PARTNER_FIELDS]
        assert rows == []
    assert client.get(reverse("imports:template", args=["volunteers", "xlsx"])).status_code == 404


def test_palabre_s_template_filled_in_maps_every_column_by_itself(service, coordinator, territory):
    header = [str(f.label) for f in PARTNER_FIELDS]
    job = actions.deposit(
        organisation=service,
        by=coordinator,
        upload=upload("modele.xlsx", xlsx(header, [["Mairie de Rennes", "Mairie"] + [""] * 13])),
        kind="partners",
    )

    assert job.mapping == {f.key: str(i) for i, f in enumerate(PARTNER_FIELDS)}
