"""Does the marking session list one question's answers across the cohort and write marks into the gradebook?"""
import json
import shutil

import pytest
from gradingtools import ANALYSIS, ASSIGNMENT, COMPLETE, CORRUPT_ANSWERS, LATE

from coachlab.content.errors import CourseDataError
from coachlab.grading.mark_queue import MAX_SHOWN, MarkingSession

CELL = "rubric-peer-lens"


@pytest.fixture
def course(cohort, tmp_path):
    """A private copy of the graded cohort's course folder: these tests write marks into it."""
    return shutil.copytree(cohort.course, tmp_path / "course", symlinks=True)


@pytest.fixture
def session(course):
    return MarkingSession(course, ASSIGNMENT, marker="facilitator-a")


def gradebook_mark(course, learner):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        grade = gb.find_grade(CELL, ASSIGNMENT, ASSIGNMENT, learner)
        comment = gb.find_comment(CELL, ASSIGNMENT, ASSIGNMENT, learner)
        return grade.manual_score, comment.manual_comment, grade.needs_manual_grade


def test_every_graded_submission_comes_once_in_an_order_stable_per_marker(cohort, course, session):
    """Is each learner in the gradebook listed once, shuffled, the same next time, and per marker?"""
    graded = {r.learner for r in cohort.report.having("graded")}
    order = session.order(CELL)
    assert sorted(order) == sorted(session.codes[learner] for learner in graded)
    assert MarkingSession(course, ASSIGNMENT, marker="facilitator-a").order(CELL) == order
    others = [MarkingSession(course, ASSIGNMENT, marker=f"facilitator-{x}").order(CELL) for x in "bcd"]
    assert any(other != order for other in others)
    assert list(session.questions) == [CELL]


def test_codes_are_the_debriefs(course, session):
    """Does a learner have the same anonymous code here as in the debrief of the cohort?"""
    from coachlab.debrief.reader import read_cohort

    debrief = {row.id: row.code for row in read_cohort(course, ASSIGNMENT).learners}
    assert session.codes == debrief


def test_an_item_is_the_learners_own_reflection_by_prompt(session):
    """Does the item show the learner's saved answer under each prompt's label, and no mark yet?"""
    item = session.item(CELL, session.codes[COMPLETE])
    labels = [a.label for a in item.answers]
    assert labels == ["Analysis", "Conclusion", "Action plan"]
    assert item.answers[0].text == ANALYSIS[COMPLETE] and item.answers[1].text == ""
    assert item.score is None and item.comment == "" and item.problem is None


def test_a_damaged_answers_file_is_named_as_the_problem(session):
    """Is an unreadable answers file reported on the item instead of an empty answer passing silently?"""
    item = session.item(CELL, session.codes[CORRUPT_ANSWERS])
    assert "cannot be read" in item.problem and all(a.text == "" for a in item.answers)


def test_a_mark_goes_into_nbgraders_gradebook(course, session):
    """Are the score and comment written where formgrader and feedback read them, and can they be cleared?"""
    code = session.codes[LATE]
    item = session.save(CELL, code, 3, "  You weigh both views.  ")
    assert (item.score, item.comment) == (3.0, "You weigh both views.")
    assert gradebook_mark(course, LATE) == (3.0, "You weigh both views.", False)
    session.save(CELL, code, None, "")
    assert gradebook_mark(course, LATE) == (None, None, True)


@pytest.mark.parametrize("score, code, error",
                         [(5, None, ValueError), (-1, None, ValueError), (2, "L-NOBODY", KeyError)])
def test_a_mark_that_does_not_fit_is_refused(course, session, score, code, error):
    """Is a score outside the rubric's range, or an unknown learner, refused with nothing written?"""
    with pytest.raises(error):
        session.save(CELL, code or session.codes[LATE], score, "x")
    assert gradebook_mark(course, LATE)[:2] == (None, None)


def test_a_symlinked_answers_file_is_never_followed(course, session):
    """Is an answers file that links to another learner's shown as a problem, not as their text?"""
    answers = course / "submitted" / LATE / ASSIGNMENT / "coachlab_answers.json"
    answers.unlink()
    answers.symlink_to(course / "submitted" / COMPLETE / ASSIGNMENT / "coachlab_answers.json")
    item = session.item(CELL, session.codes[LATE])
    assert "symbolic link" in item.problem
    assert ANALYSIS[COMPLETE] not in json.dumps([a.text for a in item.answers])


def test_an_oversized_answer_is_shortened_for_the_page(course, session):
    """Is a huge answer cut to MAX_SHOWN characters, with its whole length said?"""
    answers = course / "submitted" / LATE / ASSIGNMENT / "coachlab_answers.json"
    data = json.loads(answers.read_text())
    data["records"]["reflection/peer-lens"]["value"]["answers"]["analysis"] = "word " * 50_000
    answers.write_text(json.dumps(data))
    first = session.item(CELL, session.codes[LATE]).answers[0]
    assert len(first.text) == MAX_SHOWN and first.length == len(("word " * 50_000).strip())


def test_without_a_gradebook_the_fix_is_to_grade_first(tmp_path, cohort):
    """Does a course folder that was never graded give a clear error with the command to run?"""
    folder = tmp_path / "empty"
    folder.mkdir()
    shutil.copy(cohort.course / "nbgrader_config.py", folder)
    with pytest.raises(CourseDataError) as e:
        MarkingSession(folder, ASSIGNMENT)
    assert "no gradebook" in e.value.problems[0].message and "coachlab grade" in e.value.problems[0].hint


def test_coachlab_mark_on_a_folder_that_was_never_graded_says_so_and_creates_nothing(tmp_path, capsys):
    """Does `coachlab mark` on a wrong folder exit 1 with the fix, without making the folder a course?"""
    from coachlab.cli import main

    assert main(["mark", ASSIGNMENT, "--course-dir", str(tmp_path / "nowhere"), "--no-browser"]) == 1
    assert "where `coachlab grade` ran" in capsys.readouterr().out
    assert not (tmp_path / "nowhere").exists()


def test_a_damaged_gradebook_is_an_error_with_the_fix_not_a_traceback(course, capsys):
    """Does `coachlab mark` on a damaged gradebook exit 1, naming the file and what to do?"""
    from coachlab.cli import main

    (course / "gradebook.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert main(["mark", ASSIGNMENT, "--course-dir", str(course), "--no-browser"]) == 1
    out = capsys.readouterr().out
    assert "gradebook.db" in out and "the gradebook cannot be read" in out and "Traceback" not in out


def test_a_gradebook_without_a_comment_row_still_takes_the_comment(course, session):
    """Is the comment kept when the gradebook (written by another tool) has no comment row for the cell?"""
    from nbgrader.api import Comment, Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        gb.db.query(Comment).filter(Comment.id == gb.find_comment(CELL, ASSIGNMENT, ASSIGNMENT, LATE).id).delete()
        gb.db.commit()
    assert session.item(CELL, session.codes[LATE]).problem is None
    session.save(CELL, session.codes[LATE], 2, "Kept all the same.")
    assert gradebook_mark(course, LATE) == (2.0, "Kept all the same.", False)
