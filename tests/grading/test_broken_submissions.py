"""Is each broken submission reported by learner, with the file at fault, without stopping the rest
of the cohort and without changing anything the learner submitted?"""
import pytest
from gradingtools import (ASSIGNMENT, BAD_TIMESTAMP, COMPLETE, CORRUPT_ANSWERS, CORRUPT_NOTEBOOK, EMPTY, LATE,
                      TAMPERED)


def problems(cohort, learner):
    return " | ".join(cohort.report.learners[learner].problems)


def test_missing_answers_file_is_reported(cohort):
    """Is a submission without an answers file named, and graded (all automatic parts 0)?"""
    assert "no coachlab_answers.json" in problems(cohort, EMPTY)
    assert cohort.report.learners[EMPTY].status == "graded"


def test_corrupt_answers_file_is_reported_and_kept_unchanged(cohort):
    """Is an answers file that is not JSON named with the fault, and left exactly as submitted?"""
    text = problems(cohort, CORRUPT_ANSWERS)
    assert "coachlab_answers.json: it is not valid JSON" in text and "kept unchanged" in text
    folder = cohort.course / "submitted" / CORRUPT_ANSWERS / ASSIGNMENT
    home = cohort.homes[CORRUPT_ANSWERS] / ASSIGNMENT
    assert (folder / "coachlab_answers.json").read_bytes() == (home / "coachlab_answers.json").read_bytes()
    assert not list(folder.glob("coachlab_answers.json.corrupt-*"))  # grading never sets it aside


def test_corrupt_notebook_is_reported_and_the_answers_still_graded(cohort):
    """Is an unreadable notebook named, and the learner's saved answers graded against the release?"""
    assert f"{ASSIGNMENT}.ipynb cannot be read" in problems(cohort, CORRUPT_NOTEBOOK)
    assert cohort.report.learners[CORRUPT_NOTEBOOK].score == 9


def test_deleted_edited_and_added_cells_are_reported(cohort):
    """Are a tampered notebook's deleted, edited and added cells, and an edited data file, reported?"""
    text = problems(cohort, TAMPERED)
    assert "1 cell deleted, 1 edited, 1 added; the released cells were graded instead" in text
    assert f"data/{ASSIGNMENT}.yaml was changed" in text


def test_bad_timestamp_names_the_learner_and_the_file(cohort):
    """Is a malformed timestamp.txt reported with its path and text, and that submission not graded?"""
    path = cohort.course / "submitted" / BAD_TIMESTAMP / ASSIGNMENT / "timestamp.txt"
    assert f"{path}: 'next Tuesday, around lunch' is not a date and time" in problems(cohort, BAD_TIMESTAMP)
    assert cohort.report.learners[BAD_TIMESTAMP].status == "not graded"
    assert f"  {BAD_TIMESTAMP}: {path}" in cohort.report.summary()


def test_nbgrader_itself_would_crash_on_that_timestamp(cohort):
    """Is the guard needed: does nbgrader 0.9.6 fail on it with an error naming neither learner nor file?"""
    from nbgrader.coursedir import CourseDirectory

    folder = cohort.course / "submitted" / BAD_TIMESTAMP / ASSIGNMENT
    with pytest.raises(AttributeError, match="fail"):
        CourseDirectory().get_existing_timestamp(str(folder))


@pytest.mark.parametrize("learner", [COMPLETE, LATE])
def test_the_rest_of_the_cohort_is_graded(cohort, learner):
    """Are the sound submissions graded in full, whatever happened to the others?"""
    result = cohort.report.learners[learner]
    assert result.status == "graded" and result.score == 9 and not result.problems
