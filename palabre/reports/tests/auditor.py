"""An outside auditor of funder reports: it reads the CSV a funder receives, knows nothing of
Palabre's keys and relations, and tries the ways back to a hidden count that a person with a
spreadsheet would try. ``leaks`` lists each count it pins to fewer than ``WIDTH + 1`` values.

It is deliberately written apart from ``suppression`` and ``audit``: a relation the report
forgets to declare is one this auditor still tries."""

from palabre.reports.tests.test_exports import read_csv

HIDDEN = "< 5"
WIDTH = 3  # the protection width for the threshold of 5 (ADR 0011)


def _number(cell):
    if cell == HIDDEN:
        return HIDDEN
    try:
        return int(cell)
    except ValueError:
        return None


def tables_of(csv_bytes: bytes) -> dict[str, list[list]]:
    """Title → data rows (label, then cells as int, HIDDEN or None), headings and notes left
    out."""
    _header, *blocks = read_csv(csv_bytes)
    tables = {}
    for block in blocks:
        title, _headings, *rows = block
        tables[title[0]] = [
            [row[0], *(_number(cell) for cell in row[1:])] for row in rows if len(row) > 1
        ]
    return tables


def _column_sum_leaks(title, rows, column, total):
    """Hidden cells of a column under a shown total: they share the remainder, each ≥ 1."""
    cells = [row[column] for row in rows if column < len(row)]
    hidden = [c for c in cells if c == HIDDEN]
    if not hidden or not isinstance(total, int):
        return []
    remainder = total - sum(c for c in cells if isinstance(c, int))
    width = remainder - len(hidden)  # each between 1 and remainder − (n − 1)
    return [f"{title}, colonne {column} : {len(hidden)} masquées pour {remainder}"] * (
        width < WIDTH
    )


def leaks(csv_bytes: bytes) -> list[str]:
    tables = tables_of(csv_bytes)
    found = []
    for title, rows in tables.items():
        # 1. A total under its rows.
        if rows and rows[-1][0] == "Total":
            found += _column_sum_leaks(title, rows[:-1], 1, rows[-1][1])
        # 2. Cumulative rows: the difference of two shown rows is the cases of one stage.
        if title.startswith("Étape atteinte"):
            counts = [row[1] for row in rows]
            for above, below in zip(counts, counts[1:], strict=False):
                if isinstance(above, int) and isinstance(below, int) and 0 < above - below < 5:
                    found.append(f"{title} : {above} − {below}")
    key = {row[0]: row for row in tables.get("Chiffres clés", [])}
    # 3. The same figure in several tables.
    closed = key.get("Situations closes", [None, None])[1]
    new = key.get("Nouvelles saisines", [None, None])[1]
    copies = {
        "closed": [closed]
        + [rows[-1][1] for t, rows in tables.items() if t == "Issues des situations closes"]
        + [rows[0][1] for t, rows in tables.items() if t.startswith("Étape atteinte") and rows]
        + [
            row[1]
            for t, rows in tables.items()
            if t.startswith("Délais")
            for row in rows
            if row[0] == "De la saisine à la clôture"
        ],
        "new": [new]
        + [
            rows[-1][1]
            for t, rows in tables.items()
            if t.startswith("Nouvelles saisines par")
            and "motif" not in t
            and rows
            and rows[-1][0] == "Total"
        ],
    }
    for name, values in copies.items():
        values = [v for v in values if v is not None]
        if HIDDEN in values and any(isinstance(v, int) for v in values):
            found.append(f"{name} : masqué ici, montré là")
    # 4. Treated = new + carried over, for each year shown.
    for column in (1, 2):
        trio = [
            key.get(label, [None] * 3)[column] if column < len(key.get(label, [])) else None
            for label in (
                "Situations traitées (dont reportées de la période précédente)",
                "Nouvelles saisines",
                "Situations reportées de la période précédente",
            )
        ]
        if trio.count(HIDDEN) == 1 and all(v is not None for v in trio):
            found.append(f"traitées = nouvelles + reportées, colonne {column}")
    # 5. Across tables: the agreements are the full and the partial ones.
    rates = {row[0]: row for row in tables.get("Taux et résultats", [])}
    closures = {row[0]: row[1] for row in tables.get("Issues des situations closes", [])}
    agreed = rates.get("Accord, parmi tous les dossiers clos", [None, None])[1]
    parts = [closures.get("Accord total (écrit ou oral)"), closures.get("Accord partiel")]
    if isinstance(agreed, int) and None not in parts:
        found += _column_sum_leaks("Accords", [[None, p] for p in parts], 1, agreed)
    return found
