"""The steps of a rights request, as the request's page offers them: slug (French, in the URL) →
form, the call to the verb, and when the page offers it. The verbs still decide: a step asked
out of turn comes back with a French error on its form, nothing saved."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.privacy import rights_actions as actions
from palabre.privacy import rights_erasure as erasure
from palabre.privacy import rights_forms as forms
from palabre.privacy.rights import RightsKind, RightsStatus


@dataclass(frozen=True)
class Step:
    title: str
    submit: str
    form: type
    run: Callable
    done: str
    offered: Callable
    intro: str = ""
    variant: str = "outline-primary"


def _open(rights_request) -> bool:
    return rights_request.is_open


def _kind(kind):
    return lambda rights_request: rights_request.is_open and rights_request.kind == kind


def _extensible(rights_request) -> bool:
    return (
        rights_request.is_open
        and not rights_request.is_extended
        and timezone.localdate() <= rights_request.first_deadline
    )


STEPS: dict[str, Step] = {
    "identite": Step(
        title=_("Enregistrer la vérification d'identité"),
        submit=_("L'identité est vérifiée"),
        form=forms.IdentityForm,
        run=actions.check_identity,
        done=_("La vérification d'identité est enregistrée."),
        offered=lambda r: r.is_open and not r.identity_checked,
        intro=_(
            "Les données d'une personne ne se communiquent, ne se corrigent ni ne s'effacent qu'à "
            "elle. En cas de doute, demandez-lui un élément de plus (RGPD, art. 12, § 6), sans "
            "garder de copie de ses papiers."
        ),
        variant="primary",
    ),
    "prendre-en-charge": Step(
        title=_("Prendre la demande en charge"),
        submit=_("Prendre en charge"),
        form=StyledForm,
        run=actions.start,
        done=_("La demande est en cours."),
        offered=lambda r: r.status == RightsStatus.RECEIVED,
    ),
    "prolonger": Step(
        title=_("Prolonger le délai de deux mois"),
        submit=_("Prolonger le délai"),
        form=forms.ExtendForm,
        run=actions.extend_deadline,
        done=_("Le délai est prolongé de deux mois."),
        offered=_extensible,
        intro=_(
            "Possible une fois, pour une demande complexe ou des demandes nombreuses, à condition "
            "d'en informer la personne, avec le motif, dans le mois qui suit sa demande "
            "(RGPD, art. 12, § 3)."
        ),
    ),
    "opposition": Step(
        title=_("Appliquer l'opposition de l'autre partie"),
        submit=_("Clore ses dossiers et réduire ses données"),
        form=forms.ApplyForm,
        run=erasure.apply_objection,
        done=_("L'opposition est appliquée : les dossiers sont clos, l'identité sera effacée."),
        offered=_kind(RightsKind.OBJECTION),
        intro=_(
            "La personne sollicitée ne veut pas que le service traite ses données (RGPD, "
            "art. 21) : chacun de ses dossiers en cours est clos avec le motif « Refus de l'autre "
            "partie », et son identité et ses coordonnées sont effacées ; seuls restent son rôle "
            "et la commune, pour les statistiques."
        ),
        variant="danger",
    ),
    "effacer": Step(
        title=_("Effacer les données de la personne"),
        submit=_("Effacer maintenant"),
        form=forms.ApplyForm,
        run=erasure.erase,
        done=_("Les dossiers de la personne sont anonymisés."),
        offered=_kind(RightsKind.ERASURE),
        intro=_(
            "Chaque dossier de la personne est anonymisé dès maintenant, comme il le serait au "
            "terme de sa durée de conservation : identités, coordonnées, adresses, textes libres "
            "et notes effacés ; dates et champs codés gardés pour les statistiques. Impossible "
            "tant qu'un dossier est en cours, conservé pour un motif légal ou qu'une copie de "
            "l'accord est gardée : la demande se refuse alors avec ce motif."
        ),
        variant="danger",
    ),
    "traiter": Step(
        title=_("Indiquer que la demande est traitée"),
        submit=_("Demande traitée"),
        form=forms.AnswerForm,
        run=actions.complete,
        done=_("La demande est traitée."),
        offered=lambda r: r.is_open and r.kind != RightsKind.ERASURE,
        intro=_(
            "La réponse est donnée : copie des données envoyée, données corrigées depuis les pages "
            "du dossier, traitement limité."
        ),
    ),
    "refuser": Step(
        title=_("Refuser la demande"),
        submit=_("Refuser la demande"),
        form=forms.RefuseForm,
        run=actions.refuse,
        done=_("Le refus est enregistré."),
        offered=_open,
        intro=_(
            "Un refus se motive, et la personne doit savoir qu'elle peut saisir la CNIL ou la "
            "justice (RGPD, art. 12, § 4)."
        ),
        variant="outline-danger",
    ),
}


def offered_steps(rights_request) -> list[dict]:
    return [
        {"slug": slug, "title": step.title, "variant": step.variant}
        for slug, step in STEPS.items()
        if step.offered(rights_request)
    ]
