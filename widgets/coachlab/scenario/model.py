"""The role-play scenario as plain frozen dataclasses, built from checked YAML data.

`Scenario.from_data` trusts its input: load files with `load_scenario`, which checks them first.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Condition:
    """When a line or choice shows: every part that is set must hold.

    ``chose``: every listed choice was taken; ``not_chose``: none of them was;
    ``min`` / ``max``: each named dimension's score is at least / at most the number.
    """

    chose: tuple[str, ...] = ()
    not_chose: tuple[str, ...] = ()
    min: Mapping[str, int] = field(default_factory=dict)
    max: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping | None) -> Condition | None:
        """The condition written as *data* (a ``when:`` mapping), or None if there is none."""
        if not data:
            return None
        return cls(tuple(data.get("chose", ())), tuple(data.get("not_chose", ())),
                   dict(data.get("min", {})), dict(data.get("max", {})))

    def holds(self, chosen: Collection[str], scores: Mapping[str, int]) -> bool:
        """Does the condition hold after the choices *chosen*, with these *scores*?"""
        if self.chose or self.not_chose:
            chosen = set(chosen)
        return (all(c in chosen for c in self.chose)
                and not any(c in chosen for c in self.not_chose)
                and all(scores.get(d, 0) >= v for d, v in self.min.items())
                and all(scores.get(d, 0) <= v for d, v in self.max.items()))

    def choice_ids(self) -> tuple[str, ...]:
        """Every choice id the condition names."""
        return self.chose + self.not_chose

    def dimension_ids(self) -> tuple[str, ...]:
        """Every dimension id the condition names."""
        return tuple(self.min) + tuple(self.max)


@dataclass(frozen=True)
class Dimension:
    """A named score that choices add to, e.g. trust."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Character:
    """Someone who speaks in the scenario."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Role:
    """A part the learner can play, starting at its own node."""

    id: str
    label: str
    description: str
    start: str


@dataclass(frozen=True)
class Line:
    """One thing a character says, shown only if its condition holds."""

    speaker: str
    text: str
    when: Condition | None = None


@dataclass(frozen=True)
class Choice:
    """Something the learner can say or do, where it leads, and why it matters."""

    id: str
    text: str
    target: str
    feedback: str
    principle: str
    effects: Mapping[str, int] = field(default_factory=dict)
    when: Condition | None = None


@dataclass(frozen=True)
class Ending:
    """How a path ends, with the debrief that explains it."""

    title: str
    debrief: str
    principles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    """One turn of the conversation: narration, lines, then choices or an ending."""

    id: str
    title: str | None = None
    narration: str | None = None
    lines: tuple[Line, ...] = ()
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None

    @property
    def is_ending(self) -> bool:
        """Does the play end here?"""
        return self.ending is not None


@dataclass(frozen=True)
class Scenario:
    """A whole branching role-play: who speaks, who can be played, and every node."""

    id: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    dimensions: Mapping[str, Dimension]
    characters: Mapping[str, Character]
    roles: Mapping[str, Role]
    nodes: Mapping[str, Node]
    source: str | None = None
    source_path: str | None = None

    @classmethod
    def from_data(cls, data: Mapping, source_path: str | None = None) -> Scenario:
        """The scenario described by *data* (parsed YAML that follows the scenario schema)."""
        return cls(
            id=data["id"], title=data["title"], summary=data["summary"],
            objectives=tuple(data["objectives"]),
            dimensions={k: Dimension(k, v["label"], v["description"]) for k, v in data["dimensions"].items()},
            characters={k: Character(k, v["name"], v.get("description", ""))
                        for k, v in data["characters"].items()},
            roles={k: Role(k, v["label"], v["description"], v["start"]) for k, v in data["roles"].items()},
            nodes={k: _node(k, v) for k, v in data["nodes"].items()},
            source=data.get("source"), source_path=None if source_path is None else str(source_path))

    def choice(self, choice_id: str) -> tuple[Node, Choice]:
        """The node that offers *choice_id*, and the choice; KeyError if there is none."""
        return self._choice_index[choice_id]

    @cached_property
    def _choice_index(self) -> dict[str, tuple[Node, Choice]]:
        return {c.id: (node, c) for node in self.nodes.values() for c in node.choices}


def _node(node_id: str, data: Mapping) -> Node:
    ending = data.get("ending")
    return Node(
        id=node_id, title=data.get("title"), narration=data.get("narration"),
        lines=tuple(Line(x["speaker"], x["text"], Condition.from_data(x.get("when")))
                    for x in data.get("lines", ())),
        choices=tuple(Choice(c["id"], c["text"], c["target"], c["feedback"], c["principle"],
                             dict(c.get("effects", {})), Condition.from_data(c.get("when")))
                      for c in data.get("choices", ())),
        ending=Ending(ending["title"], ending["debrief"], tuple(ending.get("principles", ())))
        if ending else None)
