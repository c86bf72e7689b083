"""A learner's answers as a whole: the plan to keep, the export, and deleting all or one module's."""
import json
import subprocess
import sys
import zipfile
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coachlab.content.errors import CourseDataError
from coachlab.learner_data import course_lessons, delete_answers, export_answers, summary
from coachlab.store import AnswerStore

COURSE = Path(__file__).parents[2] / "course"
PLAN = {"goal": "Ask before I advise in every one-to-one", "reality": "I answer within a minute",
        "options": "Count to five; ask what they have tried", "will": "Monday: ask Noor what she has tried"}


@pytest.fixture
def answered(tmp_path):
    """A data folder with a baseline, a plan, ratings after, two reflections and the debris of crashes."""
    folder = tmp_path / "data"
    AnswerStore(folder / "00_welcome.json").put("self_assessment/baseline", {"ratings": {"icf-2": 2, "icf-6": 3}})
    AnswerStore(folder / "00_welcome.json").put("reflection/first-look", {"answers": {"description": "Jerome <b>won</b>"}})
    AnswerStore(folder / "05_my_plan.json").put("grow/my-plan", {"stages": PLAN})
    AnswerStore(folder / "05_my_plan.json").put("self_assessment/after", {"ratings": {"icf-2": 4, "icf-6": 3}})
    AnswerStore(folder / "02_jerome.json").put("reflection/jerome-gibbs", {"answers": {"feelings": "Unseen, then curious"}})
    (folder / "02_jerome.json.corrupt-20260101-000000").write_text("{broken")
    (folder / ".02_jerome.json.abc.tmp").write_text("{half")
    (folder / "notes-of-my-own.txt").write_text("not the course's")
    (folder / "course").mkdir()
    (folder / "course" / "00_welcome.ipynb").write_text("{}")
    return folder


class Text(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.parts, self.refs = [], []
        self.feed(html)

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]


def test_plan_to_keep_holds_plan_ratings_and_reflections(answered):
    """Does the summary show the learner's plan, before/after ratings, reflections and the date, escaped
    and self-contained (nothing loaded from elsewhere, print styles included)?"""
    page = summary(course_lessons(COURSE), answered, now=datetime(2026, 12, 2)).html
    text = " ".join(Text(page).parts)
    assert all(v in text for v in PLAN.values())
    assert "Made on 2 December 2026" in text and "Unseen, then curious" in text and "Jerome <b>won</b>" in text
    assert "<b>won</b>" not in page  # learner text is escaped
    assert "up 2" in text  # icf-2 went from 2 to 4, said in words as well as charted
    assert Text(page).refs == [] and "@media print" in page and "http" not in page.replace(
        "http://www.w3.org/2000/svg", "")


def test_export_zips_every_answers_file_and_the_summary(answered, tmp_path):
    """Does the export hold every module's answers file, the set-aside copy and the summary, and nothing else?"""
    out = tmp_path / "out" / "mine.zip"
    export_answers(out, COURSE, answered)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert names == {"answers/00_welcome.json", "answers/02_jerome.json", "answers/05_my_plan.json",
                         "answers/set-aside/02_jerome.json.corrupt-20260101-000000", "summary.html", "README.txt"}
        assert json.loads(z.read("answers/05_my_plan.json"))["records"]["grow/my-plan"]["value"]["stages"] == PLAN
    assert not list(out.parent.glob(".*.tmp"))


def test_delete_one_module_leaves_the_others(answered):
    """Does deleting Module 2 remove its file, lock, set-aside and temporary copies, and nothing else?"""
    gone = delete_answers("02_jerome", COURSE, answered)
    assert {p.name for p in gone} >= {"02_jerome.json", "02_jerome.json.corrupt-20260101-000000", ".02_jerome.json.abc.tmp"}
    assert not list(answered.glob("*02_jerome*"))
    assert (answered / "05_my_plan.json").is_file() and (answered / "00_welcome.json").is_file()


def test_delete_everything_leaves_nothing_of_the_course_and_nothing_else_touched(answered):
    """Does deleting everything remove every answers file and the JupyterLab copy, but never a file the
    course did not write (the data folder may be one the learner chose)?"""
    delete_answers(None, COURSE, answered)
    assert sorted(p.name for p in answered.iterdir()) == ["notes-of-my-own.txt"]


@pytest.mark.parametrize("name", ["../etc", "*", "02_jerome/..", ""])
def test_a_module_name_cannot_reach_other_files(answered, name):
    """Can --module name a path or a pattern? (It must not: nothing is deleted and the error says why.)"""
    with pytest.raises(CourseDataError):
        delete_answers(name, COURSE, answered)
    assert (answered / "02_jerome.json").is_file()


def _cli(*args, data: Path, stdin: str | None = None):
    env = {"COACHLAB_DATA": str(data), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "coachlab.cli", "answers", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli_delete_asks_first_and_export_writes_the_zip(answered, tmp_path):
    """From the command line: does delete refuse without confirmation, and do export and plan write files?"""
    refused = _cli("delete", data=answered, stdin="")
    assert refused.returncode == 1 and "--yes" in refused.stderr and (answered / "05_my_plan.json").is_file()
    out = tmp_path / "a.zip"
    assert _cli("export", "--out", str(out), data=answered).returncode == 0 and zipfile.is_zipfile(out)
    plan = tmp_path / "plan.html"
    assert _cli("plan", "--out", str(plan), data=answered).returncode == 0 and PLAN["will"] in plan.read_text()
    done = _cli("delete", "--module", "05_my_plan", "--yes", data=answered)
    assert done.returncode == 0 and not (answered / "05_my_plan.json").exists()
    assert (answered / "00_welcome.json").is_file()
