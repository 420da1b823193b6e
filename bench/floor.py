"""The floor of each page: what Django itself costs to show the same rows.

For each page the bench measures, a bare view defined here runs the page's hand-written SQL
(``connection.cursor()``) and renders the rows it read, with the same columns, through a plain
Django template (no base layout, no component, no form, no context processor); the bench asks for
it through the same ``django.test.Client``, so the middleware is included. A view that answers an
empty response measures the middleware and the test client alone (``stack``).

Also the hand-written SQL of « Aujourd'hui » (``raw_today``): the cards of the coordination, the
information requests of the day and the panels that read rows in the bench's dataset.
"""

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.urls import clear_url_caches, path, reverse
from django.utils import timezone

from palabre.cases import codes

PREFIX = "banc-plancher"
_floors: dict = {}


def _floor(request, name):
    raw, template, context = _floors[name]
    return HttpResponse(template.render(context(raw())))


def _empty(request):
    return HttpResponse("")


def install():
    """Adds the floor views to the root URLconf (the bench process only)."""
    urlconf = import_module(settings.ROOT_URLCONF)
    urlconf.urlpatterns += [
        path(f"{PREFIX}/vide/", _empty, name="bench_empty"),
        path(f"{PREFIX}/<slug:name>/", _floor, name="bench_floor"),
    ]
    clear_url_caches()
    return reverse("bench_empty")


def register(name, raw, template_text, context):
    """``raw()`` reads the rows, ``context(rows)`` shapes them for ``template_text``."""
    _floors[name] = (raw, engines["django"].from_string(template_text), context)
    return reverse("bench_floor", args=[name])


def labels(choices):
    return {value: str(label) for value, label in choices.choices}


def table(model):
    return f'"{model._meta.db_table}"'


def _db(value):
    return connection.ops.adapt_datetimefield_value(value)


def _id(value):
    from palabre.cases.models import Case

    return Case._meta.pk.get_db_prep_value(value, connection)


# --- The case list ------------------------------------------------------------------------------

LIST_TEMPLATE = """<p>{{ count }} dossiers</p>
<table>{% for row in rows %}<tr><th><a href="{{ base }}{{ row.id }}/">{{ row.reference }}</a></th>\
<td>{{ row.opened_on|date:"d/m/Y" }}</td><td>{{ row.status }}</td><td>{{ row.stage }}</td>\
<td>{{ row.commune|default:"" }}{% if row.quartier %} / {{ row.quartier }}{% endif %}\
{% if row.is_qpv %} QPV{% endif %}</td><td>{{ row.conflict }}</td><td>{{ row.origin }}</td>\
<td>{{ row.mediators }}</td></tr>{% endfor %}</table>"""


def list_context():
    status, stage = labels(codes.Status), labels(codes.Stage)
    category, origin = labels(codes.ConflictCategory), labels(codes.ReferralSource)
    base = reverse("cases:list")

    def context(result):
        count, rows, mediators = result
        return {
            "count": count,
            "base": base,
            "rows": [
                {
                    "id": row[0],
                    "reference": row[1],
                    "status": status.get(row[2], ""),
                    "stage": stage.get(row[3], ""),
                    "opened_on": row[4],
                    "is_qpv": row[5],
                    "commune": row[6],
                    "quartier": row[7],
                    "conflict": category.get(row[8], "—"),
                    "origin": origin.get(row[10], ""),
                    "mediators": ", ".join(mediators.get(row[0], [])) or "à assigner",
                }
                for row in rows
            ],
        }

    return context


# --- The case page ------------------------------------------------------------------------------

CASE_TEMPLATE = """{% for section in sections %}<section><h2>{{ section.title }}</h2>
<table>{% for row in section.rows %}<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}\
</tr>{% endfor %}</table></section>{% endfor %}"""

CASE_SECTIONS = [
    "Dossier",
    "Personnes",
    "Motifs",
    "Binôme",
    "Déroulé",
    "Notes privées",
    "Historique",
    "Dossiers antérieurs",
    "Invitations",
    "Rendez-vous de permanence",
]


def case_context(result):
    return {
        "sections": [
            {"title": title, "rows": rows}
            for title, rows in zip(CASE_SECTIONS, result, strict=False)
            if isinstance(rows, list)
        ]
    }


# --- « Aujourd'hui » ----------------------------------------------------------------------------

TODAY_TEMPLATE = """<h1>{{ day|date:"l j F Y" }}</h1>{% for card in cards %}<section>\
<h2>{{ card.title }} <span>{{ card.count }}</span></h2><ul>{% for line in card.lines %}\
<li>{% if line.when %}<time>{{ line.when|date:"D j/m H:i" }}</time> {% endif %}\
<a href="{{ base }}{{ line.id }}/">{{ line.label }}</a> <span>{{ line.detail }}</span></li>\
{% empty %}<li>Rien à faire ici.</li>{% endfor %}</ul></section>{% endfor %}\
<p>{{ information }} demandes d'information</p>"""

