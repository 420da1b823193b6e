"""The steps of collective mediation (docs/adr/0035), served like the case page's steps
(``views.detail.case_action``): slug → form, permission predicate, the call to the action. The
case comes through ``access.get_case_for``; a member without the right gets the same 404 as for
a missing case. A refused step comes back as a French error on the form, nothing saved."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from palabre.cases import access, codes, collective_actions
from palabre.cases.forms import collective as forms
from palabre.core import reads
from palabre.core.actions import act_on
from palabre.core.lookup import get_or_404


@dataclass(frozen=True)
class Step:
    title: str
    form: type
    allowed: Callable
    run: Callable
    done: str
    intro: str = ""
    needs_collective: bool = True
    target: str = ""  # "groupe" or "rencontre": the object named by the query string


STEPS: dict[str, Step] = {
    "collectif": Step(
        title=_("Traiter en médiation collective"),
        form=forms.MarkCollectiveForm,
        allowed=access.can_manage_case,
        run=collective_actions.mark_collective,
        done=_("Le dossier est traité en médiation collective."),
        needs_collective=False,
        intro=_(
            "Un conflit entre de nombreuses personnes (une cage d'escalier, une résidence, un "
            "square) se traite par groupes de parties plutôt qu'entre deux parties. Le dossier "
            "garde ses étapes, ses consentements, ses rencontres, son accord et son suivi."
        ),
    ),
    "groupe": Step(
        title=_("Ajouter un groupe"),
        form=forms.GroupForm,
        allowed=access.can_work_on_case,
        run=collective_actions.save_group,
        done=_("Le groupe est enregistré."),
        intro=_("Un groupe réunit des parties qui parlent d'une même voix dans la médiation."),
    ),
    "modifier-groupe": Step(
        title=_("Modifier le groupe"),
        form=forms.GroupForm,
        allowed=access.can_work_on_case,
        run=collective_actions.save_group,
        done=_("Le groupe est enregistré."),
        target="groupe",
    ),
    "placer": Step(
        title=_("Placer une personne dans un groupe"),
        form=forms.PlacePartyForm,
        allowed=access.can_work_on_case,
        run=collective_actions.place_party,
        done=_("La personne est placée dans son groupe."),
        intro=_("Ajoutez d'abord la personne au dossier (« Ajouter une personne »)."),
    ),
    "presence": Step(
        title=_("Renseigner la présence des groupes"),
        form=forms.AttendanceForm,
        allowed=access.can_work_on_case,
        run=collective_actions.record_attendance,
        done=_("La présence des groupes est renseignée."),
        target="rencontre",
        intro=_(
            "Pour chaque groupe, le nombre de personnes venues, et parmi elles les personnes "
            "inscrites au dossier. Le nombre de participants de la rencontre en découle."
        ),
    ),
    "engagement": Step(
        title=_("Ajouter un engagement de groupe"),
        form=forms.GroupCommitmentForm,
        allowed=access.can_work_on_case,
        run=collective_actions.add_group_commitment,
        done=_("L'engagement du groupe est ajouté à l'accord."),
        intro=_(
            "Ce que le groupe a signé : une catégorie pour les bilans et sa formulation courte, "
            "montrée là où l'accord l'est déjà."
        ),
    ),
}


def _target(request, case, step):
    """The group or the meeting the step is about, from ``?groupe=`` or ``?rencontre=``."""
    if step.target == "groupe":
        return {"group": get_or_404(case.party_groups.all(), request.GET.get("groupe"))}
    if step.target == "rencontre":
        meetings = case.meetings.filter(status=codes.AppointmentStatus.HELD)
        return {"meeting": get_or_404(meetings, request.GET.get("rencontre"))}
    return {}


@require_http_methods(["GET", "POST"])
def collective_action(request, case_id, action):
    membership = request.membership
    case = access.get_case_for(membership, case_id)
    step = STEPS.get(action)
    if step is None or not step.allowed(membership, case) or case.is_closed:
        raise Http404
    if step.needs_collective and not collective_actions.is_collective(case):
        raise Http404
    target = _target(request, case, step)
    data = request.POST if request.method == "POST" else None
    form = step.form(data, case=case, membership=membership, **target)
    done, _result = act_on(request, form, partial(step.run, case=case, by=membership))
    if done:
        messages.success(request, step.done)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#h-collective")
    query = request.GET.urlencode()
    context = {
        "case": case,
        "step": step,
        "form": form,
        "post_url": reverse("cases:collective_action", args=[case.pk, action])
        + (f"?{query}" if query else ""),
        "meeting": forms.meeting_label(target["meeting"]) if "meeting" in target else "",
    }
    reads.record(request, reads.Read.CASE_PAGE, case=case)
    return render(request, "cases/collective/action.html", context)
