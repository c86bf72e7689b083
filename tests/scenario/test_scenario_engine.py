"""Tests of the scenario engine: every rule of play on the minimal scenario."""
from pathlib import Path

import pytest
import yaml

from coachlab.scenario import Engine, IllegalMove, PlayState, Scenario, load_scenario

MINIMAL = Path(__file__).parents[1] / "fixtures" / "scenarios" / "minimal.yaml"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_scenario(MINIMAL))


def play(engine: Engine, role: str, *choice_ids: str) -> PlayState:
    state = engine.start(role)
    for cid in choice_ids:
        state = engine.choose(state, cid)
    return state


def texts(items) -> list[str]:
    return [x.text for x in items]


def ids(choices) -> list[str]:
    return [c.id for c in choices]


def test_each_role_starts_at_its_own_node(engine):
    """Does each role start at its start node with no choices taken?"""
    assert engine.start("manager") == PlayState("manager", (), "check-in")
    assert engine.start("peer") == PlayState("peer", (), "corridor")
    assert engine.node(engine.start("peer")).title == "In the corridor"


def test_unknown_role_names_the_roles(engine):
    """Does starting an unknown role fail with a message listing the roles?"""
    with pytest.raises(ValueError, match="'manager', 'peer'"):
        engine.start("coach")


def test_play_state_path_is_a_tuple():
    """Is a path given as a list stored as a tuple, so states stay immutable and comparable?"""
    assert PlayState("peer", ["a"], "x").path == ("a",)


def test_lines_and_options_without_conditions(engine):
    """Are all unconditional lines and choices of the start node shown?"""
    state = engine.start("peer")
    assert texts(engine.lines(state)) == ["Sam looks stuck, you know.", "Have you got a minute?"]
    assert ids(engine.options(state)) == ["peer-listen", "peer-advise"]


def test_line_shown_only_if_choice_was_made(engine):
    """Is a line with `when: {chose: [...]}` shown only after that choice?"""
    thanks = "Thanks for asking instead of telling me."
    assert thanks in texts(engine.lines(play(engine, "manager", "ask-open")))
    assert thanks not in texts(engine.lines(play(engine, "peer", "peer-listen")))


def test_line_shown_only_under_max_score(engine):
    """Is a line with `when: {max: {trust: 0}}` shown only while trust is at most 0?"""
    fine = "I guess it's fine."
    assert fine in texts(engine.lines(play(engine, "peer", "peer-advise")))
    assert fine not in texts(engine.lines(play(engine, "peer", "peer-listen")))


def test_choice_offered_only_over_min_score(engine):
    """Is a choice with `when: {min: {trust: 1}}` offered only once trust reaches 1?"""
    assert ids(engine.options(play(engine, "peer", "peer-advise"))) == ["give-deadline", "ask-again"]
    assert ids(engine.options(play(engine, "peer", "peer-listen"))) == ["ask-first-step", "give-deadline", "ask-again"]


def test_choice_withdrawn_once_taken_by_not_chose(engine):
    """Does a choice with `when: {not_chose: [itself]}` disappear after it is taken (and trust rises)?"""
    state = play(engine, "peer", "peer-advise", "ask-again")
    assert state.node_id == "explore"
    assert ids(engine.options(state)) == ["ask-first-step", "give-deadline"]


def test_choose_returns_a_new_state(engine):
    """Does choosing give a new state at the target, leaving the old one untouched?"""
    start = engine.start("manager")
    after = engine.choose(start, "ask-open")
    assert after == PlayState("manager", ("ask-open",), "explore")
    assert start == PlayState("manager", (), "check-in")


@pytest.mark.parametrize("path, choice, fragment", [
    (("peer-advise",), "ask-first-step", "'ask-first-step' is not on offer at node 'explore'"),
    ((), "give-deadline", "on offer: 'ask-open', 'take-over'"),
    ((), "no-such-choice", "'no-such-choice' is not on offer"),
    (("take-over",), "ask-open", "the play has ended at 'rescued'"),
])
def test_illegal_moves_are_refused(engine, path, choice, fragment):
    """Is a hidden, foreign or unknown choice, or any choice after the end, refused clearly?"""
    with pytest.raises(IllegalMove, match=fragment) as caught:
        engine.choose(play(engine, "manager" if not path or path[0] in ("ask-open", "take-over") else "peer", *path),
                      choice)
    assert isinstance(caught.value, ValueError)


