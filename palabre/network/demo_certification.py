"""Demo certification records: about twelve members of the network at every stage — certified
ones due for their surveillance audit or their renewal (one late), mock audits with their
findings and action plans (one action late), members preparing, members not engaged, and the
network's label. Built through the real actions, on whatever members the network has; the
members working on this instance come first, so that their checklist fills itself."""

import datetime as dt

from django.db.models import F

from palabre.network import actions_certification as actions
from palabre.network.models import CertificationRecord, Member

# Findings speak of the organisation, as a mock audit does; the requirement names an area of the
# reference frame, not a clause number (the purchased text of the standard is not at hand).
FINDINGS = [
    (
        "NONCONFORMITY_MINOR",
        "Suivi de l'activité",
        "Les interventions ne sont pas enregistrées chaque jour : le bilan annuel est "
        "reconstitué à partir des agendas.",
        "Saisir l'activité chaque jour et vérifier la saisie chaque semaine",
        "Coordination",
    ),
    (
        "NONCONFORMITY_MAJOR",
        "Amélioration continue",
        "Aucune procédure de traitement des réclamations des habitants et des partenaires.",
        "Écrire la procédure de réclamation et ouvrir un registre",
        "Direction",
    ),
    (
        "OBSERVATION",
        "Cadre déontologique",
        "La charte de la médiation sociale n'est pas affichée dans les lieux d'accueil.",
        "Afficher la charte et la remettre à chaque nouvel agent",
        "Référent qualité",
    ),
    (
        "OBSERVATION",
        "Compétences et formation",
        "Les séances d'analyse de la pratique sont irrégulières depuis l'été.",
        "Programmer une séance d'analyse de la pratique chaque mois",
        "Coordination",
    ),
    (
        "STRENGTH",
        "Partenariats",
        "Comité de pilotage réuni deux fois par an avec les bailleurs et la ville, comptes "
        "rendus diffusés.",
        "",
        "",
    ),
    (
        "NONCONFORMITY_MINOR",
        "Évaluation de l'utilité sociale",
        "Pas d'enquête de satisfaction auprès des partenaires depuis deux ans.",
        "Mener l'enquête annuelle auprès des partenaires",
        "Chargée de mission",
    ),
]

# (scheme, stage, days ago for the stage's date, days since the surveillance audit or None)
PLAN = [
    ("AFNOR_SOCIAL_MEDIATION", "MOCK_AUDIT_DONE", 40, None),
    ("AFNOR_SOCIAL_MEDIATION", "CERTIFIED", 4 * 365 - 60, 2 * 365),
    ("AFNOR_SOCIAL_MEDIATION", "CERTIFIED", 2 * 365 + 30, None),
    ("AFNOR_SOCIAL_MEDIATION", "CERTIFIED", 2 * 365 - 45, None),
    ("AFNOR_SOCIAL_MEDIATION", "CERTIFIED", 365, None),
    ("AFNOR_SOCIAL_MEDIATION", "MOCK_AUDIT_DONE", 95, None),
    ("AFNOR_SOCIAL_MEDIATION", "PREPARING", 120, None),
    ("AFNOR_SOCIAL_MEDIATION", "PREPARING", 30, None),
    ("AFNOR_SOCIAL_MEDIATION", "NOT_ENGAGED", None, None),
    ("NETWORK_LABEL", "CERTIFIED", 300, None),
    ("NETWORK_LABEL", "PREPARING", 60, None),
    ("NETWORK_LABEL", "NOT_ENGAGED", None, None),
]


def seed_certification(network, *, today: dt.date, by=None, count: int = len(PLAN)) -> int:
    """Opens records for up to ``count`` active members without one; answers how many."""
    followed = CertificationRecord.objects.of(network).values("member_id")
    members = list(
        Member.objects.of(network)
        .active()
        .exclude(pk__in=followed)
        .prefetch_related("contacts")
        .order_by(F("organisation").asc(nulls_last=True), "name")[: min(count, len(PLAN))]
    )
    for index, (member, plan) in enumerate(zip(members, PLAN, strict=False)):
        _seed_one(network, member, plan, index, today=today, by=by)
    return len(members)


def _seed_one(network, member, plan, index, *, today, by):
    scheme, stage, days_ago, surveillance_days_ago = plan
    on = today - dt.timedelta(days=days_ago) if days_ago is not None else None
    if stage == "NOT_ENGAGED":
        actions.open_record(
            network=network, member=member, scheme=scheme, stage=stage, by=by, today=today
        )
        return
    engaged_on = on - dt.timedelta(days=180) if stage != "PREPARING" else on
    record = actions.open_record(
        network=network,
        member=member,
        scheme=scheme,
        engaged_on=engaged_on,
        notes="Accompagnement par le réseau : ateliers de sensibilisation de l'équipe.",
        by=by,
        today=today,
    )
    if stage == "PREPARING":
        if index % 2 == 0:
            _plan_actions(record, member, [FINDINGS[2]], None, today=today, by=by)
        return
    mock_on = on if stage == "MOCK_AUDIT_DONE" else on - dt.timedelta(days=90)
    record = actions.record_mock_audit(record=record, on=mock_on, by=by, today=today)
    findings = [FINDINGS[(index + shift) % len(FINDINGS)] for shift in range(3)]
    _plan_actions(record, member, findings, mock_on, today=today, by=by)
    if stage == "CERTIFIED":
        record = actions.set_stage(record=record, stage="CERTIFIED", on=on, by=by, today=today)
        if surveillance_days_ago is not None:
            actions.record_surveillance_audit(
                record=record,
                on=today - dt.timedelta(days=surveillance_days_ago),
                by=by,
                today=today,
            )


def _plan_actions(record, member, findings, found_on, *, today, by):
    contacts = list(member.contacts.all())
    for number, (kind, requirement, text, action, owner) in enumerate(findings):
        finding = None
        if found_on is not None:
            finding = actions.add_finding(
                record=record,
                audit="MOCK",
                found_on=found_on,
                kind=kind,
                requirement=requirement,
                text=text,
                by=by,
                today=today,
            )
        if not action:
            continue
        base = found_on or today
        due_on = base + dt.timedelta(days=30 + 30 * number)
        item = actions.add_action(
            record=record,
            finding=finding,
            action=action,
            owner_contact=contacts[0] if contacts and number == 0 else None,
            owner_name="" if contacts and number == 0 else owner,
            due_on=due_on,
            by=by,
        )
        # Among the older plans, the first action is done; the others are under way or late.
        if found_on is not None and due_on < today and number == 0:
            actions.set_action_status(
                item=item, status="DONE", done_on=due_on - dt.timedelta(days=3), by=by, today=today
            )
        elif found_on is not None and number == 1:
            actions.set_action_status(item=item, status="IN_PROGRESS", by=by, today=today)
