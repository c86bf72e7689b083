"""Does a cohort that tries to cheat or break grading get exactly what its answers earn, with every trick
named per learner: shipped code never run, symbolic links never followed, a damaged file read record by
record, forged answers and over-long reflections reported, and nothing of it copied into feedback?"""
import csv
import os

import pytest
from gradingtools import (ABS_LINK, ASSIGNMENT, DAMAGED, FOLDER_LINK, FORGER, HONEST, HOSTILE_SCORES, OVERSIZE,
                          OVERSIZE_TAIL, PACKAGER, REL_LINK, SHIPPED, key_fragments, page_text, secret_lines)


def problems(hostile, learner):
    return " | ".join(hostile.report.learners[learner].problems)


def test_no_shipped_code_ran(hostile):
    """Did none of the shipped modules (a coachlab package awarding full marks, json.py, yaml.py,
    sitecustomize.py, usercustomize.py, nbformat.py) run, in the grader or its kernels?"""
    assert not list(hostile.markers.iterdir())


@pytest.mark.parametrize("learner", sorted(HOSTILE_SCORES))
def test_every_score_is_what_the_answers_earn(hostile, learner):
    """Is each learner graded, with the automatic points their own readable answers earn?"""
    result = hostile.report.learners[learner]
    assert result.status == "graded" and result.score == HOSTILE_SCORES[learner], (learner, result.problems)


def test_shipped_files_are_reported_and_never_copied(hostile):
    """Are the shipped files named, and absent from what was autograded and from the feedback?"""
    text = problems(hostile, PACKAGER)
    assert "extra files: " in text and all(rel in text for rel in SHIPPED)
    for step in ("autograded", "feedback"):
        folder = hostile.course / step / PACKAGER / ASSIGNMENT
        assert folder.is_dir()
        assert not [rel for rel in SHIPPED if (folder / rel).exists()], step
        assert not (folder / "coachlab").exists()


def test_a_relative_link_to_another_learners_answers_is_refused(hostile):
    """Does a link to the honest learner's answers give nothing of theirs, and say why?"""
    text = problems(hostile, REL_LINK)
    assert "symbolic links refused" in text and "coachlab_answers.json -> ../../honest" in text
    assert "no coachlab_answers.json" in text
    page = page_text(hostile.course / "feedback" / REL_LINK / ASSIGNMENT / f"{ASSIGNMENT}.html")
    assert "Honest analysis" not in page


def test_absolute_links_to_system_files_are_refused(hostile):
    """Are links to /etc/passwd and /etc named, and is nothing of them anywhere in the course folder?"""
    text = problems(hostile, ABS_LINK)
    assert "-> /etc/passwd" in text and "secrets -> /etc" in text
    for step in ("submitted", "autograded", "feedback"):
        for path in (hostile.course / step / ABS_LINK).rglob("*"):
            assert not path.is_symlink(), path
            assert not path.is_file() or b"root:" not in path.read_bytes(), path


def test_a_linked_learner_folder_is_refused_and_not_graded(hostile):
    """Is a learner folder that links to another's refused, reported as not graded?"""
    result = hostile.report.learners[FOLDER_LINK]
    assert result.status == "not graded" and "is a symbolic link" in problems(hostile, FOLDER_LINK)
    assert FOLDER_LINK in hostile.report.summary().split("not graded")[1].split("\n")[0]


def test_no_link_anywhere_in_the_course_folder(hostile):
    """Is there no symbolic link at all under submitted/, autograded/ and feedback/?"""
    links = [p for step in ("submitted", "autograded", "feedback") for p in (hostile.course / step).rglob("*")
             if p.is_symlink()]
    assert not links


def test_a_damaged_answers_file_keeps_what_can_be_read(hostile):
    """Does one bad byte lose only the record it sits in, and does the report name what was lost?"""
    text = problems(hostile, DAMAGED)
    assert "it is not valid JSON" in text and "2 records could still be read" in text
    assert "lost from the damaged file: Check 2: after the role-play" in text
    assert hostile.report.learners[DAMAGED].parts["mark-reading-the-case"] == 4


def test_forged_answers_are_reported_by_question_text(hostile):
    """Are hand-written correct flags, illegal plays and unknown records reported, by name?"""
    text = problems(hostile, FORGER)
    assert "Check 1: reading the case: hand-written 'correct' flags on 4 questions (4 disagreeing with the key)" in text
    assert "2 of 2 saved plays are not a legal play of the scenario" in text
    assert "records the assignment does not have, ignored: grade/override" in text


def test_an_oversized_reflection_is_reported_and_cut_where_shown(hostile):
    """Is a reflection over the limit reported, and shown cut (with a note) in the graded notebook and feedback?"""
    assert "over the limit of 20,000" in problems(hostile, OVERSIZE)
    page = page_text(hostile.course / "feedback" / OVERSIZE / ASSIGNMENT / f"{ASSIGNMENT}.html")
    assert "over the limit of 20,000; the first 20,000 are shown" in page and OVERSIZE_TAIL not in page
    graded = (hostile.course / "autograded" / OVERSIZE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert OVERSIZE_TAIL not in graded and len(graded) < 200_000


def test_the_honest_learner_has_no_problem(hostile):
    """Is the honest submission, graded beside all this, free of any reported problem?"""
    assert hostile.report.learners[HONEST].problems == []


def test_nothing_written_for_the_facilitator_or_learners_holds_a_key(hostile):
    """Do the feedback pages, the grades CSV and the report hold no key fragment or hidden-test line?"""
    secrets = key_fragments(ASSIGNMENT) + secret_lines(ASSIGNMENT)
    texts = [page_text(p) for p in (hostile.course / "feedback").rglob("*.html")]
    texts += [(hostile.course / f"grades-{ASSIGNMENT}.csv").read_text(), hostile.report.summary()]
    assert len(texts) == len(HOSTILE_SCORES) + 2
    assert not [s for s in secrets for t in texts if s in t]


def test_two_jobs_give_the_same_grades_as_one(hostile):
    """Does grading with --jobs 2 give the very same scores, statuses and problems as --jobs 1?"""
    def table(jobs):
        with open(hostile.courses[jobs] / f"grades-{ASSIGNMENT}.csv", newline="") as f:
            rows = list(csv.reader(f))
        course = str(hostile.courses[jobs])
        return [[cell.replace(course, "COURSE") for i, cell in enumerate(row) if i != 2] for row in rows]

    one, two = table(1), table(2)
    assert len(one) == len(HOSTILE_SCORES) + 2  # header, graded learners, the refused folder
    assert one == two
    assert os.path.getsize(hostile.courses[1] / "gradebook.db") > 0