def test_undo_steps_back_once(engine):
    """Does undo take back exactly the last choice, and leave a fresh start as it is?"""
    state = play(engine, "peer", "peer-advise", "ask-again")
    assert engine.undo(state) == play(engine, "peer", "peer-advise")
    assert engine.undo(engine.undo(state)) == engine.start("peer")
    assert engine.undo(engine.start("peer")) == engine.start("peer")


def test_back_to_keeps_the_first_steps(engine):
    """Does back_to keep the first *step* choices, and refuse steps outside the path?"""
    state = play(engine, "peer", "peer-advise", "ask-again", "ask-first-step")
    assert engine.back_to(state, 1) == PlayState("peer", ("peer-advise",), "explore")
    assert engine.back_to(state, 0) == engine.start("peer")
    assert engine.back_to(state, 3) == state
    for step in (-1, 4):
        with pytest.raises(ValueError, match="step must be from 0 to 3"):
            engine.back_to(state, step)


def test_replay_restores_a_saved_play(engine):
    """Does replaying a saved (role, path) give the same state as playing it?"""
    assert engine.replay("peer", ["peer-advise", "ask-again"]) == play(engine, "peer", "peer-advise", "ask-again")
    assert engine.replay("manager", []) == engine.start("manager")


@pytest.mark.parametrize("role, path, fragment", [
    ("manager", ["ask-open", "gone"], "step 2 of the saved path no longer fits: choice 'gone'"),
    ("peer", ["peer-advise", "ask-first-step"], "step 2 of the saved path"),
    ("manager", ["take-over", "ask-open"], "step 2 .* the play has ended"),
    ("coach", [], "the saved role 'coach' is not in this scenario"),
])
def test_replay_of_a_stale_path_names_the_step(engine, role, path, fragment):
    """Does a saved path that no longer fits raise IllegalMove naming the step?"""
    with pytest.raises(IllegalMove, match=fragment):
        engine.replay(role, path)


def test_scores_start_at_zero_and_add_effects(engine):
    """Is every dimension present from 0, and are the effects of the choices taken added up?"""
    assert engine.scores(engine.start("manager")) == {"trust": 0, "ownership": 0}
    assert engine.scores(play(engine, "manager", "ask-open", "ask-first-step")) == {"trust": 1, "ownership": 3}
    assert engine.scores(play(engine, "peer", "peer-advise", "ask-again", "give-deadline")) == \
        {"trust": 0, "ownership": -1}


def test_steps_give_the_history_with_feedback(engine):
    """Does each step pair the choice (with feedback and principle) with the node it was made at?"""
    steps = engine.steps(play(engine, "manager", "ask-open", "give-deadline"))
    assert [(s.node.id, s.choice.id) for s in steps] == [("check-in", "ask-open"), ("explore", "give-deadline")]
    assert steps[0].choice.principle == "ICF 7 Evokes awareness"
    assert steps[1].choice.feedback.startswith("A deadline alone")


def test_endings(engine):
    """Is a play over exactly when it reaches an ending, and is that ending given?"""
    going = play(engine, "manager", "ask-open")
    assert not engine.is_over(going) and engine.ending(going) is None
    done = engine.choose(going, "ask-first-step")
    assert engine.is_over(done) and engine.ending(done).title == "Sam owns the next step"
    assert engine.options(done) == []
    assert engine.ending(play(engine, "manager", "take-over")).title == "You own the task now"


def test_visited_nodes(engine):
    """Are the nodes on the path listed in order, from the start, repeats included?"""
    state = play(engine, "peer", "peer-advise", "ask-again", "ask-first-step")
    assert engine.visited_nodes(state) == ["corridor", "explore", "explore", "committed"]


def test_score_bounds_per_role(engine):
    """Are the bounds the lowest and highest totals at any ending reachable from the role's start?"""
    assert engine.score_bounds("manager") == {"trust": (0, 1), "ownership": (-2, 3)}
    assert engine.score_bounds("peer") == {"trust": (-1, 1), "ownership": (-1, 2)}


def test_score_bounds_without_reachable_ending():
    """Are the bounds (0, 0) when no ending can be reached (and does a loop not hang the search)?"""
    data = yaml.safe_load(MINIMAL.read_text())
    for choice in data["nodes"]["explore"]["choices"]:
        choice["target"] = "corridor"
    engine = Engine(Scenario.from_data(data))
    assert engine.score_bounds("peer") == {"trust": (0, 0), "ownership": (0, 0)}
