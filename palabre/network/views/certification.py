"""Certification accompaniment pages, for the network's staff only (anyone else: 404): the list
of records with their next audit, a record's page (stage, dates, findings, action plan, evidence
checklist, history), and one form page per verb."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core import journal
from palabre.core.actions import Refused, act_on
from palabre.core.pages import form_page, form_step
from palabre.network import access, access_certification
from palabre.network import actions_certification as actions
from palabre.network import certification as rules
from palabre.network.forms.certification import (
    ActionForm,
    ActionStatusForm,
    AuditDateForm,
    EvidenceCheckForm,
    FindingForm,
    MockAuditForm,
    OpenRecordForm,
    RecordFilterForm,
    StageForm,
)
from palabre.network.models import ActionStatus, Stage
from palabre.organisations.access import require


def _list_crumb():
    return (_("Certification"), reverse("network:certification_list"))


def _record_crumbs(record):
    return [
        _list_crumb(),
        (str(record), reverse("network:certification_detail", args=[record.pk])),
    ]


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def certification_list(request):
    membership = request.membership
    require(access.can_manage(membership))
    today = timezone.localdate()
    form = RecordFilterForm(request.GET or None)
    records = access_certification.records_for(membership).annotate(
        pending=Count("actions", filter=~Q(actions__status=ActionStatus.DONE)),
        late=Count(
            "actions", filter=~Q(actions__status=ActionStatus.DONE) & Q(actions__due_on__lt=today)
        ),
    )
    due = ""
    if form.is_bound and form.is_valid():
        if form.cleaned_data["stage"]:
            records = records.filter(stage=form.cleaned_data["stage"])
        if form.cleaned_data["scheme"]:
            records = records.filter(scheme=form.cleaned_data["scheme"])
        due = form.cleaned_data["due"]
    elif form.is_bound:
        records = records.none()
    rows = []
    for record in records.order_by("member__name", "scheme"):
        step = rules.next_step(record, today)
        if due == "soon" and not (step and step.is_due_soon):
            continue
        if due == "overdue" and not (step and step.is_overdue):
            continue
        if due == "late_actions" and not record.late:
            continue
        rows.append((record, step))
    context = {
        "form": form,
        "rows": rows,
        "total": len(rows),
    }
    return render(request, "network/certification_list.html", context)


def certification_detail(request, record_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    today = timezone.localdate()
    actions_plan = [
        (item, item.is_overdue(today))
        for item in record.actions.select_related("owner_contact", "finding")
    ]
    context = {
        "record": record,
        "today": today,
        "step": rules.next_step(record, today),
        "facts": [
            (term, value)
            for term, value in [
                (_("Structure"), record.member.name),
                (_("Référentiel"), record.get_scheme_display()),
                (_("Étape"), record.get_stage_display()),
                (_("Démarche engagée le"), _day(record.engaged_on)),
                (_("Audit à blanc le"), _day(record.mock_audit_on)),
                (_("Certifiée le"), _day(record.certified_on)),
                (_("Audit de suivi dû le"), _day(rules.surveillance_due_on(record))),
                (_("Audit de suivi réalisé le"), _day(record.surveillance_audit_on)),
                (_("Renouvellement dû le"), _day(rules.renewal_due_on(record))),
            ]
            if value
        ],
        "outside_reason": rules.outside_reason(record.member),
        "can_record_surveillance": record.stage == Stage.CERTIFIED
        and not rules.surveillance_done(record),
        "findings": record.findings.all(),
        "actions_plan": actions_plan,
        "late_count": sum(1 for _item, late in actions_plan if late),
        "evidence": rules.evidence_for(record, today),
        "entries": journal.entries_for(record)[:12],
    }
    return render(request, "network/certification_detail.html", context)


def certification_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    members = access.members_for(membership).filter(is_active=True)
    initial = {}
    if request.method == "GET" and request.GET.get("member"):
        chosen = access.get_member_for(membership, request.GET["member"])
        initial["member"] = chosen.pk
    form = OpenRecordForm(request.POST or None, members=members, initial=initial)
    done, record = act_on(
        request,
        form,
        partial(actions.open_record, network=access.network_of(membership), by=membership),
    )
    if done:
        messages.success(request, _("La démarche est ouverte."))
        return redirect("network:certification_detail", record_id=record.pk)
    return form_page(
        request,
        form=form,
        title=_("Suivre une démarche de certification"),
        submit=_("Ouvrir la démarche"),
        cancel_url=reverse("network:certification_list"),
        breadcrumbs=[_list_crumb()],
    )


def _record_form(request, record, form, verb, *, done, then="", **page):
    """One of the record's form pages: ``verb`` (the action, all but its form's data) runs on
    valid input and the record's page comes back with ``done``, at ``then`` if given; otherwise
    the form comes back with its errors."""
    record_url = reverse("network:certification_detail", args=[record.pk])
    return form_step(
        request,
        form,
        verb,
        done=done,
        then=record_url + then,
        cancel_url=record_url,
        breadcrumbs=_record_crumbs(record),
        **page,
    )


def certification_stage(request, record_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    return _record_form(
        request,
        record,
        StageForm(request.POST or None, initial={"stage": record.stage}),
        partial(actions.set_stage, record=record, by=membership),
        done=_("L'étape est enregistrée."),
        title=_("Changer l'étape"),
        intro=_("Étape actuelle : %(stage)s.") % {"stage": record.get_stage_display()},
        submit=_("Enregistrer l'étape"),
    )


def certification_mock_audit(request, record_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    form = MockAuditForm(request.POST or None)
    return _record_form(
        request,
        record,
        form,
        partial(actions.record_mock_audit, record=record, by=membership),
        done=_("L'audit à blanc est enregistré."),
        title=_("Enregistrer un audit à blanc"),
        intro=_(
            "Les autres constats de l'audit s'ajoutent ensuite, un par un, depuis la démarche."
        ),
        submit=_("Enregistrer l'audit à blanc"),
        fieldsets=[
            (_("L'audit"), form.audit_fields()),
            (_("Un premier constat (facultatif)"), form.finding_fields()),
        ],
    )


def certification_surveillance(request, record_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    return _record_form(
        request,
        record,
        AuditDateForm(request.POST or None),
        partial(actions.record_surveillance_audit, record=record, by=membership),
        done=_("L'audit de suivi est enregistré."),
        title=_("Enregistrer l'audit de suivi"),
        submit=_("Enregistrer l'audit de suivi"),
    )


def finding_create(request, record_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    form = FindingForm(
        request.POST or None,
        initial={"audit": "MOCK", "found_on": record.mock_audit_on or timezone.localdate()},
    )
    return _record_form(
        request,
        record,
        form,
        partial(actions.add_finding, record=record, by=membership),
        done=_("Le constat est ajouté."),
        title=_("Ajouter un constat d'audit"),
        submit=_("Ajouter le constat"),
    )


def action_create(request, record_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    initial = {}
    if request.method == "GET" and request.GET.get("finding"):
        initial["finding"] = access_certification.get_finding_for(record, request.GET["finding"]).pk
    return _record_form(
        request,
        record,
        ActionForm(request.POST or None, record=record, initial=initial),
        partial(actions.add_action, record=record, by=membership),
        done=_("L'action est ajoutée au plan."),
        title=_("Ajouter une action au plan"),
        submit=_("Ajouter l'action"),
    )


def action_status(request, record_id, action_id):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    item = access_certification.get_action_for(record, action_id)
    return _record_form(
        request,
        record,
        ActionStatusForm(request.POST or None),
        partial(actions.set_action_status, item=item, by=membership),
        done=_("L'état de l'action est enregistré."),
        title=_("Où en est l'action « %(action)s » ?") % {"action": item.action},
        intro=_("Échéance le %(day)s ; état actuel : %(status)s.")
        % {"day": _day(item.due_on), "status": item.get_status_display().lower()},
        submit=_("Enregistrer"),
    )


def evidence_check(request, record_id, item):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    require(item in rules.ITEMS)
    return _record_form(
        request,
        record,
        EvidenceCheckForm(request.POST or None),
        partial(actions.check_evidence, record=record, item=item, by=membership),
        done=_("L'élément est coché."),
        then="#preuves",
        title=_("Cocher « %(item)s »") % {"item": rules.ITEMS[item]},
        intro=_(
            "À cocher une fois le document vu (registre, enquête, feuille d'émargement) : "
            "Palabre ne le compte pas pour cette structure."
        ),
        submit=_("Cocher l'élément"),
    )


@require_POST
def evidence_uncheck(request, record_id, item):
    membership = request.membership
    record = access_certification.get_record_for(membership, record_id)
    require(item in rules.ITEMS)
    try:
        actions.uncheck_evidence(record=record, item=item, by=membership)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("L'élément est décoché."))
    return redirect(reverse("network:certification_detail", args=[record.pk]) + "#preuves")
