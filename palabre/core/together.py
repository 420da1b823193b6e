"""Several reverse relations of one object read in a single query.

``prefetch_related`` costs a query per relation. A page that shows a handful of small lists of
one object (a case's interviews, attempts, meetings, follow-ups, consents) pays a round trip and
the ORM's set-up for each. ``prefetch_together`` reads them all in one ``UNION ALL``: each branch
is the queryset the ORM would run (its SQL, its ordering kept as a row number, its converters),
its columns in a range of their own, typed ``NULL`` elsewhere (PostgreSQL resolves the types of
a union branch by branch). The managers then answer from the cache, as after ``prefetch_related``.
"""

from django.db import connections, router
from django.db.models import Window
from django.db.models.functions import RowNumber

RANK = "_together_rank"


def _branch(instance, name, queryset, connection):
    manager = getattr(instance, name)
    queryset = manager.all() if queryset is None else manager._apply_rel_filters(queryset)
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
    queryset = queryset.annotate(**{RANK: Window(RowNumber(), order_by=ordering)}).order_by()
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    expressions = [expression for expression, _sql, _alias in compiler.select]
    fields = [expressions[index].target.attname for index in compiler.klass_info["select_fields"]]
    return {
        "manager": manager,
        "queryset": queryset,
        "sql": sql,
        "params": params,
        "compiler": compiler,
        "types": [expression.output_field.cast_db_type(connection) for expression in expressions],
        "converters": compiler.get_converters(expressions),
        "fields": fields,
        "rank": compiler.annotation_col_map[RANK],
    }


def prefetch_together(instance, lookups: dict) -> None:
    """``lookups``: {reverse relation name: a queryset of its model, or ``None`` for all}."""
    alias = router.db_for_read(type(instance), instance=instance)
    connection = connections[alias]
    branches = [_branch(instance, name, queryset, connection) for name, queryset in lookups.items()]
    widths = [len(branch["types"]) for branch in branches]
    parts, params = [], []
    for index, branch in enumerate(branches):
        before = [t for other in branches[:index] for t in other["types"]]
        after = [t for other in branches[index + 1 :] for t in other["types"]]
        nulls_before = "".join(f"CAST(NULL AS {t}), " for t in before)
        nulls_after = "".join(f", CAST(NULL AS {t})" for t in after)
        rank = connection.ops.quote_name(RANK)
        parts.append(
            f"SELECT {index} AS together_branch, together.{rank} AS together_rank, "
            f"{nulls_before}together.*{nulls_after} FROM ({branch['sql']}) together"
        )
        params.extend(branch["params"])
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2"
    found = [[] for _ in branches]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        index = row[0]
        start = 2 + sum(widths[:index])
        found[index].append(row[start : start + widths[index]])
    for branch, values in zip(branches, found, strict=True):
        compiler, manager = branch["compiler"], branch["manager"]
        if branch["converters"]:
            values = compiler.apply_converters(values, branch["converters"])
        model, count = branch["queryset"].model, len(branch["fields"])
        objects = [model.from_db(alias, branch["fields"], list(value)[:count]) for value in values]
        for obj in objects:
            manager.field.set_cached_value(obj, instance)
        cached = manager.all()
        cached._result_cache = objects
        cached._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[manager.field.remote_field.cache_name] = cached
