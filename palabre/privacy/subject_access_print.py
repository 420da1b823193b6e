"""The PDF of a person's data: the dictionary ``subject_access.build`` made, laid out for reading.

Every value printed comes from that dictionary, so the PDF shows exactly what the JSON holds;
this module only gives each key its French label and each value its printed form.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.core import pdf

LABELS = {
    "prenom": gettext_lazy("Prénom"),
    "nom": gettext_lazy("Nom"),
    "telephone": gettext_lazy("Téléphone"),
    "e_mail": gettext_lazy("E-mail"),
    "adresse": gettext_lazy("Adresse"),
    "commune_du_foyer": gettext_lazy("Commune du foyer"),
    "personnes_au_foyer": gettext_lazy("Personnes au foyer"),
    "moyen_de_contact_prefere": gettext_lazy("Moyen de contact préféré"),
    "besoin_d_interprete": gettext_lazy("Besoin d'un·e interprète"),
    "ouvert_le": gettext_lazy("Ouvert le"),
    "etat": gettext_lazy("État"),
    "etape_atteinte": gettext_lazy("Étape atteinte"),
    "clos_le": gettext_lazy("Clos le"),
    "motif_de_cloture": gettext_lazy("Motif de clôture"),
    "commune": gettext_lazy("Commune"),
    "quartier": gettext_lazy("Quartier"),
    "quartier_prioritaire": gettext_lazy("Quartier prioritaire (QPV)"),
    "motifs_du_conflit": gettext_lazy("Motifs du conflit"),
    "origine_de_la_saisine": gettext_lazy("Origine de la saisine"),
    "canal_du_premier_contact": gettext_lazy("Canal du premier contact"),
    "logement": gettext_lazy("Logement"),
    "type_de_bati": gettext_lazy("Type de bâti"),
    "resultat_du_suivi": gettext_lazy("Résultat du suivi"),
    "objet": gettext_lazy("Objet"),
    "recueilli_le": gettext_lazy("Recueilli le"),
    "recueilli": gettext_lazy("Recueilli"),
    "retire_le": gettext_lazy("Retiré le"),
    "le": gettext_lazy("Date"),
    "modalite": gettext_lazy("Modalité"),
    "type": gettext_lazy("Type"),
    "issue": gettext_lazy("Issue"),
    "moyen": gettext_lazy("Moyen"),
    "resultat": gettext_lazy("Résultat"),
    "courrier": gettext_lazy("Courrier"),
    "conclu_le": gettext_lazy("Conclu le"),
    "forme": gettext_lazy("Forme"),
    "portee": gettext_lazy("Portée"),
    "vos_engagements": gettext_lazy("Vos engagements"),
    "engagements_communs": gettext_lazy("Engagements communs"),
    "prevu_le": gettext_lazy("Prévu le"),
    "fait_le": gettext_lazy("Fait le"),
    "lieu": gettext_lazy("Lieu"),
    "pris": gettext_lazy("Pris"),
    "identite_donnee": gettext_lazy("Identité donnée"),
    "messages_envoyes": gettext_lazy("Messages envoyés"),
    "message": gettext_lazy("Message"),
    "par": gettext_lazy("Par"),
    "reponse": gettext_lazy("Réponse"),
    "repondu_le": gettext_lazy("Répondu le"),
    "numero_a_rappeler": gettext_lazy("Numéro à rappeler"),
    "jours": gettext_lazy("Jours"),
    "moments": gettext_lazy("Moments"),
    "recue_le": gettext_lazy("Reçue le"),
    "arrivee_par": gettext_lazy("Arrivée par"),
    "partenaire": gettext_lazy("Partenaire"),
    "identite_transmise": gettext_lazy("Identité transmise"),
    "quand_vous_joindre": gettext_lazy("Quand vous joindre"),
    "accord_pour_etre_contacte": gettext_lazy("D'accord pour être contacté·e"),
    "accord_pour_informer_le_prescripteur": gettext_lazy("D'accord pour informer le prescripteur"),
    "droit_exerce": gettext_lazy("Droit exercé"),
    "reponse_au_plus_tard_le": gettext_lazy("Réponse au plus tard le"),
    "finalites": gettext_lazy("Finalités"),
    "base_legale": gettext_lazy("Base légale"),
    "duree_de_conservation": gettext_lazy("Durée de conservation"),
    "vos_droits": gettext_lazy("Vos droits"),
    "decision_automatisee": gettext_lazy("Décision automatisée"),
}

# The parts of a case, in reading order: (key, title).
CASE_PARTS = [
    ("identite", gettext_lazy("Votre identité et vos coordonnées")),
    ("donnees_du_dossier", gettext_lazy("Le dossier")),
    ("consentements", gettext_lazy("Vos consentements")),
    ("entretiens", gettext_lazy("Vos entretiens individuels")),
    ("rencontres", gettext_lazy("Rencontres et échanges de la médiation")),
    ("prises_de_contact", gettext_lazy("Les prises de contact avec vous")),
    ("courriers", gettext_lazy("Les courriers préparés pour vous")),
    (
        "invitations_a_prendre_rendez_vous",
        gettext_lazy("Les invitations à prendre rendez-vous et vos réponses"),
    ),
    ("accord", gettext_lazy("L'accord")),
    ("suivis", gettext_lazy("Les suivis")),
    ("rendez_vous_en_permanence", gettext_lazy("Vos rendez-vous en permanence")),
    ("orientation", gettext_lazy("L'orientation qui vous a adressé·e au service")),
]


def shown(value) -> str:
    """A value as printed: dates in French order, yes or no, lists joined, « — » for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, dict):
        return " ; ".join(f"{LABELS.get(k, k)} : {shown(v)}" for k, v in value.items() if v)
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    return str(value)


def _facts(data: dict) -> list[tuple[str, str]]:
    return [(str(LABELS.get(key, key)), shown(value)) for key, value in data.items()]


def _table(rows: list[dict]) -> dict:
    columns = list(rows[0]) if rows else []
    return {
        "columns": [str(LABELS.get(key, key)) for key in columns],
        "rows": [[shown(row[key]) for key in columns] for row in rows],
    }


def _part(title, value) -> dict:
    if isinstance(value, dict):
        return {"title": title, "facts": _facts(value)}
    if isinstance(value, list) and value:
        return {"title": title, "table": _table(value)}
    return {"title": title, "empty": True}


def _case(section: dict) -> dict:
    return {
        "reference": section["dossier"],
        "role": section["votre_role"],
        "parts": [_part(title, section[key]) for key, title in CASE_PARTS],
        "notes": [shown(day) for day in section["notes_rapportant_vos_propos"]],
        "source": section["source_des_donnees"],
        "recipients": section["destinataires"],
    }


def as_pdf(export: dict) -> bytes:
    context = {
        "controller": export["responsable_du_traitement"],
        "request": _facts(export["demande"]),
        "made_on": shown(export["etabli_le"]),
        "cases": [_case(section) for section in export["dossiers"]],
        "bookings": _part(
            gettext_lazy("Rendez-vous en permanence sans dossier"),
            export["rendez_vous_hors_dossier"],
        ),
        "withheld": export["non_communique"],
        "information": _facts(export["informations"]),
    }
    return pdf.write(render_to_string("privacy/rights/export_pdf.html", context))
