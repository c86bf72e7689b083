"""Play a scenario: a pure state machine over immutable play states.

A play is a role and the choice ids taken in order; everything else (the node, the scores,
what is shown) follows from those, so a saved play is just ``(role, path)`` and `Engine.replay`
restores it, checking every move against the scenario as it is now.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import graph
from .model import Choice, Ending, Line, Node, Scenario

__all__ = ["Engine", "PlayState", "Step", "IllegalMove"]


class IllegalMove(ValueError):
    """A choice that is not on offer now, or a saved path that no longer fits the scenario."""


@dataclass(frozen=True)
class PlayState:
    """Where a play stands: the role, the choice ids taken in order, and the current node."""

    role: str
    path: tuple[str, ...]
    node_id: str

    def __post_init__(self):
        object.__setattr__(self, "path", tuple(self.path))


@dataclass(frozen=True)
class Step:
    """One step of a play: the node where the choice was made, and the choice."""

    node: Node
    choice: Choice


class Engine:
    """The rules of play for one (checked) scenario."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._choices = {c.id: (node, c) for node in scenario.nodes.values() for c in node.choices}
        self._bounds: dict[str, dict[str, tuple[int, int]]] = {}
        self._scores: dict[tuple[str, ...], dict[str, int]] = {}

    # where a play stands ---------------------------------------------------------------------

    def start(self, role: str) -> PlayState:
        """The state at the start node of *role*; ValueError naming the roles if there is none."""
        if role not in self.scenario.roles:
            raise ValueError(f"unknown role {role!r}; this scenario has the roles "
                             f"{', '.join(map(repr, self.scenario.roles))}")
        return PlayState(role, (), self.scenario.roles[role].start)

    def node(self, state: PlayState) -> Node:
        """The node the play stands at."""
        return self.scenario.nodes[state.node_id]

    def scores(self, state: PlayState) -> dict[str, int]:
        """The score on every declared dimension: 0 plus the effects of the choices taken."""
        path = state.path
        totals = self._scores.get(path)
        if totals is None:
            before = self._scores.get(path[:-1]) if path else None  # a play grows one step at a time
            if before is not None:
                totals = dict(before)
                steps = path[-1:]
            else:
                totals = dict.fromkeys(self.scenario.dimensions, 0)
                steps = path
            for cid in steps:
                for dim, points in self._choices[cid][1].effects.items():
                    totals[dim] = totals.get(dim, 0) + points
            if len(self._scores) >= 512:
                self._scores.clear()
            self._scores[path] = totals
        return dict(totals)

    def lines(self, state: PlayState) -> list[Line]:
        """The lines of the current node whose conditions hold now."""
        return self._shown(self.node(state).lines, state)

    def options(self, state: PlayState) -> list[Choice]:
        """The choices on offer now: the current node's, those whose conditions hold."""
        return self._shown(self.node(state).choices, state)

    def _shown(self, items, state: PlayState) -> list:
        scores = self.scores(state) if any(x.when for x in items) else {}  # once per call: a path can be long
        return [x for x in items if x.when is None or x.when.holds(state.path, scores)]

    def ending(self, state: PlayState) -> Ending | None:
        """The ending reached, or None while the play goes on."""
        return self.node(state).ending

    def is_over(self, state: PlayState) -> bool:
        """Has the play reached an ending?"""
        return self.node(state).is_ending

    def steps(self, state: PlayState) -> list[Step]:
        """The history of the play, each choice with the node where it was made."""
        return [Step(*self._choices[cid]) for cid in state.path]

    def visited_nodes(self, state: PlayState) -> list[str]:
        """The ids of the nodes on the play's path, from the start to the current node."""
        return [self.scenario.roles[state.role].start] + [self._choices[cid][1].target for cid in state.path]

    # moves -----------------------------------------------------------------------------------

    def choose(self, state: PlayState, choice_id: str) -> PlayState:
        """The state after taking *choice_id*; IllegalMove if it is not on offer now."""
        if self.is_over(state):
            raise IllegalMove(f"the play has ended at {state.node_id!r}; no choice can be made")
        offered = {c.id: c for c in self.options(state)}
        if choice_id not in offered:
            raise IllegalMove(f"choice {choice_id!r} is not on offer at node {state.node_id!r} now; "
                              f"on offer: {', '.join(map(repr, offered)) or 'nothing'}")
        return PlayState(state.role, state.path + (choice_id,), offered[choice_id].target)

    def undo(self, state: PlayState) -> PlayState:
        """The state one choice back; at the start, the same start state."""
        return self.back_to(state, max(len(state.path) - 1, 0))

    def back_to(self, state: PlayState, step: int) -> PlayState:
        """The state after only the first *step* choices of *state*'s path (0: the start)."""
        if not 0 <= step <= len(state.path):
            raise ValueError(f"step must be from 0 to {len(state.path)}, not {step}")
        return self.replay(state.role, state.path[:step])

    def replay(self, role: str, choice_ids: Iterable[str]) -> PlayState:
        """Re-apply a saved path; IllegalMove naming the step if it no longer fits the scenario."""
        if role not in self.scenario.roles:
            raise IllegalMove(f"the saved role {role!r} is not in this scenario any more")
        state = self.start(role)
        for n, cid in enumerate(choice_ids, 1):
            try:
                state = self.choose(state, cid)
            except IllegalMove as e:
                raise IllegalMove(f"step {n} of the saved path no longer fits: {e}") from None
        return state

    # for charts --------------------------------------------------------------------------------

    def score_bounds(self, role: str) -> dict[str, tuple[int, int]]:
        """Per dimension, the lowest and highest total on a path from *role*'s start to an ending
        (conditions ignored; a choice that leads back round a loop is set aside); (0, 0) if no
        ending can be reached. Linear in the scenario, and computed once per role."""
        if role not in self._bounds:
            nodes = self.scenario.nodes
            choices = {n: [(c.target, c.effects) for c in node.choices] for n, node in nodes.items()}
            self._bounds[role] = graph.score_bounds(choices, self.start(role).node_id,
                                                    [n for n, node in nodes.items() if node.is_ending],
                                                    list(self.scenario.dimensions))
        return dict(self._bounds[role])

