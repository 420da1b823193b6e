"""Small-cell suppression on hand-made tables: what is hidden, what is not, and why."""

import copy
from decimal import Decimal

from palabre.reports.suppression import has_suppressed, label, legend, suppress
from palabre.reports.tables import SUPPRESSED, Table

S = SUPPRESSED


def by_commune(*counts, total=True):
    rows = [[f"Commune {index}", count] for index, count in enumerate(counts, start=1)]
    if total:
        rows.append(["Total", sum(counts)])
    return Table(
        title="Dossiers par commune",
        headings=["Commune", "Dossiers"],
        rows=rows,
        count_columns=[1],
        has_total=total,
    )


def column(table, index=1):
    return [row[index] for row in table.rows]


def test_a_count_below_the_threshold_is_hidden_and_the_others_are_kept():
    [table] = suppress([by_commune(12, 3, 40, total=False)], threshold=5)
    assert column(table) == [12, S, 40]


def test_a_single_small_cell_above_a_total_hides_the_next_smallest_too():
    [table] = suppress([by_commune(12, 3, 40, 9)], threshold=5)
    # 3 would come back as 64 - 12 - 40 - 9: the 9 is hidden with it, the total stays.
    assert column(table) == [12, S, 40, S, 64]


def test_two_small_cells_are_hidden_without_any_other():
    [table] = suppress([by_commune(12, 3, 40, 2)], threshold=5)
    assert column(table) == [12, S, 40, S, 57]


def test_zero_stays_zero_and_is_never_chosen_as_the_complementary_cell():
    [table] = suppress([by_commune(0, 3, 0, 8, 30)], threshold=5)
    assert column(table) == [0, S, 0, S, 30, 41]


def test_a_small_total_is_hidden_with_its_cells():
    [table] = suppress([by_commune(1, 2, 0)], threshold=5)
    assert column(table) == [S, S, 0, S]


def test_a_single_small_cell_alone_above_its_total_hides_the_total():
    # One commune only: the total is that commune, small, and hidden like it.
    [table] = suppress([by_commune(3)], threshold=5)
    assert column(table) == [S, S]


def test_the_only_non_zero_cell_of_a_column_hides_its_total_when_nothing_else_can_be_hidden():
    # A hand-made table whose total is not small while a single hidden cell is its only
    # non-zero partner: the total goes (here, a total that counts more than its rows).
    table = Table(
        title="Dossiers",
        headings=["Commune", "Dossiers"],
        rows=[["A", 0], ["B", 4], ["Total", 9]],
        count_columns=[1],
        has_total=True,
    )
    [hidden] = suppress([table], threshold=5)
    assert column(hidden) == [0, S, S]


def test_columns_that_are_not_counts_are_left_alone():
    table = Table(
        title="Délais",
        headings=["Étape", "Dossiers", "Médiane (jours)"],
        rows=[["Premier entretien", 12, 3], ["Rencontre", 7, 2.5]],
        count_columns=[1],
    )
    [hidden] = suppress([table], threshold=5)
    assert hidden.rows == [["Premier entretien", 12, 3], ["Rencontre", 7, 2.5]]


def test_each_count_column_is_protected_on_its_own():
    table = Table(
        title="Dossiers par commune et par issue",
        headings=["Commune", "Accords", "Sans accord"],
        rows=[["A", 3, 10], ["B", 20, 6], ["C", 8, 30], ["Total", 31, 46]],
        count_columns=[1, 2],
        has_total=True,
    )
    [hidden] = suppress([table], threshold=5)
    assert hidden.rows == [["A", S, 10], ["B", 20, 6], ["C", S, 30], ["Total", 31, 46]]


def test_a_rate_is_hidden_with_the_count_it_is_computed_from():
    table = Table(
        title="Accords par commune",
        headings=["Commune", "Rencontres", "Accords", "Taux d'accord"],
        rows=[
            ["A", 10, 3, 0.3],
            ["B", 4, 4, 1.0],
            ["C", 20, 12, 0.6],
        ],
        count_columns=[1, 2],
        depends_on={3: (1, 2)},
        percent_columns=[3],
    )
    [hidden] = suppress([table], threshold=5)
    assert hidden.rows == [
        ["A", 10, S, S],
        ["B", S, S, S],
        ["C", 20, 12, 0.6],
    ]


def test_a_figure_computed_from_a_rate_is_hidden_with_it():
    table = Table(
        title="Heures",
        headings=["Commune", "Bénévoles", "Heures par bénévole", "Valorisation"],
        rows=[["A", 2, 15.0, Decimal("356.40")], ["B", 8, 10.0, Decimal("950.40")]],
        count_columns=[1],
        depends_on={2: 1, 3: 2},
    )
    [hidden] = suppress([table], threshold=5)
    assert hidden.rows == [["A", S, S, S], ["B", 8, 10.0, Decimal("950.40")]]


def test_the_threshold_can_be_set_per_call_and_in_the_settings(settings):
    table = by_commune(12, 7, 40, total=False)
    assert column(suppress([table], threshold=13)[0]) == [S, S, 40]
    assert column(suppress([table])[0]) == [12, 7, 40]

    settings.PALABRE_SMALL_CELL_THRESHOLD = 8
    [hidden] = suppress([table])
    assert column(hidden) == [12, S, 40]
    assert hidden.suppressed_below == 8
    assert label(hidden) == "< 8"
    assert "inférieur à 8" in legend(hidden)


def test_the_default_threshold_is_five(settings):
    assert settings.PALABRE_SMALL_CELL_THRESHOLD == 5
    [table] = suppress([by_commune(4, 5, 6, total=False)])
    assert column(table) == [S, 5, 6]
    assert label(table) == "< 5"


def test_the_tables_given_are_left_as_they_were():
    original = by_commune(12, 3, 40, 9)
    original.depends_on = {2: 1}
    before = copy.deepcopy(original)
    [hidden] = suppress([original], threshold=5)
    assert original == before
    assert not has_suppressed(original)
    assert has_suppressed(hidden)
    assert hidden.rows is not original.rows
    assert all(new is not old for new, old in zip(hidden.rows, original.rows, strict=True))


def test_suppressing_twice_hides_nothing_more():
    once = suppress([by_commune(12, 3, 40, 9), by_commune(1, 2, 0)], threshold=5)
    twice = suppress(once, threshold=5)
    assert twice == once


def test_labels_and_booleans_in_a_count_column_are_not_numbers_to_hide():
    table = Table(
        title="Mélange",
        headings=["Libellé", "Valeur"],
        rows=[["A", "3"], ["B", True], ["C", None], ["D", 2]],
        count_columns=[1],
    )
    [hidden] = suppress([table], threshold=5)
    assert column(hidden) == ["3", True, None, S]
