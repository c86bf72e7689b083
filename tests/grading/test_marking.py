"""Do saved answers turn into the right points, from the choices alone?"""
from gradingtools import SOLUTIONS

from coachlab.grading.marking import answered, endings_reached, mark_check
from coachlab.scenario import load_scenario

KEY = {"one": ["a"], "many": ["b", "c"]}


def state(**chosen):
    return {"questions": {q: {"chosen": c, "correct": None, "attempts": []} for q, c in chosen.items()}}


def test_one_point_per_exactly_right_question():
    """Is each question worth one point when the saved choice is exactly the key, in any order?"""
    assert mark_check(state(one=["a"], many=["c", "b"]), KEY) == 2.0
    assert mark_check(state(one=["a"], many=["b"]), KEY) == 1.0  # part of a multiple choice is not enough
    assert mark_check(state(one=["a"], many=["b", "c", "d"]), KEY) == 1.0  # nor is choosing everything


def test_missing_or_malformed_answers_score_zero():
    """Do absent, empty or malformed saved answers score 0 without an error?"""
    for junk in [None, {}, [], "x", {"questions": None}, {"questions": {"one": "a"}}, state(one=[]),
                 state(one=[1]), state(one="a")]:
        assert mark_check(junk, KEY) == 0.0


def test_a_correct_flag_in_the_file_earns_nothing():
    """Is a hand-written "correct": true ignored, only the choice counting?"""
    forged = state(one=["z"])
    forged["questions"]["one"]["correct"] = True
    assert mark_check(forged, KEY) == 0.0


def test_answered_counts_questions_with_a_choice():
    """Does `answered` count the questions that have a saved choice?"""
    assert answered(state(one=["a"], many=[]), ["one", "many", "other"]) == 1


SCENARIO = load_scenario(SOLUTIONS / "jerome_case" / "data" / "scenarios" / "jerome_backlash.yaml")


def play(path, ending, role="jerome"):
    return {"role": role, "path": path, "ending": ending, "ending_title": "whatever"}


def test_an_ending_counts_only_if_replaying_the_path_reaches_it():
    """Is a play counted when its path really ends there, and a forged or edited play not?"""
    from gradingtools import first_ending
    from coachlab.scenario import Engine

    path = first_ending(SCENARIO, "coach")
    end = Engine(SCENARIO).replay("coach", path).node_id
    real = play(path, end, "coach")
    assert endings_reached(SCENARIO, {"plays": [real]}) == [real]
    assert endings_reached(SCENARIO, {"plays": [play(["j-find-a-coach"], "j-end-shared-win")]}) == []
    assert endings_reached(SCENARIO, {"plays": [play(path, "j-end-shared-win", "coach")]}) == []
    assert endings_reached(SCENARIO, {"plays": [play(path, end, "ceo")]}) == []
    assert endings_reached(SCENARIO, {"plays": [play(path[:-1], end, "coach")]}) == []
    assert endings_reached(SCENARIO, {"plays": "all of them"}) == []
    assert endings_reached(SCENARIO, None) == []
