"""The demo's funder reports: a commentary for each convention's report of last year, so that
the PDF a visitor asks for reads like the one a service sends. Short, general and fictitious:
no person, no case, no figure that the tables already give."""

from palabre.reports.models import Narrative

NARRATIVES = {
    "city": (
        "L'année a été marquée par la hausse des saisines liées au bruit dans les quartiers "
        "prioritaires, où la présence des médiateurs bénévoles lors des permanences a facilité "
        "les premiers contacts.\n\n"
        "Nous avons renforcé le travail avec les maisons de quartier et les services de la "
        "Ville. Pour l'an prochain, nous souhaitons ouvrir une permanence supplémentaire et "
        "former deux nouveaux médiateurs."
    ),
    "metropole": (
        "Le service intervient désormais dans la plupart des communes de la Métropole, le plus "
        "souvent sur orientation des mairies.\n\n"
        "Les déplacements restent un frein : nous proposons davantage d'entretiens par "
        "téléphone et de rencontres dans les locaux communaux."
    ),
    "police_justice": (
        "Les orientations reçues au titre de la main courante se sont poursuivies à un rythme "
        "régulier. Le délai entre l'orientation et le premier contact reste court, grâce au "
        "circuit convenu avec les commissariats.\n\n"
        "Un point d'étape avec le parquet et le CDAD a permis de préciser les situations qui "
        "relèvent de la médiation."
    ),
    "landlord": (
        "Les conflits entre locataires ont surtout porté sur le bruit et l'usage des parties "
        "communes. Les équipes de proximité du bailleur orientent plus tôt, ce qui facilite "
        "l'acceptation de la médiation par l'autre partie.\n\n"
        "Nous proposons de poursuivre les réunions trimestrielles de suivi par résidence."
    ),
}


def seed_narratives(organisation, conventions: dict, year: int) -> int:
    """Writes last year's commentary of each demo convention (``conventions`` as
    ``partners.demo.seed_partners`` returns them); answers how many."""
    rows = [
        Narrative(
            organisation=organisation,
            convention=convention,
            year=year,
            text=NARRATIVES.get(key, NARRATIVES["landlord"]),
        )
        for key, convention in conventions.items()
        if convention.starts_on.year <= year
    ]
    Narrative.objects.bulk_create(rows)
    return len(rows)
