"""The reader who tries to undo the hiding: how far each hidden count of a document can move.

A document shows some counts and hides others; its tables also say how counts add up (a total is
the sum of its rows, a rate's numerator is among its denominator, a cumulative row is the next
one plus a stage, the same figure appears in two tables). Someone holding the document knows all
of it, and knows that a hidden count is at least 1 (zero is always shown). For each hidden count,
``Attacker.bounds`` finds the least and the greatest value it can take under everything shown:
two integer programs solved by HiGHS. A count whose interval is narrow has been given away.

The counts a document never shows but its figures add up to (the cases of one stage under the
cumulative « étape atteinte ») are audited too, with a lower bound of 0: they are known to no
one, and must stay so when they are small.

Each group of counts tied together by relations (a connected component) is a small program of
its own; its answer is kept for as long as what it hides does not change, so that adding one
hidden count to protect another costs only the programs of its own group.
"""

import math
import os
import sys
from dataclasses import dataclass

import highspy

from palabre.reports.tables import Relation

INF = math.inf
_banner_shown = False


def _solver() -> highspy.Highs:
    """A silent HiGHS. The first one made in a process prints the library's banner on the C
    standard output whatever its options: it is made with that stream closed, so that the
    worker's log and the commands' output stay clean."""
    global _banner_shown
    if _banner_shown:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    highs.silent()
    return highs


@dataclass(frozen=True)
class Bounds:
    lo: float
    hi: float

    @property
    def width(self) -> float:
        return self.hi - self.lo


class Attacker:
    """Knows ``shown`` (key → value), ``relations`` and which keys are ``hidden``; every key a
    relation names that is neither shown nor hidden is unknown, at least 0."""

    def __init__(self, relations: list[Relation]):
        self.relations = [r for r in relations if r.terms]
        self._by_key: dict[str, list[int]] = {}
        for index, relation in enumerate(self.relations):
            for key, _coefficient in relation.terms:
                self._by_key.setdefault(key, []).append(index)
        self._solved: dict[tuple, dict[str, Bounds]] = {}

    def related(self, key: str) -> list[Relation]:
        return [self.relations[i] for i in self._by_key.get(key, [])]

    def bounds(
        self, shown: dict[str, float], hidden: set[str], targets: set[str]
    ) -> dict[str, Bounds]:
        """The interval of each of ``targets`` (hidden or never shown keys)."""
        answer = {}
        for component in self._components(shown, targets):
            answer.update(self._solve(component, shown, hidden))
        for key in targets:
            if key not in answer:  # tied to nothing: only its lower bound is known
                answer[key] = Bounds(1 if key in hidden else 0, INF)
        return {key: answer[key] for key in targets}

    def component_of(self, key: str, shown: dict[str, float]) -> set[str]:
        """The unknown keys tied to ``key`` through relations."""
        return self._grow({key}, shown)

    def _components(self, shown, targets):
        seen: set[str] = set()
        for key in sorted(targets):
            if key in seen or key not in self._by_key:
                continue
            component = self._grow({key}, shown)
            seen |= component
            yield component

    def _grow(self, keys: set[str], shown) -> set[str]:
        component, queue = set(keys), list(keys)
        while queue:
            for index in self._by_key.get(queue.pop(), []):
                for other, _coefficient in self.relations[index].terms:
                    if other not in shown and other not in component:
                        component.add(other)
                        queue.append(other)
        return component

    def _solve(self, component: set[str], shown, hidden) -> dict[str, Bounds]:
        signature = (frozenset(component), frozenset(component & hidden))
        if signature in self._solved:
            return self._solved[signature]
        keys = sorted(component)
        column = {key: index for index, key in enumerate(keys)}
        highs = _solver()
        lower = [1.0 if key in hidden else 0.0 for key in keys]
        highs.addVars(len(keys), lower, [highspy.kHighsInf] * len(keys))
        highs.changeColsIntegrality(
            len(keys), list(range(len(keys))), [highspy.HighsVarType.kInteger] * len(keys)
        )
        rows = {i for key in keys for i in self._by_key.get(key, [])}
        for index in sorted(rows):
            relation = self.relations[index]
            constant = sum(c * float(shown[k]) for k, c in relation.terms if k in shown)
            indices = [column[k] for k, _c in relation.terms if k not in shown]
            values = [float(c) for k, c in relation.terms if k not in shown]
            low = -constant if relation.equal else -highspy.kHighsInf
            highs.addRow(low, -constant, len(indices), indices, values)
        result = {}
        for key in keys:
            index = column[key]
            highs.changeColCost(index, 1.0)
            lo = self._optimum(highs, highspy.ObjSense.kMinimize)
            hi = self._optimum(highs, highspy.ObjSense.kMaximize)
            highs.changeColCost(index, 0.0)
            result[key] = Bounds(lo, hi)
        self._solved[signature] = result
        return result

    @staticmethod
    def _optimum(highs, sense) -> float:
        highs.changeObjectiveSense(sense)
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return round(highs.getInfo().objective_function_value, 6)
        if status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return INF if sense == highspy.ObjSense.kMaximize else -INF
        # The true figures are a solution: anything else is a defect, never a pass.
        raise RuntimeError(f"Audit des petits effectifs : {highs.modelStatusToString(status)}")
