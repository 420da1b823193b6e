"""Every bad row is named, with its column, in French; code lists are matched tolerantly;
unknown values are asked once each."""

import datetime as dt

import pytest

from palabre.cases import codes
from palabre.core.codes import ReferralSource
from palabre.imports import actions
from palabre.imports.checking import check
from palabre.imports.fields import CASE_FIELDS
from palabre.imports.matching import fold, match, vocabulary
from palabre.imports.readers import UnreadableFile, read
from palabre.imports.tests.conftest import HEADER, csv_bytes, upload, xlsx


def deposited(service, coordinator, rows, header=HEADER, name="f.xlsx"):
    builder = xlsx if name.endswith("xlsx") else csv_bytes
    return actions.deposit(
        organisation=service, by=coordinator, upload=upload(name, builder(header, rows))
    )


def checked(job):
    with job.file.open("rb") as stored:
        return check(job, read(job.filename, stored.read())[1])


def test_every_bad_row_is_named_with_its_column_and_the_reason_in_french(
    service, coordinator, territory
):
    rows = [
        ["1", dt.date(2025, 1, 2), "Rennes", "", "mairie", "bruit", "", "", ""],
        ["2", "31/02/2025", "Rennes", "", "mairie", "bruit", "", "", ""],
        ["3", dt.date(2025, 1, 2), "Rennes", "", "mairie", "", "", "", ""],
        [
            "4",
            dt.date(2025, 3, 2),
            "Rennes",
            "",
            "mairie",
            "bruit",
            dt.date(2025, 1, 1),
            "accord",
            "",
        ],
        ["5", dt.date(2025, 1, 2), "Cesson-Sévigné", "Maurepas", "mairie", "bruit", "", "", ""],
        ["6", dt.date(2025, 1, 2), "Rennes", "", "mairie", "bruit", dt.date(2025, 2, 1), "", ""],
        ["7", dt.date(2027, 1, 2), "Rennes", "", "mairie", "bruit", "", "", ""],
        ["1", dt.date(2025, 1, 2), "Rennes", "", "mairie", "bruit", "", "", ""],
    ]
    result = checked(deposited(service, coordinator, rows))

    assert result.errors == [
        {
            "row": 3,
            "column": "Date demande",
            "message": "date illisible « 31/02/2025 » (attendu : JJ/MM/AAAA).",
        },
        {
            "row": 4,
            "column": "Motif",
            "message": "valeur manquante (« Motif du conflit » est obligatoire).",
        },
        {"row": 5, "column": "Date de fin", "message": "la clôture précède la saisine."},
        {
            "row": 6,
            "column": "Quartier",
            "message": "ce quartier n'appartient pas à la commune de la ligne.",
        },
        {
            "row": 7,
            "column": "Issue",
            "message": "un dossier clos demande son issue (motif de clôture).",
        },
        {
            "row": 8,
            "column": "Date demande",
            "message": "date à venir (02/01/2027) : seuls des dossiers passés s'importent.",
        },
        {
            "row": 9,
            "column": "(ligne entière)",
            "message": "Cette ligne reprend la ligne 2 (même numéro ou mêmes valeurs).",
        },
    ]
    assert [row.number for row in result.rows] == [2]
    assert not result.ready


@pytest.mark.parametrize(
    ("typed", "field", "code"),
    [
        ("BRUIT", "primary_conflict", codes.ConflictCategory.NOISE),
        ("  nuisances   sonores ", "primary_conflict", codes.ConflictCategory.NOISE),
        ("Mitoyenneté", "primary_conflict", codes.ConflictCategory.BOUNDARY),
        ("mitoyennete / limites", "primary_conflict", codes.ConflictCategory.BOUNDARY),
        ("Dégâts des eaux", "primary_conflict", codes.ConflictCategory.WATER_DAMAGE),
        ("Parties communes", "primary_conflict", codes.ConflictCategory.COMMON_AREAS),
        ("Accord partiel", "closure_reason", codes.ClosureReason.AGREEMENT_PARTIAL),
        ("DÉSISTEMENT", "closure_reason", codes.ClosureReason.REQUESTER_WITHDREW),
        ("Hors champ", "closure_reason", codes.ClosureReason.OUT_OF_SCOPE),
        ("Réorientation", "closure_reason", codes.ClosureReason.REORIENTED),
        ("Main courante", "referral_source", ReferralSource.POLICE_NATIONALE),
        ("CCAS", "referral_source", ReferralSource.SOCIAL_WORKER),
        ("bouche-à-oreille", "referral_source", ReferralSource.WORD_OF_MOUTH),
        ("Police municipale", "referral_source", ReferralSource.POLICE_MUNICIPALE),
        ("Courriel", "channel", codes.Channel.EMAIL),
        ("NOISE", "primary_conflict", codes.ConflictCategory.NOISE),
    ],
)
def test_code_lists_are_matched_without_regard_to_accents_case_spacing_or_the_trade_s_words(
    typed, field, code
):
    f = next(f for f in CASE_FIELDS if f.key == field)
    assert match(vocabulary(f.choices, f.synonyms), typed) == code


