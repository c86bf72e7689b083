"""Tests of the scenario model: data in, frozen dataclasses out, conditions that hold or not."""
import dataclasses
from pathlib import Path

import pytest
import yaml

from coachlab.scenario import Condition, Scenario

MINIMAL = Path(__file__).parents[1] / "fixtures" / "scenarios" / "minimal.yaml"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.from_data(yaml.safe_load(MINIMAL.read_text()), source_path=MINIMAL)


def test_from_data_builds_every_part(scenario):
    """Are dimensions, characters, roles, nodes, lines, choices and endings all built?"""
    assert scenario.id == "minimal" and scenario.objectives == ("Ask open questions that help a team member think.",)
    assert scenario.dimensions["trust"].label == "Trust"
    assert scenario.characters["lee"].description == "Sam's colleague."
    assert scenario.characters["sam"].description == ""
    assert scenario.roles["peer"].start == "corridor"
    explore = scenario.nodes["explore"]
    assert [c.id for c in explore.choices] == ["ask-first-step", "give-deadline", "ask-again"]
    assert explore.choices[0].effects == {"ownership": 2} and explore.choices[0].principle == "GROW: Will"
    assert explore.lines[1].when == Condition(chose=("ask-open",))
    assert scenario.nodes["committed"].ending.principles == ("ICF 7 Evokes awareness", "GROW: Will")
    assert scenario.nodes["rescued"].ending.principles == ()
    assert scenario.source_path == str(MINIMAL)


def test_is_ending(scenario):
    """Is a node with an ending an ending, and a node with choices not?"""
    assert scenario.nodes["stalled"].is_ending
    assert not scenario.nodes["check-in"].is_ending


def test_model_is_frozen(scenario):
    """Can nobody change a loaded scenario by accident?"""
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.nodes["explore"].title = "changed"


def test_choice_lookup(scenario):
    """Does `choice` find the node that offers a choice id, and refuse unknown ids?"""
    node, choice = scenario.choice("take-over")
    assert node.id == "check-in" and choice.target == "rescued"
    with pytest.raises(KeyError):
        scenario.choice("nope")


@pytest.mark.parametrize("condition, chosen, scores, expected", [
    (Condition(chose=("a", "b")), {"a", "b", "c"}, {}, True),
    (Condition(chose=("a", "b")), {"a"}, {}, False),
    (Condition(not_chose=("a", "b")), {"c"}, {}, True),
    (Condition(not_chose=("a", "b")), {"b"}, {}, False),
    (Condition(min={"trust": 1}), set(), {"trust": 1}, True),
    (Condition(min={"trust": 1}), set(), {"trust": 0}, False),
    (Condition(min={"trust": 1}), set(), {}, False),
    (Condition(max={"trust": 0}), set(), {}, True),
    (Condition(max={"trust": 0}), set(), {"trust": 1}, False),
    (Condition(chose=("a",), max={"trust": 2}), ["a"], {"trust": 3}, False),
    (Condition(chose=("a",), max={"trust": 2}), ["a"], {"trust": 2}, True),
])
def test_condition_holds_only_if_every_part_holds(condition, chosen, scores, expected):
    """Does a condition hold exactly when all of chose, not_chose, min and max hold?"""
    assert condition.holds(chosen, scores) is expected


def test_empty_when_is_no_condition():
    """Is a missing or empty `when` no condition at all?"""
    assert Condition.from_data(None) is None and Condition.from_data({}) is None
