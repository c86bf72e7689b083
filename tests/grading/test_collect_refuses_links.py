"""Does collecting from nbgrader's exchange, whose inbound folder every learner can write, refuse every
symbolic link: a relative link to another learner's answers, absolute links to system files and
folders, and a submission folder that is itself a link? (Collect only: no kernel runs here.)"""
import shutil
from datetime import datetime, UTC

import pytest
from gradingtools import ASSIGNMENT, EXERCISES, SOLUTIONS, keys, new_course, work

from coachlab.grading.coursefolder import open_course
from coachlab.grading.pipeline import _api, _gather
from coachlab.grading.report import Report

HONEST, RELATIVE, ABSOLUTE, WHOLE = "uma", "vic", "wes", "xia"


def inbound_folder(inbound, learner: str, n: int):
    stamp = datetime(2026, 1, 5, 9, 0, n, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    folder = inbound / f"{learner}+{ASSIGNMENT}+{stamp}+abc{n}"
    return folder, stamp


@pytest.fixture(scope="module")
def collected(tmp_path_factory, db_template):
    root = tmp_path_factory.mktemp("collect")
    exchange = root / "exchange"
    inbound = exchange / "coachlab" / "inbound"
    inbound.mkdir(parents=True)
    course_dir = new_course(root / "course", SOLUTIONS, EXERCISES, db_template,
                            extra=f"c.Exchange.root = {str(exchange)!r}")
    folders = {}
    for n, learner in enumerate([HONEST, RELATIVE, ABSOLUTE]):
        folder, stamp = inbound_folder(inbound, learner, n)
        shutil.copytree(EXERCISES / ASSIGNMENT, folder)
        (folder / "timestamp.txt").write_text(stamp)
        folders[learner] = folder
    work(folders[HONEST], ASSIGNMENT, checks=keys(ASSIGNMENT), reflection={"analysis": "Uma's own words."})
    (folders[RELATIVE] / "coachlab_answers.json").symlink_to(f"../{folders[HONEST].name}/coachlab_answers.json")
    (folders[ABSOLUTE] / "coachlab_answers.json").symlink_to("/etc/passwd")
    (folders[ABSOLUTE] / "etc").symlink_to("/etc")
    whole, _ = inbound_folder(inbound, WHOLE, 3)
    whole.symlink_to(folders[HONEST], target_is_directory=True)

    course = open_course(course_dir)
    report = Report(ASSIGNMENT, course.root)
    _gather(course, _api(course), ASSIGNMENT, None, report)
    return course_dir, report


def problems(report, learner):
    return " | ".join(report.learners[learner].problems)


def test_the_honest_submission_is_collected_whole(collected):
    course, report = collected
    assert (course / "submitted" / HONEST / ASSIGNMENT / "coachlab_answers.json").is_file()
    assert not report.learners.get(HONEST) or not report.learners[HONEST].problems


def test_a_relative_link_to_another_learners_answers_is_not_collected(collected):
    """Is the link reported, and is the other learner's file nowhere in this learner's submission?"""
    course, report = collected
    assert "coachlab_answers.json -> ../uma+jerome_case" in problems(report, RELATIVE)
    folder = course / "submitted" / RELATIVE / ASSIGNMENT
    assert folder.is_dir() and not (folder / "coachlab_answers.json").exists()


def test_absolute_links_to_system_files_are_not_collected(collected):
    """Are the links to /etc/passwd and /etc reported, and nothing of them copied?"""
    course, report = collected
    text = problems(report, ABSOLUTE)
    assert "coachlab_answers.json -> /etc/passwd" in text and "etc -> /etc" in text
    folder = course / "submitted" / ABSOLUTE / ASSIGNMENT
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (EXERCISES / ASSIGNMENT).iterdir()) + [
        "timestamp.txt"]


def test_a_linked_submission_folder_is_refused(collected):
    """Is a submission folder that is a link refused, reported, and the learner counted as not graded?"""
    course, report = collected
    assert "(the whole submission) ->" in problems(report, WHOLE)
    assert not (course / "submitted" / WHOLE / ASSIGNMENT).exists()
    assert report.learners[WHOLE].status == "not graded"


def test_no_link_and_no_system_file_in_submitted(collected):
    course, _ = collected
    for path in (course / "submitted").rglob("*"):
        assert not path.is_symlink(), path
        assert not path.is_file() or b"root:" not in path.read_bytes(), path