LINES = 6


def raw_today(organisation, day):
    """The coordination's « Aujourd'hui » by hand: each card its first lines and its count in one
    statement (``COUNT(*) OVER ()``), the day's information requests, and the panels that read
    rows in the bench's dataset (callbacks to make, the week's permanences, the closed cases due
    for anonymisation within a month)."""
    from palabre.cases.invitations import Answer, Invitation
    from palabre.cases.models import (
        Case,
        CaseAssignment,
        ContactAttempt,
        FollowUp,
        InformationRequest,
        Interview,
        Meeting,
        Party,
    )
    from palabre.permanences.models import Occurrence, OccurrenceStatus
    from palabre.privacy import due
    from palabre.privacy.retention import LegalHold, RetentionSchedule

    org = _id(organisation.pk)
    zone = timezone.get_current_timezone()

    def bound(days):
        return _db(dt.datetime.combine(day + dt.timedelta(days=days), dt.time.min, tzinfo=zone))

    case, closed, scheduled = table(Case), codes.Status.CLOSED, codes.AppointmentStatus.SCHEDULED
    months = RetentionSchedule.of(organisation).case_months
    retention_day = due.add_months(day, 1)
    statements = []
    for start, end in ((bound(0), bound(1)), (bound(1), bound(8))):
        statements += [
            (
                f"""SELECT i.scheduled_at, c.id, c.reference, p.role, i.channel, i.place,
                           COUNT(*) OVER ()
                    FROM {table(Interview)} i JOIN {case} c ON c.id = i.case_id
                    JOIN {table(Party)} p ON p.id = i.party_id
                    WHERE i.organisation_id = %s AND c.organisation_id = %s AND i.status = %s
                      AND i.scheduled_at >= %s AND i.scheduled_at < %s AND c.status <> %s
                    ORDER BY i.scheduled_at LIMIT %s""",
                [org, org, scheduled, start, end, closed, LINES],
            ),
            (
                f"""SELECT m.scheduled_at, c.id, c.reference, m.kind, m.place, COUNT(*) OVER ()
                    FROM {table(Meeting)} m JOIN {case} c ON c.id = m.case_id
                    WHERE m.organisation_id = %s AND c.organisation_id = %s AND m.status = %s
                      AND m.scheduled_at >= %s AND m.scheduled_at < %s AND c.status <> %s
                    ORDER BY m.scheduled_at LIMIT %s""",
                [org, org, scheduled, start, end, closed, LINES],
            ),
        ]
    chase_before = day - dt.timedelta(days=14)
    statements += [
        (
            f"""SELECT id, reference, opened_on, COUNT(*) OVER () FROM {case}
                WHERE organisation_id = %s AND status = %s
                ORDER BY opened_on, reference LIMIT %s""",
            [org, codes.Status.NEW, LINES],
        ),
        (
            f"""SELECT id, reference, mediators, COUNT(*) OVER () FROM (
                  SELECT c.id, c.reference, c.opened_on,
                         (SELECT COUNT(*) FROM {table(CaseAssignment)} a
                          WHERE a.case_id = c.id AND a.ended_at IS NULL) AS mediators
                  FROM {case} c WHERE c.organisation_id = %s AND c.status <> %s) x
                WHERE mediators < 2 ORDER BY opened_on, reference LIMIT %s""",
            [org, closed, LINES],
        ),
        (
            f"""SELECT c.id, c.reference, f.due_on, COUNT(*) OVER ()
                FROM {table(FollowUp)} f JOIN {case} c ON c.id = f.case_id
                WHERE f.organisation_id = %s AND c.organisation_id = %s AND c.status <> %s
                  AND f.done_on IS NULL AND f.due_on <= %s
                ORDER BY f.due_on LIMIT %s""",
            [org, org, closed, day + dt.timedelta(days=7), LINES],
        ),
        (
            f"""SELECT id, reference, last_attempt, COUNT(*) OVER () FROM (
                  SELECT c.id, c.reference,
                         (SELECT MAX(a.attempted_on) FROM {table(ContactAttempt)} a
                          WHERE a.case_id = c.id) AS last_attempt
                  FROM {case} c WHERE c.organisation_id = %s AND c.status = %s) x
                WHERE last_attempt IS NULL OR last_attempt < %s
                ORDER BY last_attempt, reference LIMIT %s""",
            [org, codes.Status.CONTACTING_OTHER_PARTY, chase_before, LINES],
        ),
        (
            f"""SELECT id, reference, suspended_on, COUNT(*) OVER () FROM {case}
                WHERE organisation_id = %s AND status = %s AND suspended_on < %s
                ORDER BY suspended_on, reference LIMIT %s""",
            [org, codes.Status.SUSPENDED, day - dt.timedelta(days=60), LINES],
        ),
        (
            f"""SELECT COUNT(*) FROM {table(InformationRequest)}
                WHERE organisation_id = %s AND created_at >= %s""",
            [org, bound(0)],
        ),
        (
            f"""SELECT v.case_id, c.reference, p.role FROM {table(Invitation)} v
                JOIN {case} c ON c.id = v.case_id JOIN {table(Party)} p ON p.id = v.party_id
                WHERE v.organisation_id = %s AND c.organisation_id = %s AND v.answer = %s
                  AND v.callback_done_at IS NULL AND c.closed_on IS NULL
                ORDER BY v.answered_at""",
            [org, org, Answer.CALLBACK],
        ),
        (
            f"""SELECT o.id, o.starts_at FROM {table(Occurrence)} o
                WHERE o.organisation_id = %s AND o.status = %s
                  AND o.starts_at >= %s AND o.starts_at < %s
                ORDER BY o.starts_at LIMIT %s""",
            [org, OccurrenceStatus.PLANNED, bound(0), bound(7), LINES],
        ),
        (
            f"""SELECT c.id, c.reference, c.closed_on,
                  (SELECT MAX(scheduled_at) FROM {table(Interview)}
                   WHERE case_id = c.id AND status = %s),
                  (SELECT MAX(scheduled_at) FROM {table(Meeting)}
                   WHERE case_id = c.id AND status = %s),
                  (SELECT MAX(attempted_on) FROM {table(ContactAttempt)} WHERE case_id = c.id),
                  (SELECT MAX(done_on) FROM {table(FollowUp)} WHERE case_id = c.id)
                FROM {case} c
                WHERE c.organisation_id = %s AND c.status = %s AND c.closed_on <= %s
                  AND c.anonymised_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM {table(LegalHold)} h
                                  WHERE h.case_id = c.id AND h.lifted_at IS NULL)
                ORDER BY c.closed_on, c.reference""",
            [
                codes.AppointmentStatus.HELD,
                codes.AppointmentStatus.HELD,
                org,
                closed,
                due.cutoff(retention_day, months),
            ],
        ),
    ]

    def run():
        with connection.cursor() as cursor:
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results

    return run


