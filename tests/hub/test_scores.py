"""A workshop round on the real hub: release, five learners answer and submit, `coachlab grade` scores
what each answered, feedback reaches each learner."""
from workshop import ASSIGNMENT


def test_the_facilitator_released_and_graded_from_their_own_server(workshop):
    [(released, log)] = workshop["facilitator"]["release"]
    assert released == 0, log
    (graded, grade_log), (fed_back, feedback_log) = workshop["facilitator"]["grade"]
    assert graded == 0, grade_log
    assert fed_back == 0, feedback_log


def test_every_learner_logged_in_fetched_and_submitted(workshop, hub):
    for name, seen in workshop["learners"].items():
        assert seen["login"].endswith("/hub/home"), (name, seen["login"])
        assert seen["fetched"]["success"], (name, seen["fetched"])
        assert seen["answered"].strip() == "answered"
        assert seen["submitted"]["success"], (name, seen["submitted"])


def test_each_score_is_what_the_learner_answered(workshop, hub):
    grades = workshop["grades"]
    assert sorted(grades) == sorted(hub.learners)
    for name, plan in workshop["plan"].items():
        row = grades[name]
        assert row["status"] == "graded", row
        assert float(row["score"]) == plan["score"], (name, row)
        assert row["needs_manual_grading"] == "yes"  # the reflection waits for the facilitator


def test_each_learner_fetched_their_own_feedback_and_nobody_elses(workshop, hub):
    for name, page in workshop["feedback"].items():
        assert page, f"no feedback for {name}"
        assert f"{name}: Jerome meant to help" in page
        others = [n for n in hub.learners if n != name]
        assert not any(f"{n}: Jerome meant" in page for n in others)
        assert ASSIGNMENT in page
