"""Verbs of conventions: the convention and its scope rules, deliverables, their reminders."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.core import mail
from palabre.core.codes import ReferralSource
from palabre.organisations.models import Membership, Role
from palabre.partners.actions.base import ActionRefused, log, organisation_id_of, require_own
from palabre.partners.models import Activity, Convention, Deliverable, Partner, PartnerKind

REMIND_DAYS_BEFORE = 30
REMINDED_ROLES = (Role.ADMIN, Role.COORDINATOR)


def _check_convention(
    convention: Convention,
    *,
    partners,
    scope_activities,
    scope_communes,
    scope_quartiers,
    scope_referral_sources,
    scope_referrers,
    scope_landlords,
):
    if not partners:
        raise ActionRefused(_("Une convention a au moins un signataire."))
    if convention.ends_on is not None and convention.ends_on < convention.starts_on:
        raise ActionRefused(_("La convention ne peut pas finir avant de commencer."))
    if convention.amount is not None and convention.amount < 0:
        raise ActionRefused(_("Le montant ne peut pas être négatif."))
    require_own(
        convention.organisation_id,
        convention.funder,
        *partners,
        *scope_communes,
        *scope_quartiers,
        *scope_referrers,
        *scope_landlords,
    )
    if convention.funder is not None and not convention.funder.is_funder:
        raise ActionRefused(
            _("« %(name)s » n'est pas marqué comme financeur.") % {"name": convention.funder}
        )
    if any(landlord.kind != PartnerKind.SOCIAL_LANDLORD for landlord in scope_landlords):
        raise ActionRefused(_("La règle « bailleurs » ne nomme que des bailleurs sociaux."))
    unknown = set(scope_activities) - set(Activity.values)
    unknown |= set(scope_referral_sources) - set(ReferralSource.values)
    if unknown:
        raise ActionRefused(_("Valeurs inconnues : %(codes)s.") % {"codes": ", ".join(unknown)})
    communes = {commune.pk for commune in scope_communes}
    if communes and any(quartier.commune_id not in communes for quartier in scope_quartiers):
        raise ActionRefused(_("Un quartier choisi n'est pas dans les communes choisies."))


def _set_rules(convention: Convention, **rules):
    convention.partners.set(rules["partners"])
    convention.scope_communes.set(rules["scope_communes"])
    convention.scope_quartiers.set(rules["scope_quartiers"])
    convention.scope_referrers.set(rules["scope_referrers"])
    convention.scope_landlords.set(rules["scope_landlords"])


@transaction.atomic
def create_convention(
    *,
    organisation,
    by: Membership | None,
    title: str,
    partners: Iterable[Partner],
    starts_on: dt.date,
    purpose: str = "",
    funder: Partner | None = None,
    signed_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    amount: Decimal | None = None,
    scope_activities: Iterable[str] = (),
    scope_communes: Iterable = (),
    scope_quartiers: Iterable = (),
    scope_referral_sources: Iterable[str] = (),
    scope_referrers: Iterable[Partner] = (),
    scope_landlords: Iterable[Partner] = (),
) -> Convention:
    """A convention and its scope rules; each rule left empty means « any »."""
    rules = {
        "partners": list(partners),
        "scope_communes": list(scope_communes),
        "scope_quartiers": list(scope_quartiers),
        "scope_referrers": list(scope_referrers),
        "scope_landlords": list(scope_landlords),
    }
    convention = Convention(
        organisation_id=organisation_id_of(organisation),
        title=title.strip(),
        purpose=purpose,
        funder=funder,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
        scope_activities=list(scope_activities),
        scope_referral_sources=list(scope_referral_sources),
    )
    _check_convention(
        convention,
        scope_activities=convention.scope_activities,
        scope_referral_sources=convention.scope_referral_sources,
        **rules,
    )
    convention.save()
    _set_rules(convention, **rules)
    log(convention, by, "convention_created", _("Convention enregistrée"))
    return convention


@transaction.atomic
def update_convention(
    *,
    convention: Convention,
    by: Membership | None,
    title: str,
    partners: Iterable[Partner],
    starts_on: dt.date,
    purpose: str,
    funder: Partner | None,
    signed_on: dt.date | None,
    ends_on: dt.date | None,
    amount: Decimal | None,
    scope_activities: Iterable[str],
    scope_communes: Iterable,
    scope_quartiers: Iterable,
    scope_referral_sources: Iterable[str],
    scope_referrers: Iterable[Partner],
    scope_landlords: Iterable[Partner],
) -> Convention:
    rules = {
        "partners": list(partners),
        "scope_communes": list(scope_communes),
        "scope_quartiers": list(scope_quartiers),
        "scope_referrers": list(scope_referrers),
        "scope_landlords": list(scope_landlords),
    }
    convention.title, convention.purpose, convention.funder = title.strip(), purpose, funder
    convention.signed_on, convention.starts_on, convention.ends_on = signed_on, starts_on, ends_on
    convention.amount = amount
    convention.scope_activities = list(scope_activities)
    convention.scope_referral_sources = list(scope_referral_sources)
    _check_convention(
        convention,
        scope_activities=convention.scope_activities,
        scope_referral_sources=convention.scope_referral_sources,
        **rules,
    )
    convention.save()
    _set_rules(convention, **rules)
    log(convention, by, "convention_updated", _("Convention modifiée"))
    return convention


# --- Deliverables -------------------------------------------------------------------------------


@transaction.atomic
def add_deliverable(
    *,
    convention: Convention,
    by: Membership | None,
    kind: str,
    due_on: dt.date,
    title: str = "",
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    remind_on: dt.date | None = None,
) -> Deliverable:
    """Something the convention asks by ``due_on``; coordinators are reminded on ``remind_on``
    (by default a month before)."""
    remind_on = remind_on or due_on - dt.timedelta(days=REMIND_DAYS_BEFORE)
    if remind_on > due_on:
        raise ActionRefused(_("Le rappel doit précéder la date à laquelle rendre."))
    if period_start and period_end and period_end < period_start:
        raise ActionRefused(_("La fin de la période précède son début."))
    deliverable = Deliverable.objects.create(
        organisation_id=convention.organisation_id,
        convention=convention,
        kind=kind,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
        remind_on=remind_on,
    )
    log(
        convention,
        by,
        "deliverable_added",
        _("Livrable ajouté : %(title)s, à rendre le %(day)s")
        % {"title": deliverable, "day": due_on.strftime("%d/%m/%Y")},
        deliverable=deliverable.pk,
    )
    return deliverable


@transaction.atomic
def mark_deliverable_done(
    *, deliverable: Deliverable, by: Membership | None, done_on: dt.date
) -> Deliverable:
    if deliverable.is_done:
        raise ActionRefused(
            _("Ce livrable est déjà fait (le %(day)s).")
            % {"day": deliverable.done_on.strftime("%d/%m/%Y")}
        )
    deliverable.done_on = done_on
    deliverable.save(update_fields=["done_on", "updated_at"])
    log(
        deliverable.convention,
        by,
        "deliverable_done",
        _("Livrable fait : %(title)s, le %(day)s")
        % {"title": deliverable, "day": done_on.strftime("%d/%m/%Y")},
        deliverable=deliverable.pk,
    )
    return deliverable


def reminder_recipients(organisation_id) -> list[str]:
    """The e-mail addresses of the service's coordination (admins and coordinators)."""
    return sorted(
        set(
            Membership.objects.active()
            .filter(
                organisation_id=organisation_id,
                role__in=REMINDED_ROLES,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def send_deliverable_reminder(*, deliverable_id, today: dt.date) -> list[str]:
    """E-mails the coordination that a deliverable is due, once: the row is locked and
    ``reminded_on`` set in the same transaction. Returns the addresses written to, or [] when
    there was nothing to send (already reminded or done, or nobody to write to — then it is
    left for the next run).

    The mail is sent inside the transaction, not on commit: if the mail server refuses, the
    reminder stays unsent and the next run tries again, rather than being marked and lost.
    """
    deliverable = (
        Deliverable.objects.select_for_update()
        .select_related("convention__organisation")
        .filter(pk=deliverable_id)
        .due_for_reminder(today)
        .first()
    )
    if deliverable is None:
        return []
    recipients = reminder_recipients(deliverable.organisation_id)
    if not recipients:
        return []
    convention = deliverable.convention
    context = {
        "deliverable": deliverable,
        "convention": convention,
        "organisation": convention.organisation,
        "days_left": max((deliverable.due_on - today).days, 0),
        "days_late": max((today - deliverable.due_on).days, 0),
        "url": mail.absolute_url(reverse("partners:convention_detail", args=[convention.pk])),
    }
    subject = mail.render_plain("partners/email/deliverable_reminder_subject.txt", context)
    body = mail.render_plain("partners/email/deliverable_reminder.txt", context)
    deliverable.reminded_on = today
    deliverable.save(update_fields=["reminded_on", "updated_at"])
    log(
        convention,
        None,
        "deliverable_reminded",
        _("Rappel envoyé à la coordination : %(title)s") % {"title": deliverable},
        deliverable=deliverable.pk,
        recipients=len(recipients),
    )
    mail.send_each(subject=subject, body=body, recipients=recipients)
    return recipients