def today_context(day):
    role, channel = labels(codes.PartyRole), labels(codes.InterviewChannel)
    kind = labels(codes.MeetingKind)
    base = reverse("cases:list")
    titles = [
        "Rendez-vous d'aujourd'hui",
        "Rendez-vous des 7 prochains jours",
        "Nouvelles saisines à qualifier",
        "Dossiers sans binôme de médiation",
        "Suivis à faire",
        "Prises de contact à relancer",
        "Dossiers suspendus depuis plus de 60 jours",
    ]

    def count(rows):
        return rows[0][-1] if rows else 0

    def appointments(interviews, meetings):
        lines = [
            {
                "when": _aware(row[0]),
                "id": row[1],
                "label": row[2],
                "detail": f"Entretien ({role.get(row[3], '').lower()}), "
                f"{channel.get(row[4], '').lower()}" + (f" — {row[5]}" if row[5] else ""),
            }
            for row in interviews
        ] + [
            {
                "when": _aware(row[0]),
                "id": row[1],
                "label": row[2],
                "detail": kind.get(row[3], "") + (f" — {row[4]}" if row[4] else ""),
            }
            for row in meetings
        ]
        lines.sort(key=lambda line: line["when"])
        return {"count": count(interviews) + count(meetings), "lines": lines[:LINES]}

    def simple(rows, detail):
        return {
            "count": count(rows),
            "lines": [{"id": r[0], "label": r[1], "detail": detail(r[2])} for r in rows],
        }

    def context(result):
        cards = [
            appointments(result[0], result[1]),
            appointments(result[2], result[3]),
            simple(result[4], lambda value: f"saisine du {value}"),
            simple(result[5], lambda value: f"{value} médiateur·rice(s) assigné·e(s)"),
            simple(result[6], lambda value: f"prévu le {value}"),
            simple(result[7], lambda value: f"dernière tentative le {value}"),
            simple(result[8], lambda value: f"suspendu depuis le {value}"),
        ]
        for card, title in zip(cards, titles, strict=True):
            card["title"] = title
        retention = result[12]
        cards.append(
            {
                "title": "Conservation",
                "count": len(retention),
                "lines": [{"id": r[0], "label": r[1], "detail": r[2]} for r in retention[:LINES]],
            }
        )
        return {"day": day, "cards": cards, "information": result[9][0][0], "base": base}

    return context


def _aware(value):
    """A stored instant as the page shows it (SQLite gives text, PostgreSQL a datetime)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return timezone.localtime(value)
