"""Disclosure control as an auditor tries it: each way a reader of a whole document could work a
hidden count back (by difference across tables, from cumulative rows, from a total, from the
order of the rows) is closed, and the audit that plays that reader finds nothing narrow."""

import random
from dataclasses import replace

import pytest

from palabre.reports import audit, exports, funder, indicators, report, runs
from palabre.reports.suppression import DisclosureError, narrow_cells, suppress
from palabre.reports.tables import SUPPRESSED, Relation, Table, at_most, total_of
from palabre.reports.tests import auditor

S = SUPPRESSED


def column(table, index=1):
    return [row[index] for row in table.rows]


def by_title(tables):
    return {str(table.title): table for table in tables}


def share_table(title, prefix, counts: dict, total_key):
    rows = [[code, n] for code, n in counts.items()]
    rows.append(["Total", sum(counts.values())])
    return Table(
        title=title,
        headings=["", "Dossiers"],
        rows=rows,
        count_columns=[1],
        has_total=True,
        row_keys=[f"{prefix}.{code}" for code in counts] + [total_key],
        column_keys={1: "@now"},
    )


# --- The attacker ---------------------------------------------------------------------------------


def test_the_attacker_bounds_a_hidden_count_by_everything_shown():
    relations = [total_of("total", ["a", "b", "c"])]
    attacker = audit.Attacker(relations)
    bounds = attacker.bounds({"total": 10, "c": 4}, {"a", "b"}, {"a", "b"})
    # a + b = 6, each at least 1 (zero is always shown).
    assert bounds["a"] == audit.Bounds(1, 5)
    loose = attacker.bounds({"c": 4}, {"a", "b", "total"}, {"a"})
    assert loose["a"].hi == audit.INF


def test_two_small_counts_alone_under_their_total_are_protected_by_a_third():
    table = share_table("Par commune", "commune", {"A": 1, "B": 1, "C": 30}, "new")
    [hidden] = suppress([table], threshold=5)
    # Table by table, 1 and 1 hidden with 32 shown: both are 1, since a hidden count is at least 1.
    assert column(hidden) == [S, S, S, 32]
    assert narrow_cells([hidden], threshold=5) == []


def test_the_audit_of_a_document_that_hides_too_little_names_the_count_given_away():
    leaky = share_table("Par commune", "commune", {"A": 1, "B": 1, "C": 30}, "new")
    leaky.rows[0][1] = leaky.rows[1][1] = S
    [narrow] = [n for n in narrow_cells([leaky], threshold=5) if n.key == "commune.A@now"]
    assert (narrow.bounds.lo, narrow.bounds.hi) == (1, 1)


# --- Three ways in, closed ------------------------------------------------------------------------


def test_a_hidden_closure_reason_does_not_come_back_from_the_agreement_rate():
    """Archipel Habitat 2025: 22 agreements, 18 of them full, so 4 partial."""
    closures = share_table(
        "Issues",
        "closure",
        {"AGREEMENT_FULL": 18, "AGREEMENT_PARTIAL": 4, "NO_AGREEMENT": 9, "WITHDREW": 12},
        "volume.closed",
    )
    rates = Table(
        title="Taux",
        headings=["Taux", "Nombre", "Sur", "Taux"],
        rows=[["Accord", 22, 43, 22 / 43]],
        count_columns=[1, 2],
        depends_on={3: (1, 2)},
        row_keys=["process.agreement"],
        column_keys={1: ".num@now", 2: ".den@now"},
        relations=[
            total_of("process.agreement.num@now", ["closure.AGREEMENT_FULL@now",
                                                   "closure.AGREEMENT_PARTIAL@now"]),
            total_of("process.agreement.den@now", ["volume.closed@now"]),
        ],
    )  # fmt: skip
    table_by_table = [table.rows for table in suppress([closures], threshold=5)]
    assert table_by_table[0][1][1] is S and table_by_table[0][0][1] == 18  # 22 − 18 = 4

    hidden_closures, hidden_rates = suppress([closures, rates], threshold=5)
    assert hidden_closures.rows[1][1] is S
    assert hidden_closures.rows[0][1] is S or hidden_rates.rows[0][1] is S
    assert narrow_cells([hidden_closures, hidden_rates], threshold=5) == []


