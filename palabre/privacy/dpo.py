"""What the DPO needs (rules R6 and R12): the entry of the *registre des traitements* (RGPD
art. 30) and the template of the *analyse d'impact* (AIPD, art. 35), both filled from the
organisation's own settings and from what this instance of Palabre actually does.

Everything here is a fact of the product or a setting of the organisation: its identity and DPO
contact, its retention durations (``privacy.retention``, the R8 proposals by default), the
recipients the code allows, the security measures that are installed. What only the controller
can judge (the gravity and likelihood of each risk, the DPO's opinion) is left as blanks to fill.
"""

import datetime as dt
import importlib.util
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases.models import Case
from palabre.core.notices import CURRENT, NoticeKind
from palabre.organisations.models import Membership

# The durations of rule R8 (months), used when the retention module offers nothing else.
R8_DEFAULTS = {
    "notes": 6,
    "other_parties": 0,
    "cases": 24,
    "referrals": 24,
    "appointments": 12,
    "volunteers": 24,
    "partner_contacts": 24,
    "network_contacts": 24,
}


def organisation_context(organisation) -> dict:
    return {
        "name": organisation.name,
        "address_lines": [
            line.strip() for line in organisation.address.splitlines() if line.strip()
        ],
        "phone": organisation.phone,
        "email": organisation.email,
        "dpo_contact": organisation.dpo_contact,
        "is_network": organisation.is_network,
    }


def _retention():
    try:
        from palabre.privacy import retention
    except ImportError:  # pragma: no cover - the module is part of the app
        return None
    return retention if hasattr(retention, "RetentionSchedule") else None


def months(organisation) -> dict:
    """Line key → the organisation's duration in months (its schedule, or the defaults)."""
    retention = _retention()
    if retention is None:
        return dict(R8_DEFAULTS)
    schedule = retention.RetentionSchedule.of(organisation)
    return {**R8_DEFAULTS, **{line.key: schedule.months(line.key) for line in retention.LINES}}


@dataclass(frozen=True)
class RetentionRow:
    label: str
    when: str
    done: str
    basis: str


def retention_rows(organisation) -> list[RetentionRow]:
    """The retention schedule as the register shows it: what, how long, then what, and why."""
    retention = _retention()
    durations = months(organisation)
    if retention is not None:
        return [
            RetentionRow(
                str(line.label),
                line.after(durations[line.key]),
                str(line.done),
                str(line.basis),
            )
            for line in retention.lines_for(organisation)
        ]
    return [
        RetentionRow(
            _("Dossiers clos"),
            _("%(n)s mois après le dernier contact") % {"n": durations["cases"]},
            _("Anonymisés ; les statistiques restent."),
            _("Référentiel de la CNIL pour l'accompagnement social, par analogie (règle R8)."),
        ),
        RetentionRow(
            _("Notes privées"),
            _("%(n)s mois après la clôture du dossier") % {"n": durations["notes"]},
            _("Supprimées."),
            _("Minimisation (RGPD, art. 5.1 c et e)."),
        ),
        RetentionRow(
            _("Bénévoles et salariés"),
            _("%(n)s mois après la fin de l'engagement") % {"n": durations["volunteers"]},
            _("Compte fermé, identité effacée."),
            _("Durée de l'engagement + 2 ans (règle R8)."),
        ),
    ]


# A security measure, and the module whose presence shows it is installed here.
MEASURES = [
    (
        "palabre.organisations.access",
        gettext_lazy("Droits par rôle et par dossier"),
        gettext_lazy(
            "Chaque personne n'accède qu'à ce que son rôle permet ; un·e médiateur·rice ne voit "
            "que les dossiers qui lui sont confiés ; un autre service ne voit rien (réponse 404)."
        ),
    ),
    (
        "palabre.privacy.access_log",
        gettext_lazy("Journal des consultations"),
        gettext_lazy(
            "Chaque lecture d'un dossier, de ses notes, d'un courrier ou d'un export est "
            "enregistrée (qui, quand, quoi), consultable par la coordination."
        ),
    ),
    (
        "palabre.accounts.mfa",
        gettext_lazy("Double authentification"),
        gettext_lazy("Un second facteur (application TOTP, codes de secours) protège les comptes."),
    ),
    (
        "palabre.core.crypto",
        gettext_lazy("Chiffrement au repos"),
        gettext_lazy(
            "Les notes confidentielles sont chiffrées en base ; la clé de chiffrement des clés "
            "n'est ni dans la base ni dans ses sauvegardes."
        ),
    ),
    (
        "palabre.privacy.retention",
        gettext_lazy("Suppression et anonymisation programmées"),
        gettext_lazy(
            "Une tâche applique les durées de conservation ; chaque passage est compté pour le DPO."
        ),
    ),
    (
        "palabre.core.management.commands.backup",
        gettext_lazy("Sauvegardes"),
        gettext_lazy(
            "Sauvegarde à chaud de la base et restauration éprouvée dans une base neuve "
            "(voir « Sauvegarde et restauration » dans la documentation d'exploitation)."
        ),
    ),
    (
        "axes",
        gettext_lazy("Verrouillage après échecs de connexion"),
        gettext_lazy("Les tentatives répétées de mot de passe bloquent le compte pour un temps."),
    ),
    (
        "palabre.core.sensitive",
        gettext_lazy("Avertissement sur les textes libres"),
        gettext_lazy(
            "Un texte qui semble mentionner une plainte, une infraction, la santé, la religion, "
            "l'origine ou la vie sexuelle déclenche un rappel des règles de la CNIL."
        ),
    ),
]


def security_measures() -> list[tuple[str, str]]:
    return [
        (str(title), str(text))
        for module, title, text in MEASURES
        if importlib.util.find_spec(module) is not None
    ]


