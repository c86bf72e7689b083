"""Broken inputs are counted and reported with learner and file, and never stop the report."""

from debrieftools import ASSIGNMENT, EVE, FAY, GUS, HAL, SALT, build_cohort, table

from coachlab.debrief.reader import read_cohort
from coachlab.debrief.report import render


def test_problems_listed_by_kind_and_file(cohort, report):
    """Are the partial, corrupt and missing answers and the corrupt notebook each listed with a file?"""
    code = {r.id: r.code for r in cohort.learners}
    rows = {(who, kind): (file, what) for who, kind, file, what in table(report, "4 problems")}
    assert rows[(code[FAY], "corrupt answers")][0] == f"submitted/{code[FAY]}/{ASSIGNMENT}/coachlab_answers.json"
    assert "not valid JSON" in rows[(code[FAY], "corrupt answers")][1]
    assert (code[GUS], "missing answers") in rows and (code[GUS], "corrupt notebook") in rows
    assert "6 of 7 questions unanswered" in rows[(code[EVE], "partial answers")][1]


def test_summary_counts_the_answers_files(report):
    """Does the summary count 4 complete, 1 partial, 1 missing and 1 corrupt answers file?"""
    assert "answers files: 4 complete, 1 partial, 1 missing, 1 corrupt" in report
    assert "7 submitted" in report and "1 not submitted" in report and "1 late" in report


def test_not_submitted_listed_by_code(cohort, report):
    """Is hal, who never submitted, listed by code under 'Not submitted'?"""
    code = {r.id: r.code for r in cohort.learners}
    assert f"1 learner have not submitted: {code[HAL]}." in report


def test_corrupt_files_are_left_unchanged(course, cohort):
    """Does reading leave the corrupt answers file exactly as it was, and set nothing aside?"""
    folder = course / "submitted" / FAY / ASSIGNMENT
    assert (folder / "coachlab_answers.json").read_text() == '{"schema": 1, "records": {"check/deb'
    assert not list(folder.glob("*.corrupt-*"))


def test_damaged_gradebook_is_a_note_not_a_failure(tmp_path):
    """With a gradebook that is not a database, is the report still made from the files, with a note?"""
    root = build_cohort(tmp_path / "course")
    (root / "gradebook.db").write_bytes(b"this is not sqlite" * 100)
    cohort = read_cohort(root, ASSIGNMENT, salt=SALT)
    assert any("gradebook.db could not be read" in n for n in cohort.notes)
    assert len(cohort.submitted) == 7 and not cohort.missing
    assert "could not be read" in render(cohort)


def test_no_gradebook_still_reports_submissions(tmp_path):
    """Without any gradebook, are the seven submitted folders still read and lateness left unknown?"""
    root = build_cohort(tmp_path / "course")
    (root / "gradebook.db").unlink()
    cohort = read_cohort(root, ASSIGNMENT, salt=SALT)
    assert len(cohort.learners) == 7 and all(r.late is None for r in cohort.learners)
    assert "(lateness not known)" in render(cohort)