def test_a_label_shared_by_two_codes_is_asked_rather_than_guessed():
    f = next(f for f in CASE_FIELDS if f.key == "closure_reason")
    words = vocabulary(f.choices, {})
    # « Autre partie injoignable » and « Demandeur injoignable » share no whole label part,
    # but « injoignable » alone is neither without the trade's word list.
    assert match(words, "injoignable") is None
    assert fold("  N°_Dossier ") == "n dossier"


def test_communes_match_by_name_insee_code_or_postal_code(service, coordinator, territory):
    rows = [
        ["1", dt.date(2025, 1, 2), "rennes", "", "", "bruit", "", "", ""],
        ["2", dt.date(2025, 1, 2), "35238", "", "", "bruit", "", "", ""],
        ["3", dt.date(2025, 1, 2), "35200", "maurepas", "", "bruit", "", "", ""],
        ["4", dt.date(2025, 1, 2), "CESSON SEVIGNE", "", "", "bruit", "", "", ""],
    ]
    result = checked(deposited(service, coordinator, rows))

    assert result.errors == []
    rennes, cesson = str(territory["rennes"].pk), str(territory["cesson"].pk)
    assert [row.values["commune"] for row in result.rows] == [rennes, rennes, rennes, cesson]
    assert result.rows[2].values["quartier"] == str(territory["maurepas"].pk)


def test_an_unknown_value_is_asked_once_and_the_answer_applies_to_all_its_rows(
    service, coordinator, territory
):
    rows = [
        [str(n), dt.date(2025, 1, 2), "Rennes", "", "", motif, "", "", ""]
        for n, motif in enumerate(
            ["Poubelles jetées", "poubelles  jetees", "Trottinettes", "bruit"]
        )
    ]
    job = deposited(service, coordinator, rows)
    result = checked(job)

    assert result.unknown == {
        "primary_conflict": {"poubelles jetees": "Poubelles jetées", "trottinettes": "Trottinettes"}
    }
    assert not result.ready and len(result.rows) == 1

    actions.set_answers(
        job=job,
        by=coordinator,
        answers={"primary_conflict": {"poubelles jetees": "COMMON_AREAS", "trottinettes": ""}},
    )
    result = checked(job)

    assert [row.values["primary_conflict"] for row in result.rows] == [
        "COMMON_AREAS",
        "COMMON_AREAS",
        "NOISE",
    ]
    assert result.errors == [
        {"row": 4, "column": "Motif", "message": "valeur refusée « Trottinettes »."}
    ]
    # The next file of the service knows the accepted answer, never the refusal.
    again = deposited(service, coordinator, rows)
    assert again.answers["primary_conflict"] == {"poubelles jetees": "COMMON_AREAS"}


def test_a_csv_in_windows_1252_with_commas_is_read(service, coordinator, territory):
    content = csv_bytes(
        HEADER,
        [["9", "02/01/2025", "Cesson-Sévigné", "", "", "Odeurs", "", "", ""]],
        encoding="cp1252",
        delimiter=",",
    )
    job = actions.deposit(organisation=service, by=coordinator, upload=upload("f.csv", content))
    result = checked(job)
    assert result.errors == []
    assert result.rows[0].values["commune"] == str(territory["cesson"].pk)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.xlsx", b"PK\x03\x04not really a zip", "ne peut pas être lu comme un tableur XLSX"),
        ("f.ods", b"PK\x03\x04broken", "ne peut pas être lu comme un tableur ODS"),
        ("f.csv", b"", "Le fichier est vide"),
        ("f.pdf", b"%PDF-1.4", "Déposez un fichier XLSX, ODS ou CSV."),
    ],
)
def test_an_unreadable_file_is_refused_in_french(name, content, message):
    with pytest.raises(UnreadableFile) as refused:
        read(name, content)
    assert message in refused.value.message


def test_a_value_still_to_be_answered_is_not_also_reported_as_an_error(
    service, coordinator, territory
):
    rows = [
        ["1", dt.date(2025, 1, 2), "Rennes", "", "", "bruit", dt.date(2025, 2, 1), "Médiée", ""]
    ]
    result = checked(deposited(service, coordinator, rows))

    assert result.errors == []
    assert result.unknown == {"closure_reason": {"mediee": "Médiée"}}
