"""Conventions and deliverables told in words, for pages and e-mails (no HTML here)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core.codes import ReferralSource
from palabre.core.text import normalise
from palabre.partners.models import Activity, Convention, Deliverable

DUE_SOON_DAYS = 30


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def period_in_words(convention: Convention) -> str:
    if convention.ends_on is None:
        return _("depuis le %(start)s, reconduite") % {"start": _day(convention.starts_on)}
    return _("du %(start)s au %(end)s") % {
        "start": _day(convention.starts_on),
        "end": _day(convention.ends_on),
    }


def _names(rows) -> str:
    return ", ".join(str(row) for row in rows)


def _labels(codes, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def scope_in_words(convention: Convention) -> list[tuple[str, str]]:
    """Each scope rule as (rule, what it keeps); an empty rule keeps everything."""
    every = _("toutes")
    quartiers = [
        f"{quartier.name} ({quartier.commune.name})"
        for quartier in convention.scope_quartiers.select_related("commune")
    ]
    return [
        (
            _("Activités couvertes"),
            _labels(convention.scope_activities, Activity.choices) or every,
        ),
        (_("Communes"), _names(convention.scope_communes.all()) or every),
        (_("Quartiers"), ", ".join(quartiers) or _("tous")),
        (
            _("Origines de saisine"),
            _labels(convention.scope_referral_sources, ReferralSource.choices) or every,
        ),
        (_("Prescripteurs"), _names(convention.scope_referrers.all()) or _("tous")),
        (_("Bailleurs"), _names(convention.scope_landlords.all()) or _("tous")),
    ]


def scope_summary(convention: Convention) -> str:
    """One sentence: what the rules mean for the cases counted in this convention's reports."""
    if not convention.covers_cases():
        return _("Cette convention ne couvre pas les dossiers de médiation de voisinage.")
    rules = [
        convention.scope_communes.exists(),
        convention.scope_quartiers.exists(),
        bool(convention.scope_referral_sources),
        convention.scope_referrers.exists(),
        convention.scope_landlords.exists(),
    ]
    if not any(rules):
        return _("Aucune règle ne la restreint : tous les dossiers du service en relèvent.")
    return _("Un dossier en relève quand il satisfait toutes les règles renseignées ci-dessous.")


@dataclass(frozen=True)
class DeliverableState:
    label: str
    is_late: bool
    is_done: bool


def deliverable_state(deliverable: Deliverable, today: dt.date) -> DeliverableState:
    """Done (on time or late), late, due soon, or to come — said with the number of days."""
    due_on = deliverable.due_on
    if deliverable.done_on is not None:
        delay = (deliverable.done_on - due_on).days
        if delay > 0:
            label = ngettext(
                "Fait le %(day)s, avec %(count)d jour de retard",
                "Fait le %(day)s, avec %(count)d jours de retard",
                delay,
            )
        else:
            label = _("Fait le %(day)s")
        return DeliverableState(
            label % {"day": _day(deliverable.done_on), "count": delay}, delay > 0, True
        )
    days = (due_on - today).days
    if days < 0:
        label = ngettext("En retard de %(count)d jour", "En retard de %(count)d jours", -days) % {
            "count": -days
        }
        return DeliverableState(label, True, False)
    if days == 0:
        return DeliverableState(_("À rendre aujourd'hui"), False, False)
    if days <= DUE_SOON_DAYS:
        label = ngettext("À rendre dans %(count)d jour", "À rendre dans %(count)d jours", days) % {
            "count": days
        }
        return DeliverableState(label, False, False)
    return DeliverableState(_("À venir"), False, False)


def kind_note(deliverable: Deliverable) -> str:
    """The deliverable's type, when its title does not already say it (« Bilan d'activité
    2025 » needs no « (Bilan d'activité) »)."""
    label = str(deliverable.get_kind_display())
    if not deliverable.title:
        return ""
    if normalise(deliverable.title).startswith(normalise(label.split(" (")[0])):
        return ""
    return label