def test_the_cases_of_one_stage_do_not_come_back_from_cumulative_rows():
    """Police convention 2025: 23 closed cases, 21 got further than the intake: 2 stopped."""
    figures = {"INTAKE_ONLY": 23, "REQUESTER_INTERVIEWED": 21, "OTHER_PARTY_CONTACTED": 15}
    counts = list(figures.values())
    keys = [f"funnel.{code}@now" for code in figures]
    stages = [f"stage.{code}@now" for code in figures]
    funnel = Table(
        title="Étape atteinte",
        headings=["Étape", "Situations"],
        rows=[[code, n] for code, n in figures.items()],
        count_columns=[1],
        row_keys=[f"funnel.{code}" for code in figures],
        column_keys={1: "@now"},
        relations=[total_of(key, [stages[i], *keys[i + 1 : i + 2]]) for i, key in enumerate(keys)],
        unshown={
            stage: n - (counts[i + 1] if i + 1 < len(counts) else 0)
            for i, (stage, n) in enumerate(zip(stages, counts, strict=True))
        },
    )
    [hidden] = suppress([funnel], threshold=5)
    assert S in column(hidden)
    assert narrow_cells([hidden], threshold=5) == []


def test_a_figure_in_two_tables_is_hidden_in_both():
    key_figures = Table(
        title="Chiffres clés",
        headings=["", "Nombre"],
        rows=[["Nouvelles saisines", 3], ["Situations closes", 40]],
        count_columns=[1],
        row_keys=["volume.new", "volume.closed"],
        column_keys={1: "@now"},
    )
    communes = share_table("Par commune", "commune", {"A": 2, "B": 1}, "volume.new")
    hidden_key, hidden_communes = suppress([key_figures, communes], threshold=5)
    assert hidden_key.rows[0][1] is S and hidden_communes.rows[-1][1] is S


def test_a_complementary_count_is_hidden_wherever_it_appears():
    key_figures = Table(
        title="Chiffres clés",
        headings=["", "Nombre"],
        rows=[["Nouvelles saisines", 40]],
        count_columns=[1],
        row_keys=["volume.new"],
        column_keys={1: "@now"},
    )
    communes = share_table("Par commune", "commune", {"A": 2, "B": 38}, "volume.new")
    months = share_table("Par mois", "month", {"01": 20, "02": 20}, "volume.new")
    hidden = suppress([key_figures, communes, months], threshold=5)
    # 2 is hidden, and 38 with it (the new cases are shown by the months): nothing else.
    assert column(hidden[1]) == [S, S, 40]
    assert column(hidden[2]) == [20, 20, 40]
    assert narrow_cells(hidden, threshold=5) == []


def test_the_previous_years_column_is_protected_with_its_own_totals():
    key = Table(
        title="Chiffres clés",
        headings=["", "2026", "2025"],
        rows=[["Traitées", 30, 12], ["Nouvelles", 28, 11], ["Reportées", 2, 1]],
        count_columns=[1, 2],
        row_keys=["volume.treated", "volume.new", "volume.carried_over"],
        column_keys={1: "@now", 2: "@before"},
        relations=[
            total_of(f"volume.treated{at}", [f"volume.new{at}", f"volume.carried_over{at}"])
            for at in ("@now", "@before")
        ],
    )
    [hidden] = suppress([key], threshold=5)
    assert hidden.rows[2][1:] == [S, S]
    assert S in hidden.rows[0][2:] + hidden.rows[1][2:]  # 12 − 11 = 1 otherwise
    assert S in hidden.rows[0][1:2] + hidden.rows[1][1:2]
    assert narrow_cells([hidden], threshold=5) == []


