"""Does ``coachlab grade`` take a folder of submissions through grading on its own, print a summary
and a progress bar, and stop with a clear message (and nothing written) on bad input?"""
import csv
import shutil

import pytest
from gradingtools import EXERCISES, REPO, keys, work, wrong

from coachlab.cli import main

NAME = "career_interview"
ROLEPLAY_TITLE = "The annual career interview: ask or tell?"


@pytest.fixture(scope="module")
def run(tmp_path_factory, db_template):
    """Two learners' folders (answered through the widgets), graded by the command in a fresh course folder."""
    root = tmp_path_factory.mktemp("cli")
    subs = root / "from-lms"
    for learner, answers in [("noor", keys(NAME)), ("otto", wrong(NAME))]:
        shutil.copytree(EXERCISES / NAME, subs / learner)  # files directly in the learner's folder
        work(subs / learner, NAME, checks=answers, play="manager" if learner == "noor" else None,
             reflection={"person": f"{learner} plans a conversation with an engineer in the team."})
    (subs / "bad name").mkdir()
    course = root / "cohort"
    course.mkdir()
    shutil.copy(db_template, course / "gradebook.db")
    return root, course, subs


@pytest.fixture(scope="module")
def output(run):
    root, course, subs = run
    capture = pytest.MonkeyPatch()
    import io
    import sys
    out, err = io.StringIO(), io.StringIO()
    capture.setattr(sys, "stdout", out)
    capture.setattr(sys, "stderr", err)
    try:
        status = main(["grade", NAME, "--course-dir", str(course), "--from-folder", str(subs)])
    finally:
        capture.undo()
    return status, out.getvalue(), err.getvalue()


def test_command_grades_the_folder_and_prints_a_summary(run, output):
    """Does the command grade and summarise: 2 graded, 2 needing manual grading, and the badly named folder
    not graded, which makes it exit with the documented status 3?"""
    status, out, _ = output
    assert status == 3
    assert "submitted                3" in out and "graded                   2" in out
    assert "not graded               1  (bad name)" in out
    assert "needing manual grading   2  (noor, otto)" in out


def test_command_writes_the_grades_csv(run, output):
    """Does the CSV give the right answers 9 automatic points and the wrong ones 0?"""
    _, course, _ = run
    with open(course / f"grades-{NAME}.csv", newline="") as f:
        rows = {r["learner"]: r for r in csv.DictReader(f)}
    assert rows["noor"]["score"] == "9" and rows["otto"]["score"] == "0"
    assert rows["noor"][f"Role-play: {ROLEPLAY_TITLE} (/2)"] == "2"


def test_command_reports_a_folder_it_cannot_take(output):
    """Is a learner folder whose name nbgrader cannot use reported, by name, with the fix?"""
    assert "bad name: " in output[1] and "rename the folder" in output[1]


def test_command_shows_progress_on_stderr(output):
    """Does the progress bar reach 4/4 (two autogrades, two feedback pages) on stderr?"""
    assert f"Grading {NAME} [########################] 4/4" in output[2]


def test_first_run_writes_a_course_config_pointing_at_the_course(run, output):
    """Does the first run leave an nbgrader_config.py that names this repository's solutions and exercises?"""
    text = (run[1] / "nbgrader_config.py").read_text()
    assert repr(str(REPO / "solutions")) in text and repr(str(REPO / "exercises")) in text


def test_unknown_assignment_is_a_clear_error(tmp_path, capsys):
    """Does an unknown assignment exit 1 with the assignments there are?"""
    assert main(["grade", "jerome", "--course-dir", str(tmp_path / "c")]) == 1
    out = capsys.readouterr().out
    assert "no assignment 'jerome'" in out and "career_interview, jerome_case" in out


def test_course_folder_inside_the_repository_is_refused(capsys):
    """Is a course folder inside the repository refused, before anything is written there?"""
    inside = REPO / "cohort-that-must-not-exist"
    assert main(["grade", NAME, "--course-dir", str(inside)]) == 1
    assert "inside the Coaching Lab repository" in capsys.readouterr().out
    assert not inside.exists()


def test_bad_due_date_is_a_clear_error(tmp_path, db_template, capsys):
    """Does an unreadable --due exit 1, naming the value and the format to use?"""
    (tmp_path / "c").mkdir()
    shutil.copy(db_template, tmp_path / "c" / "gradebook.db")
    assert main(["grade", NAME, "--course-dir", str(tmp_path / "c"), "--due", "end of March"]) == 1
    assert "'end of March' is not a date and time" in capsys.readouterr().out


def test_machine_wide_nbgrader_settings_are_read(tmp_path, monkeypatch):
    """Does grading see the exchange a JupyterHub sets for every user, with the course folder's own
    settings taking precedence?"""
    from coachlab.grading.coursefolder import open_course

    site = tmp_path / "jupyter-config"
    site.mkdir()
    (site / "nbgrader_config.py").write_text('c = get_config()\nc.Exchange.root = "/srv/nbgrader/exchange"\n'
                                             'c.CourseDirectory.course_id = "other"\n')
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(site))
    course = open_course(tmp_path / "cohort")
    assert course.config.Exchange.root == "/srv/nbgrader/exchange"
    assert course.course_id == "coachlab"  # the course folder's own setting wins


def test_the_pipeline_loads_no_widgets(tmp_path):
    """Does the facilitator's side (pipeline, checks of submissions) run without importing ipywidgets?"""
    import subprocess
    import sys

    shutil.copytree(EXERCISES / NAME, tmp_path / "kim")
    script = ("import sys\nfrom pathlib import Path\nfrom coachlab.grading import pipeline, report, submissions\n"
              f"submissions.inspect('kim', Path({str(tmp_path / 'kim')!r}), Path({str(EXERCISES / NAME)!r}))\n"
              "print('ipywidgets' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