def _purposes(organisation) -> list[str]:
    if organisation.is_network:
        return [
            _("Gestion des structures membres, de leurs contacts et des cotisations"),
            _("Formations, rencontres et accompagnement à la certification"),
            _("Observatoire à partir de chiffres anonymes partagés par les membres"),
        ]
    return [
        _("Accueil et information des personnes, ouverture et suivi des dossiers de médiation"),
        _("Orientations reçues des partenaires et retour d'état, avec l'accord de la personne"),
        _("Permanences et rendez-vous, rappels par e-mail ou SMS"),
        _("Médiation de terrain : tournées, interventions comptées sans nom, veille technique"),
        _("Bénévolat : équipe, disponibilités, heures, formations"),
        _("Bilans d'activité pour les financeurs, à partir de champs codés (secret statistique)"),
    ]


def _people(organisation) -> list[str]:
    if organisation.is_network:
        return [_("Contacts des structures membres"), _("Équipe du réseau"), _("Stagiaires")]
    return [
        _("Demandeurs et demandeuses de médiation"),
        _("Autres parties (personnes qui n'ont rien demandé : information de l'article 14)"),
        _("Participants de médiations collectives"),
        _("Bénévoles et salarié·es du service"),
        _("Contacts des partenaires (prescripteurs, bailleurs, financeurs)"),
    ]


def _data(organisation) -> list[str]:
    if organisation.is_network:
        return [
            _("Identité, fonction et coordonnées professionnelles des contacts"),
            _("Inscriptions et présences aux formations et rencontres"),
            _("Chiffres d'activité anonymes des services membres"),
        ]
    return [
        _("Identité, coordonnées et adresse ; commune, quartier, type de logement"),
        _("Nature du différend par catégories codées ; étapes, dates, consentements recueillis"),
        _("Notes confidentielles des médiateurs (chiffrées au repos)"),
        _("Signalements exceptionnels : motif, destinataire et contenu minimal"),
        _("Trace des actions et des consultations (journal, journal des consultations)"),
        _(
            "Aucune donnée d'infraction (art. 10) ni donnée sensible (art. 9) : aucun champ ne "
            "les demande ; les textes libres avertissent quand ils semblent en contenir"
        ),
    ]


def _recipients(organisation) -> list[str]:
    if organisation.is_network:
        return [
            _("L'équipe du réseau"),
            _("Les financeurs et partenaires : chiffres agrégés seulement"),
        ]
    return [
        _("L'équipe de médiation du dossier et la coordination"),
        _(
            "Les partenaires qui orientent : l'état d'avancement seulement, avec l'accord de la "
            "personne"
        ),
        _("Les financeurs et le réseau : statistiques agrégées, petits effectifs masqués"),
        _(
            "Les autorités (police, gendarmerie, CRIP, secours, procureur) : un signalement "
            "exceptionnel validé, quand une personne est en danger (loi n° 95-125, art. 21-3)"
        ),
        _("L'hébergeur de l'instance, sous-traitant (art. 28), s'il n'est pas le service lui-même"),
    ]


def _scope(organisation) -> list[tuple[str, str]]:
    if organisation.is_network:
        return []
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    cases = Case.objects.of(organisation)
    return [
        (_("Dossiers ouverts ces 12 derniers mois"), cases.opened_between(year_ago).count()),
        (_("Dossiers en cours"), cases.open().count()),
        (
            _("Personnes de l'équipe ayant un compte"),
            Membership.objects.active().filter(organisation=organisation).count(),
        ),
    ]


def register_context(organisation) -> dict:
    return {
        "organisation": organisation_context(organisation),
        "purposes": _purposes(organisation),
        "people": _people(organisation),
        "data": _data(organisation),
        "recipients": _recipients(organisation),
        "retention": retention_rows(organisation),
        "measures": security_measures(),
        "today": timezone.localdate(),
    }


RISKS = [
    (
        gettext_lazy("Accès illégitime aux données"),
        gettext_lazy(
            "Un compte volé, un poste partagé dans un centre social, une erreur de droits, un "
            "partenaire qui verrait plus que l'état d'avancement."
        ),
        gettext_lazy(
            "Atteinte à la vie privée des habitants, perte de confiance, représailles dans un "
            "conflit de voisinage."
        ),
    ),
    (
        gettext_lazy("Modification non désirée des données"),
        gettext_lazy("Une erreur de saisie, une saisie faite à deux, une action malveillante."),
        gettext_lazy("Un dossier faux, un accord mal rapporté, des chiffres faussés."),
    ),
    (
        gettext_lazy("Disparition des données"),
        gettext_lazy("Une panne, un effacement par erreur, la perte de la clé de chiffrement."),
        gettext_lazy(
            "La médiation interrompue, l'impossibilité de répondre à une demande d'accès."
        ),
    ),
]

DPIA_CRITERIA = [
    gettext_lazy("Personnes vulnérables (habitants en conflit, parfois en difficulté sociale)"),
    gettext_lazy(
        "Données à caractère hautement personnel (ce que les parties confient aux médiateurs)"
    ),
    gettext_lazy("Données concernant des personnes qui n'ont rien demandé (l'autre partie)"),
    gettext_lazy("Traitement à grande échelle (à apprécier selon le volume du service)"),
    gettext_lazy("Croisement de données (orientations de partenaires, rendez-vous, dossiers)"),
]


def dpia_context(organisation) -> dict:
    return {
        **register_context(organisation),
        "scope": _scope(organisation),
        "risks": RISKS,
        "criteria": DPIA_CRITERIA,
        "notices": [(kind.label, CURRENT[kind].label()) for kind in NoticeKind],
    }
