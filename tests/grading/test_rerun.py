"""Is ``coachlab grade`` safe to run again: nothing graded twice for nothing, manual grades kept and
carried into the grades and feedback, the broken submission still reported and nothing crashing?"""
import csv
import shutil
import time

import pytest
from gradingtools import ASSIGNMENT, BAD_TIMESTAMP, COMPLETE, LATE

from coachlab.grading.pipeline import grade


@pytest.fixture(scope="module")
def again(cohort, tmp_path_factory):
    """A copy of the graded cohort's course folder, graded again, then again after manual grading."""
    from nbgrader.api import Gradebook

    course = tmp_path_factory.mktemp("again") / "course"
    shutil.copytree(cohort.course, course)
    autograded = course / "autograded" / COMPLETE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    before = autograded.stat().st_mtime_ns
    started = time.perf_counter()
    second = grade(ASSIGNMENT, course, roster=cohort.roster)
    seconds = time.perf_counter() - started
    untouched = autograded.stat().st_mtime_ns == before
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        mark = gb.find_grade("rubric-peer-lens", ASSIGNMENT, ASSIGNMENT, COMPLETE)
        mark.manual_score, mark.needs_manual_grade = 3, False
        gb.db.commit()
    third = grade(ASSIGNMENT, course, roster=cohort.roster)
    return {"course": course, "second": second, "third": third, "seconds": seconds, "untouched": untouched}


def test_unchanged_submissions_are_not_autograded_again(cohort, again):
    """Is an unchanged submission left as graded (its autograded notebook untouched), and the run quick?"""
    assert again["untouched"]
    assert again["seconds"] < cohort.seconds / 2


def test_second_run_reports_the_same_scores(cohort, again):
    """Does the second run find the same scores and statuses as the first?"""
    first = {r.learner: (r.status, r.score, r.late) for r in cohort.report.learners.values()}
    assert {r.learner: (r.status, r.score, r.late) for r in again["second"].learners.values()} == first


def test_bad_timestamp_is_reported_again_without_crashing_collect(again):
    """Is the malformed timestamp, now in submitted/, reported again (collecting would have crashed on it)?"""
    problems = " | ".join(again["second"].learners[BAD_TIMESTAMP].problems)
    assert "is not a date and time" in problems and "nothing new was collected" in problems


def test_a_manual_grade_reaches_the_csv_summary_and_feedback(again):
    """After the reflection is graded in the gradebook, do the CSV, summary and feedback carry it?"""
    with open(again["course"] / f"grades-{ASSIGNMENT}.csv", newline="") as f:
        row = {r["learner"]: r for r in csv.DictReader(f)}[COMPLETE]
    assert row["rubric-peer-lens (/4)"] == "3" and row["score"] == "12" and row["needs_manual_grading"] == "no"
    assert "needing manual grading   6" in again["third"].summary()
    assert COMPLETE not in again["third"].summary().split("needing manual grading")[1].split("\n")[0]
    page = (again["course"] / "feedback" / COMPLETE / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "Score: 12.0 / 13.0" in page
    assert LATE in again["third"].summary()