def test_a_share_of_a_hidden_total_is_hidden_in_every_row():
    # A total that counts more than its rows (cases without a commune, say): with one hidden
    # row only, the total goes; the share of the zero row would give it back (0 of 9 is 0 %,
    # 4 of 9 is 44 %), so every share goes.
    table = Table(
        title="Par commune",
        headings=["Commune", "Dossiers", "Part"],
        rows=[["A", 0, 0.0], ["B", 4, 4 / 9], ["Total", 9, 1.0]],
        count_columns=[1],
        has_total=True,
        depends_on={2: 1},
    )
    [hidden] = suppress([table], threshold=5)
    assert column(hidden) == [0, S, S]
    assert column(hidden, 2) == [S, S, S]


def test_an_inequality_narrows_what_a_reader_can_say():
    relations = [at_most("accepted", "answered"), total_of("closed", ["answered", "silent"])]
    attacker = audit.Attacker(relations)
    bounds = attacker.bounds({"closed": 3, "silent": 1}, {"accepted"}, {"accepted"})
    assert bounds["accepted"] == audit.Bounds(1, 2)


def test_a_count_nothing_shown_can_protect_is_refused_rather_than_published():
    table = Table(
        title="Seul",
        headings=["", "Nombre"],
        rows=[["A", 2]],
        count_columns=[1],
        row_keys=["a"],
        column_keys={1: ""},
        relations=[Relation((("a", 1),))],  # « a = 0 »: false, but nothing else to hide
    )
    with pytest.raises((DisclosureError, RuntimeError)):
        suppress([table], threshold=5)


# --- The reports ----------------------------------------------------------------------------------


def _document_of(report_tables):
    return suppress(report_tables)


def test_every_funder_report_of_the_dataset_leaves_nothing_narrow(archipel, world):
    for year in (2025, 2026):
        tables = suppress(funder.compose(archipel, year).tables)
        assert narrow_cells(tables) == []


def test_the_dashboards_document_leaves_nothing_narrow(year, clock_after_2026):
    figures = indicators.compute(year)
    previous = indicators.compute(year.previous_year())
    tables = suppress(report.activity_tables(figures, previous))
    assert narrow_cells(tables) == []
    by = by_title(tables)
    # One quantity, one mark: the year's closed cases in the key figures, the closures' total,
    # the first cumulative row and the delay to closure are hidden or shown together.
    closed = [
        by["Chiffres clés"].rows[3][1],
        by["Issues des situations closes"].rows[-1][1],
        by["Étape atteinte par les situations closes"].rows[0][1],
        by["Délais, en jours (situations closes sur la période)"].rows[2][1],
    ]
    assert len({id(c) if c is S else c for c in closed}) == 1


def test_the_hours_of_permanence_do_not_give_a_hidden_number_of_sessions_back():
    held = {"sessions": 1, "hours": 3.0, "venues": 1, "slots": 4, "booked": 3, "came": 2}
    held |= {"no_show": 1, "walk_ins": 0, "informed": 0}
    [hidden] = suppress([report._permanences(held)])
    assert hidden.rows[0][1] is S and "heures" not in hidden.note
    many = held | {"sessions": 12, "hours": 36.0}
    assert report._permanences(many).note == "36,0 heures de permanence dans 1 lieu(x)."


def _shuffled(figures, seed):
    """The same figures with the counts of every breakdown dealt again at random."""
    rng = random.Random(seed)

    def deal(breakdown):
        counts = [n for _code, _label, n in breakdown.rows]
        rng.shuffle(counts)
        rows = tuple(
            (code, label, n) for (code, label, _n), n in zip(breakdown.rows, counts, strict=True)
        )
        return indicators.Breakdown(rows, breakdown.total)

    process = dict(figures.process)
    process["closure_reasons"] = deal(process["closure_reasons"])
    process["follow_up_results"] = deal(process["follow_up_results"])
    return replace(
        figures,
        process=process,
        breakdowns={dimension: deal(b) for dimension, b in figures.breakdowns.items()},
    )


def test_the_order_of_the_rows_owes_nothing_to_their_counts(year, clock_after_2026):
    figures = indicators.compute(year)
    labels = [column(t, 0) for t in report.activity_tables(figures)]
    for seed in range(5):
        again = [column(t, 0) for t in report.activity_tables(_shuffled(figures, seed))]
        assert again == labels


