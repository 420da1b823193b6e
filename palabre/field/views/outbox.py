"""Entries that survive a bad connection (docs/adr/0012-saisie-hors-connexion.md).

With JavaScript, the quick-entry page keeps each entry in an outbox on the phone (IndexedDB)
before anything goes on the network, then sends the outbox to ``send``, one request per shift:
``{"entries": [{"id", "kind", "fields", "intervention", "version"}]}``. A ``create`` entry's id
is its ``client_id``; an ``edit`` names the intervention and the version it was made from;
``fields`` are the form's fields (a field left out stays as recorded). Each entry is answered on
its own: ``created``; ``already`` (recorded before under that client id — never a second row);
``updated``; ``refused`` with the form's or the action's French messages, nothing changed; or
``conflict``, a stale edit, with both versions. Access is the form's: 404 outside. Session and
CSRF checks are Django's: a phone whose session ended is sent to the login page and keeps its
entries.

``service_worker`` is the script that opens the quick-entry pages without a network.
"""

import datetime as dt
import json
import re
import uuid
from functools import partial

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.core.actions import act_on
from palabre.field import access, actions
from palabre.field.forms.entry import InterventionEditForm, QuickEntryForm
from palabre.field.territory import places_of
from palabre.field.views import common
from palabre.organisations.access import require

MAX_ENTRIES = 50


class Unreadable(ValueError):
    pass


@require_POST
def send(request, shift_id):
    membership = request.membership
    require(access.can_open(membership))
    shift = access.get_loggable_shift_for(membership, shift_id)
    try:
        entries = _entries(request.body)
    except Unreadable as error:
        return JsonResponse({"error": str(error)}, status=400)
    receive = partial(_receive, request, shift=shift, places=places_of(shift), now=timezone.now())
    answers = [receive(entry) for entry in entries]
    logged = shift.interventions.count()
    return JsonResponse(
        {"entries": answers, "logged": logged, "logged_label": logged_label(logged)}
    )


def logged_label(count) -> str:
    return ngettext(
        "%(count)s intervention sur la tournée", "%(count)s interventions sur la tournée", count
    ) % {"count": count}


def _entries(body) -> list:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # nested beyond reason
        raise Unreadable(_("Envoi illisible : ce n'est pas du JSON.")) from error
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise Unreadable(_("Envoi illisible : la liste des saisies (« entries ») manque."))
    if len(entries) > MAX_ENTRIES:
        raise Unreadable(
            _("Trop de saisies à la fois : %(max)s au plus par envoi.") % {"max": MAX_ENTRIES}
        )
    return entries


def _receive(request, entry, *, shift, places, now) -> dict:
    if not isinstance(entry, dict):
        return _refused(None, [_("Saisie illisible.")])
    entry_id = str(entry.get("id") or "")[:100]
    fields = _fields(entry.get("fields"))
    if fields is None:
        return _refused(entry_id, [_("Saisie illisible : ses champs manquent.")])
    context = {"request": request, "shift": shift, "places": places, "now": now}
    if entry.get("kind", "create") == "create":
        return _create(entry_id, fields, **context)
    if entry.get("kind") == "edit":
        return _edit(entry_id, fields, entry.get("intervention"), entry.get("version"), **context)
    return _refused(entry_id, [_("Saisie illisible : ni une saisie ni une modification.")])


def _fields(fields) -> dict | None:
    """The form's fields as a browser posts them: text, « on » for a ticked box."""
    if not isinstance(fields, dict):
        return None
    posted = {}
    for name, value in fields.items():
        if isinstance(value, bool):
            posted[name] = "on" if value else ""
        elif value is None:
            posted[name] = ""
        elif isinstance(value, str | int):
            posted[name] = str(value)
        else:
            return None
    return posted


def _create(entry_id, fields, *, request, shift, places, now) -> dict:
    try:
        client_id = uuid.UUID(entry_id)
    except ValueError:
        return _refused(entry_id, [_("Saisie illisible : son identifiant manque.")])
    existing = access.recorded_entry(shift, client_id)
    if existing is not None:
        if existing.shift_id != shift.pk:
            return _refused(
                entry_id, [_("Cette saisie a déjà été enregistrée sur une autre tournée.")]
            )
        return _done(request, entry_id, "already", existing, _said(existing, recorded=True))
    form = QuickEntryForm(
        {**fields, "client_id": str(client_id)}, shift=shift, places=places, now=now
    )
    action = partial(actions.record_intervention, shift=shift, by=request.membership)
    done, intervention = act_on(request, form, action)
    if not done:
        return _refused(entry_id, _messages(form))
    return _done(request, entry_id, "created", intervention, _said(intervention, recorded=True))


def _edit(entry_id, fields, intervention_id, version, *, request, shift, places, now) -> dict:
    try:
        intervention = access.get_editable_intervention_for(request.membership, intervention_id)
    except Http404:
        intervention = None
    if intervention is None or intervention.shift_id != shift.pk:
        return _refused(
            entry_id,
            [
                _(
                    "Vous ne pouvez plus modifier cette intervention : montrez votre "
                    "modification à la coordination."
                )
            ],
        )
    recorded = InterventionEditForm(shift=shift, places=places, now=now, intervention=intervention)
    data = {**posted(recorded), **fields, "version": str(version or "")}
    form = InterventionEditForm(
        data, shift=shift, places=places, now=now, intervention=intervention
    )
    conflict = {}
    done, changed = act_on(
        request,
        form,
        partial(common.change, intervention=intervention, by=request.membership, conflict=conflict),
    )
    if "refused" in conflict:
        refused = conflict["refused"]
        return {
            "id": entry_id,
            "status": "conflict",
            "messages": [refused.message],
            "version": refused.current.version,
            "comparison": common.compare(refused.current, refused.proposed),
        }
    if not done:
        return _refused(entry_id, _messages(form))
    return _done(request, entry_id, "updated", changed, _said(changed, recorded=False))


