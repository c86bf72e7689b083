"""Does reading a hand-edited answers file for grading name every edit the widgets could not have made,
by the question's text, and does the file written for the autograder keep only what may be graded?
(Pure functions over the assignment's data: no kernel, no nbgrader.)"""
import pytest
from gradingtools import ASSIGNMENT, SOLUTIONS, keys, wrong

from coachlab.grading.answers import PLAYS_LIMIT, REFLECTION_LIMIT, SavedAnswers
from coachlab.grading.cells import assignment_parts
from coachlab.grading.handedits import review
from coachlab.grading.staging import canonical_answers

SCENARIO = "jerome_backlash"


@pytest.fixture(scope="module")
def parts():
    return assignment_parts(SOLUTIONS / ASSIGNMENT)


def saved(records: dict) -> SavedAnswers:
    return SavedAnswers(SOLUTIONS / "nowhere.json", {k: {"schema": 1, "value": v} for k, v in records.items()})


def check(answers: dict, **extra) -> dict:
    return {"questions": {q: {"chosen": c, "correct": None, "attempts": []} | extra for q, c in answers.items()}}


def test_answers_made_through_the_widgets_show_no_edit(parts):
    assert review(saved({"check/reading-the-case": check(keys(ASSIGNMENT)["reading-the-case"])}), parts) == []


def test_correct_flags_are_counted_and_compared_with_the_key(parts):
    """Are flags named, with how many disagree with the key, and never the key itself?"""
    right = keys(ASSIGNMENT)["reading-the-case"]
    answers = wrong(ASSIGNMENT)["reading-the-case"] | {"same-pattern": right["same-pattern"]}
    found = " | ".join(review(saved({"check/reading-the-case": check(answers, correct=True)}), parts))
    assert "Check 1: reading the case: hand-written 'correct' flags on 4 questions (3 disagreeing with the key)" \
        in found
    assert "manage-closely" not in found and "astuteness" not in found


def test_choices_that_are_not_options_and_unknown_questions_are_named(parts):
    found = " | ".join(review(saved({"check/debrief": {"questions": {
        "sbi-opening": {"chosen": ["full-marks"]}, "bonus": {"chosen": ["x"]},
        "coach-question": {"chosen": "what-matters"}}}}), parts))
    assert "choices that are not options of the question" in found and "bonus" in found
    assert "the choice is not a list of options" in found


def test_illegal_plays_are_named_and_the_number_of_plays_capped(parts):
    """Are plays that the scenario cannot produce named, and a flood of plays cut to the latest ones?"""
    forged = {"role": "jerome", "path": ["no-such-choice"], "ending": "j-end-shared-win"}
    found = " | ".join(review(saved({f"roleplay/{SCENARIO}": {"plays": [forged] * (PLAYS_LIMIT + 5)}}), parts))
    assert f"{PLAYS_LIMIT + 5:,} saved plays; only the last {PLAYS_LIMIT}" in found
    assert f"{PLAYS_LIMIT} of {PLAYS_LIMIT} saved plays are not a legal play" in found and "no-such-choice" in found
    written = canonical_answers(saved({f"roleplay/{SCENARIO}": {"plays": [forged] * (PLAYS_LIMIT + 5)}}),
                                set(parts.record_keys()))
    assert len(written["records"][f"roleplay/{SCENARIO}"]["value"]["plays"]) == PLAYS_LIMIT


def test_unknown_records_are_named_and_never_passed_to_the_autograder(parts):
    answers = saved({"grade/override": {"points": 13}, "check/secret": {}, "check/debrief": check({})})
    assert "records the assignment does not have, ignored: check/secret, grade/override" in " ".join(
        review(answers, parts))
    assert set(canonical_answers(answers, set(parts.record_keys()))["records"]) == {"check/debrief"}


def test_an_oversized_reflection_is_named_and_cut_for_the_autograder(parts):
    text = "x" * (REFLECTION_LIMIT + 10)
    answers = saved({"reflection/peer-lens": {"answers": {"analysis": text, "action": "short"}}})
    assert f"{REFLECTION_LIMIT + 10:,} characters, over the limit of {REFLECTION_LIMIT:,}" in " ".join(
        review(answers, parts))
    value = canonical_answers(answers, set(parts.record_keys()))["records"]["reflection/peer-lens"]["value"]
    assert len(value["answers"]["analysis"]) == REFLECTION_LIMIT and value["answers"]["action"] == "short"
    assert value["cut"] == {"analysis": REFLECTION_LIMIT + 10}
