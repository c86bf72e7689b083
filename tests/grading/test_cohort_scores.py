"""Does a simulated cohort, taken through release, fetch, submit, collect, autograde, feedback and
export, get the scores it earned, in the gradebook and in the grades CSV?"""
import csv
import re

import pytest
from gradingtools import (ASSIGNMENT, BAD_TIMESTAMP, COMPLETE, CORRUPT_ANSWERS, CORRUPT_NOTEBOOK, EMPTY, LATE,
                      MISSING, PARTIAL, TAMPERED)

TITLES = {"mark-reading-the-case": "Check 1: reading the case",
          "mark-roleplay-jerome-backlash": "Role-play: The \"political player\": Jerome's peer backlash",
          "mark-debrief": "Check 2: after the role-play",
          "rubric-peer-lens": "Reflection: Jerome's case, your workplace"}

# Automatic points per learner: Check 1 (4) + role-play ending (2) + Check 2 (3); the reflection (4) waits
# for the facilitator.
EXPECTED = {
    COMPLETE: {"mark-reading-the-case": 4, "mark-roleplay-jerome-backlash": 2, "mark-debrief": 3},
    PARTIAL: {"mark-reading-the-case": 2, "mark-roleplay-jerome-backlash": 0, "mark-debrief": 0},
    EMPTY: {"mark-reading-the-case": 0, "mark-roleplay-jerome-backlash": 0, "mark-debrief": 0},
    TAMPERED: {"mark-reading-the-case": 0, "mark-roleplay-jerome-backlash": 0, "mark-debrief": 1},
    CORRUPT_NOTEBOOK: {"mark-reading-the-case": 4, "mark-roleplay-jerome-backlash": 2, "mark-debrief": 3},
    # fay's file lost its last 40 characters: the role-play record is cut, the two checks before it are whole
    CORRUPT_ANSWERS: {"mark-reading-the-case": 4, "mark-roleplay-jerome-backlash": 0, "mark-debrief": 3},
    LATE: {"mark-reading-the-case": 4, "mark-roleplay-jerome-backlash": 2, "mark-debrief": 3},
}


def rows(cohort):
    with open(cohort.course / f"grades-{ASSIGNMENT}.csv", newline="") as f:
        return {row["learner"]: row for row in csv.DictReader(f)}


def gradebook(cohort):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{cohort.course / 'gradebook.db'}", "coachlab")


@pytest.mark.parametrize("learner", sorted(EXPECTED))
def test_gradebook_holds_the_points_each_learner_earned(cohort, learner):
    """Are the gradebook's points, cell by cell, the ones this learner's saved answers earn?"""
    with gradebook(cohort) as gb:
        sub = gb.find_submission(ASSIGNMENT, learner)
        got = {g.name: g.score for nb in sub.notebooks for g in nb.grades if g.name in EXPECTED[learner]}
        assert got == EXPECTED[learner]
        assert sub.max_score == 13
        assert sub.score == sum(EXPECTED[learner].values())  # the reflection is not marked yet


def test_reflections_wait_for_the_facilitator(cohort):
    """Is every graded submission's reflection queued for manual grading, with no score yet?"""
    with gradebook(cohort) as gb:
        for learner in EXPECTED:
            grade = gb.find_grade("rubric-peer-lens", ASSIGNMENT, ASSIGNMENT, learner)
            assert grade.needs_manual_grade and grade.manual_score is None, learner


def test_csv_has_one_row_per_learner_with_parts_status_and_lateness(cohort):
    """Does the CSV list every learner of the roster with status, lateness, total and each part's points?"""
    table = rows(cohort)
    assert set(table) == set(EXPECTED) | {BAD_TIMESTAMP, MISSING}
    for learner, parts in EXPECTED.items():
        row = table[learner]
        assert row["status"] == "graded" and row["needs_manual_grading"] == "yes", learner
        assert float(row["score"]) == sum(parts.values()) and row["max_score"] == "13"
        assert {name: float(row[f"{TITLES[name]} (/{max_:g})"]) for name, max_ in
                [("mark-reading-the-case", 4), ("mark-roleplay-jerome-backlash", 2), ("mark-debrief", 3)]} == parts
        assert row[f"{TITLES['rubric-peer-lens']} (/4)"] == ""  # not marked yet, which is not the same as 0
        assert row[f"{TITLES['rubric-peer-lens']}: comment"] == ""
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", row["submitted_at"]), row["submitted_at"]
        assert row["late"] == ("yes" if learner == LATE else "no"), learner
    assert table[MISSING]["status"] == "missing" and table[MISSING]["score"] == ""
    assert table[BAD_TIMESTAMP]["status"] == "not graded" and "timestamp.txt" in table[BAD_TIMESTAMP]["problems"]


def test_summary_counts_submitted_missing_late_and_manual(cohort):
    """Does the summary count the submitted, late, missing, not graded and manual-grading learners?"""
    text = cohort.report.summary()
    assert "submitted                8" in text
    assert f"late                     1  ({LATE})" in text
    assert f"missing                  1  ({MISSING})" in text
    assert f"not graded               1  ({BAD_TIMESTAMP})" in text
    assert "needing manual grading   7" in text
    assert "Formgrader" in text and "nbgrader formgrader" not in text


def test_progress_bar_counts_every_step(cohort):
    """Did the progress bar show each learner's autograde and feedback, up to the total?"""
    lines = cohort.progress.splitlines()
    assert lines[-1].startswith(f"Grading {ASSIGNMENT} [########################] 16/16")
    assert any(f"{COMPLETE}: autograded" in line for line in lines)
    assert any(f"{BAD_TIMESTAMP}: not graded" in line for line in lines)