def posted(form) -> dict:
    """What a browser would post for ``form`` untouched: its initial values as text."""
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(field, forms.BooleanField):
            data[name] = "on" if value else ""
        elif isinstance(value, dt.time):
            data[name] = value.strftime("%H:%M")
        elif value is not None:
            data[name] = str(value)
    return data


def _said(intervention, *, recorded) -> str:
    values = {
        "type": intervention.get_type_display(),
        "time": timezone.localtime(intervention.happened_at).strftime("%H:%M"),
    }
    if recorded:
        return _("Intervention enregistrée : %(type)s à %(time)s.") % values
    return _("Intervention modifiée : %(type)s à %(time)s.") % values


def _done(request, entry_id, status, intervention, message) -> dict:
    return {
        "id": entry_id,
        "status": status,
        "message": message,
        "intervention": str(intervention.pk),
        "version": intervention.version,
        # The line the page adds under the form, as the page itself draws it.
        "html": render_to_string(
            "field/entry.html#intervention-line",
            {
                "intervention": intervention,
                "membership": request.membership,
                "can_manage": access.can_manage(request.membership),
            },
        ),
    }


def _refused(entry_id, messages) -> dict:
    return {"id": entry_id, "status": "refused", "messages": messages}


def _messages(form) -> list[str]:
    """The form's errors as sentences: « Lieu : Ce lieu n'est pas dans le territoire… »."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        messages += [f"{label} : {error}" if label else str(error) for error in errors]
    return messages


# --- What the page needs --------------------------------------------------------------------


def page_context(shift) -> dict:
    """For the pages that keep entries in the outbox: the addresses and the texts of the
    script, which are translated here like every other word of the interface."""
    return {
        "send_url": reverse("field:shift_entry_send", args=[shift.pk]),
        "service_worker_url": reverse("field:service_worker"),
        "service_worker_scope": reverse("field:planning"),
        "outbox_texts": texts(),
    }


def texts() -> dict:
    return {
        "waiting_one": _("saisie en attente d'envoi"),
        "waiting_many": _("saisies en attente d'envoi"),
        "offline": _(
            "Pas de réseau : les saisies restent sur ce téléphone et partiront dès que la "
            "connexion revient."
        ),
        "sending": _("Envoi en cours…"),
        "kept": _("Saisie gardée sur ce téléphone : %s."),
        "kept_edit": _("Modification gardée sur ce téléphone : %s."),
        "sent_many": _("%s saisies envoyées."),
        "session": _(
            "Votre session a expiré : reconnectez-vous. Les saisies restent sur ce téléphone et "
            "partiront ensuite."
        ),
        "login": _("Se reconnecter"),
        "csrf": _(
            "Le serveur a refusé l'envoi (jeton de sécurité périmé) : rechargez la page. Les "
            "saisies restent sur ce téléphone."
        ),
        "server": _(
            "Le serveur n'a pas pu recevoir les saisies (erreur %s) : nouvel essai dans un moment."
        ),
        "closed": _(
            "Cette tournée n'est plus ouverte à vos saisies : montrez cette saisie à la "
            "coordination, ou abandonnez-la."
        ),
        "problems": _("Saisies refusées : corrigez-les ou abandonnez-les"),
        "fix": _("Corriger"),
        "discard": _("Abandonner"),
        "confirm_discard": _("Abandonner cette saisie ? Elle ne sera pas enregistrée."),
        "loaded": _("La saisie est reprise dans le formulaire : corrigez-la puis enregistrez."),
        "comparison": _("L'intervention enregistrée et votre modification"),
        "field": _("Champ"),
        "recorded": _("Enregistrée"),
        "asked": _("Votre modification"),
        "differs": _("(diffère)"),
        "others_one": _(
            "%s saisie d'une autre session attend sur ce téléphone : elle partira quand son "
            "auteur se reconnectera."
        ),
        "others_many": _(
            "%s saisies d'une autre session attendent sur ce téléphone : elles partiront quand "
            "leur auteur se reconnectera."
        ),
        "offline_ready": _("Cette page s'ouvre aussi sans réseau."),
        "storage_low": _(
            "Le stockage de ce téléphone est presque plein : envoyez vos saisies dès que possible."
        ),
        "people_one": _("%s personne"),
        "people_many": _("%s personnes"),
    }


SAMPLE_ID = uuid.UUID(int=0)


def _pattern(name, *args) -> str:
    """The path of a page as a regular expression, any identifier in place of the sample."""
    path = re.escape(reverse(name, args=args))
    return "^" + path.replace(re.escape(str(SAMPLE_ID)), "[0-9a-f-]{36}") + "$"


@login_not_required
@require_GET
def service_worker(request):
    """Served from ``/terrain/`` so that it may answer for the field pages (a script's reach
    is its folder). It holds no data: signed out, the browser can still update it."""
    config = {
        "static": settings.STATIC_URL,
        "pages": [
            _pattern("field:entry"),
            _pattern("field:shift_entry", SAMPLE_ID),
            _pattern("field:intervention_edit", SAMPLE_ID),
        ],
        "lang": get_language(),
        "offline_title": _("Pas de réseau"),
        "offline_text": _(
            "Cette page n'a pas encore été ouverte sur ce téléphone avec du réseau : elle "
            "n'est pas disponible sans connexion. Ouvrez la saisie rapide dès que le réseau "
            "revient ; elle restera ensuite disponible hors connexion."
        ),
    }
    response = render(
        request,
        "field/service_worker.js",
        {"config": json.dumps(config, ensure_ascii=False)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response
