"""The case page's « Dossiers antérieurs du service » (docs/adr/0027): for the coordination and
the case's own mediators only, one query."""

from django.urls import reverse
from django.utils.translation import ngettext

from palabre.cases import access, earlier_lookup


def case_panel(membership, case):
    if not access.can_see_earlier_cases(membership, case):
        return None
    found = earlier_lookup.find(
        membership,
        earlier_lookup.probe_for_case(case),
        case=case,
        answers=case.earlier_answers.all(),
    )
    if not found.cases:
        return None
    return {
        "template": "cases/earlier/case_panel.html",
        "found": found,
        "can_answer": not case.is_closed,
        "url": reverse("cases:earlier_answer", args=[case.pk]),
        "same_label": "link",
    }


def intake_notice(membership, case) -> str:
    """Said to the coordination right after opening a case that has earlier cases; nothing to
    reception, who opens cases too but never sees earlier ones."""
    if not access.can_see_earlier_cases(membership, case):
        return ""
    found = earlier_lookup.find(membership, earlier_lookup.probe_for_case(case), case=case)
    if not found.cases:
        return ""
    count = len(found.cases)
    return ngettext(
        "Le service a un dossier antérieur à la même adresse ou avec la même personne : "
        "dites s'il s'agit du même conflit (« Dossiers antérieurs du service »).",
        "Le service a %(count)d dossiers antérieurs à la même adresse ou avec la même "
        "personne : dites s'il s'agit du même conflit (« Dossiers antérieurs du service »).",
        count,
    ) % {"count": count}