def test_rows_follow_the_code_list_then_the_label_with_the_unknown_last():
    from palabre.cases import codes

    rows = [("NOISE", "Bruit", 1), ("", "Non renseigné", 9), ("ANIMALS", "Animaux", 5)]
    ordered = report.in_fixed_order(rows, codes.ConflictCategory)
    positions = list(codes.ConflictCategory.values)
    assert [r[0] for r in ordered[:2]] == sorted(["NOISE", "ANIMALS"], key=positions.index)
    assert ordered[-1][0] == ""
    named = [
        (1, "Éclair", 9),
        (2, "abbaye", 1),
        (None, "Hors quartiers découpés", 3),
        (3, "Zoo", 4),
    ]
    assert [r[1] for r in report.in_fixed_order(named, report.BY_LABEL)] == [
        "abbaye",
        "Éclair",
        "Zoo",
        "Hors quartiers découpés",
    ]


# --- The demo, drawn at random --------------------------------------------------------------------


@pytest.mark.parametrize("seed", [7, 2027])
def test_no_funder_report_of_a_random_demo_leaves_a_hidden_count_narrow(
    db, seed, monkeypatch, clock_after_2026
):
    """The demo's generator with another seed: every convention, every year, a document that
    leaves with nothing a reader can work back."""
    import io

    from django.core.management import call_command

    from palabre.cases.demo import generator
    from palabre.partners.models import Convention

    load = generator.load_params
    monkeypatch.setattr(generator, "load_params", lambda: load() | {"seed": seed})
    call_command("seed_demo", years=2, cases_per_year=60, stdout=io.StringIO())

    out = io.StringIO()
    call_command("audit_reports", stdout=out)  # fails on any narrow cell
    documents = int(out.getvalue().split()[0])
    assert documents >= 6 and "0 cellule(s) trop bien encadrée(s)" in out.getvalue()
    for convention in Convention.objects.all():
        for year in funder.years_of(convention):
            assert auditor.leaks(_csv(convention, year)) == [], (convention.title, year)


def test_the_audit_command_names_each_cell_a_reader_could_pin(world, clock_after_2026, monkeypatch):
    import io

    from django.core.management import CommandError, call_command

    from palabre.partners.tests.factories import ConventionFactory

    ConventionFactory(organisation=world["service"], title="Toute l'activité")
    command = "palabre.reports.management.commands.audit_reports"
    monkeypatch.setattr(f"{command}.suppress", _primary_only)
    with pytest.raises(CommandError, match="Toute l'activité, 2026 : stage."):
        call_command("audit_reports", stdout=io.StringIO())


def _csv(convention, year):
    params = runs.normalise(funder.export_params(convention, year))
    return funder.build_funder_report(convention.organisation, params, lambda *a: None, "csv")[2]


def _primary_only(tables):
    """The small counts hidden and nothing else: what a table-by-table rule without
    complements would publish."""
    hidden = []
    for table in tables:
        rows = [
            [
                SUPPRESSED if c in table.count_columns and isinstance(v, int) and 0 < v < 5 else v
                for c, v in enumerate(row)
            ]
            for row in table.rows
        ]
        hidden.append(replace(table, rows=rows))
    return hidden


def test_the_outside_auditor_finds_what_small_counts_alone_give_away(
    year, clock_after_2026, monkeypatch
):
    figures = indicators.compute(year)
    tables = report.activity_tables(figures, indicators.compute(year.previous_year()))
    with monkeypatch.context() as weaker:  # the exports protect whatever they are given
        weaker.setattr(exports, "suppress", lambda tables, threshold: tables)
        leaky = auditor.leaks(exports.to_csv("Bilan", "Activité", _primary_only(tables)))
    # The three ways in: a total, the cumulative stages, the agreements across two tables.
    assert any("Étape atteinte" in leak for leak in leaky), leaky
    assert any(leak.startswith("Issues") or leak.startswith("Nouvelles") for leak in leaky)
    assert auditor.leaks(exports.to_csv("Bilan", "Activité", suppress(tables))) == []
