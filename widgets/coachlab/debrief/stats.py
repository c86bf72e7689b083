"""The counts behind every chart and table of the debrief: pure functions of a `Cohort`.

Every count is of learners, each counted once: a learner who played a role three times and took
a choice twice "chose" it once. Shares are of the learners who could have: the share on a choice
is of those who reached the scene where it is offered.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..scenario import graph
from .reader import Cohort


@dataclass
class Branch:
    """One scene of a role and how many learners took each of its choices."""

    node: str
    title: str
    reached: int
    choices: list[tuple[str, str, str, int]]  # (choice id, text, target node, learners who took it)


def branches(cohort: Cohort, scenario_id: str, role: str) -> list[Branch]:
    """Every scene with choices reachable in *role*, in the order a play meets them."""
    scenario = cohort.data.scenarios[scenario_id]
    reached: Counter = Counter()
    took: Counter = Counter()
    for r in cohort.learners:
        nodes, choices = set(), set()
        for p in r.plays.get(scenario_id, []):
            if p.role != role:
                continue
            nodes.add(scenario.roles[role].start)
            for cid in p.path:
                choices.add(cid)
                nodes.add(scenario.choice(cid)[1].target)
        reached.update(nodes)
        took.update(choices)
    out = []
    for node_id in _order(scenario, scenario.roles[role].start):
        node = scenario.nodes[node_id]
        if node.choices:
            out.append(Branch(node_id, node.title or node_id, reached[node_id],
                              [(c.id, c.text, c.target, took[c.id]) for c in node.choices]))
    return out


def _order(scenario, start: str) -> list[str]:
    return graph.reachable(graph.edges_of(scenario.nodes), [start])


def endings(cohort: Cohort, scenario_id: str) -> tuple[list[tuple[str, str, int]], int]:
    """([(ending id, title, learners who reached it)], learners who submitted and reached none)."""
    scenario = cohort.data.scenarios[scenario_id]
    count = Counter(e for r in cohort.learners for e in r.endings(scenario_id))
    rows = [(nid, n.ending.title, count[nid]) for nid, n in scenario.nodes.items() if n.ending]
    none = sum(1 for r in cohort.submitted if not r.endings(scenario_id))
    return rows, none


def dimension_scores(cohort: Cohort, scenario_id: str) -> dict[str, Counter]:
    """Per dimension, how many learners ended their first finished play with each score."""
    scenario = cohort.data.scenarios[scenario_id]
    out: dict[str, Counter] = {dim: Counter() for dim in scenario.dimensions}
    for r in cohort.learners:
        first = next((p for p in r.plays.get(scenario_id, []) if p.ending), None)
        if first is not None:
            for dim in out:
                out[dim][first.scores.get(dim, 0)] += 1
    return out


@dataclass
class Item:
    """One knowledge-check question across the cohort."""

    check: str
    question: str
    prompt: str
    answered: int
    known: int  # answers whose right or wrong is known
    right: int
    options: list[tuple[str, str, int]]  # (option id, text, learners who chose it)
    key: list[str] = field(default_factory=list)
    top_wrong: tuple[str, str, int] | None = None  # the wrong option chosen most, and by how many

    @property
    def share_right(self) -> float | None:
        return self.right / self.known if self.known else None


def items(cohort: Cohort) -> list[Item]:
    """Item analysis: per question, answers, share right, choices per option, the most-chosen wrong option."""
    out = []
    for cid, spec in cohort.data.checks.items():
        key = cohort.data.keys.get(cid, {})
        for q in spec.questions:
            picks = [r.chosen[cid][q.id] for r in cohort.learners if q.id in r.chosen.get(cid, {})]
            verdicts = [r.correct.get(cid, {}).get(q.id) for r in cohort.learners if q.id in r.chosen.get(cid, {})]
            per_option = Counter(o for p in picks for o in p)
            options = [(o.id, o.text, per_option[o.id]) for o in q.options]
            item = Item(cid, q.id, q.prompt, len(picks), sum(v is not None for v in verdicts),
                        sum(v is True for v in verdicts), options, list(key.get(q.id, [])))
            if item.key:
                wrong = [o for o in options if o[0] not in item.key and o[2]]
                item.top_wrong = max(wrong, key=lambda o: o[2]) if wrong else None
            out.append(item)
    return out


def rubric(cohort: Cohort) -> list[tuple[str, float, Counter, int]]:
    """Per manually graded cell: (name, max points, learners per score, submitted learners not graded yet)."""
    out = []
    for cell in cohort.cells:
        if not cell.manual:
            continue
        scores = [r.scores.get(cell.name) for r in cohort.submitted]
        out.append((cell.name, cell.max_score, Counter(s for s in scores if s is not None),
                    sum(s is None for s in scores)))
    return out


def auto_scores(cohort: Cohort) -> list[tuple[str, float, float | None, int]]:
    """Per autograded cell: (name, max points, mean points of the learners graded, learners graded)."""
    out = []
    for cell in cohort.cells:
        if cell.manual:
            continue
        got: list[float] = [s for r in cohort.submitted if (s := r.scores.get(cell.name)) is not None]
        out.append((cell.name, cell.max_score, sum(got) / len(got) if got else None, len(got)))
    return out
