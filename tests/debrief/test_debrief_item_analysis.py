"""Item analysis of the knowledge checks: share right per question and the wrong option chosen most."""
import shutil

from debrieftools import ASSIGNMENT, REPO, SALT, build_cohort, table

from coachlab.debrief.reader import read_cohort
from coachlab.debrief.report import render


def test_share_right_and_most_chosen_wrong(report):
    """Does the report say 2 of 5 got 'same-pattern' right, and that 2 chose 'networking' instead?"""
    rows = {r[0]: r for r in table(report, "Check 1: reading the case: answers per question")}
    question, answered, right, wrong, per_option = rows["same-pattern"]
    assert (answered, right, wrong) == ("5", "2 of 5 (40%)", "She lacks networking ability (2)")
    assert "Her department has too much psychological safety: 1" in per_option
    assert rows["reading-people"][1:3] == ["4", "4 of 4 (100%)"]


def test_without_the_key_only_what_the_gradebook_tells(tmp_path):
    """Without solutions/, is right/wrong taken only from all-or-nothing gradebook scores, else 'not known'?"""
    release = tmp_path / "exercises"
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, release / ASSIGNMENT)
    root = build_cohort(tmp_path / "course", config=False)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.source_directory = {str(tmp_path / 'nowhere')!r}\n"
        f"c.CourseDirectory.release_directory = {str(release)!r}\n", encoding="utf-8")
    cohort = read_cohort(root, ASSIGNMENT, salt=SALT)
    assert any("no answer key" in n for n in cohort.notes)
    rows = {r[0]: r for r in table(render(cohort), "Check 2: after the role-play")}
    # every learner has full marks (3 of 3) on the debrief check in the gradebook: all known right
    assert rows["sbi-opening"][2] == "4 of 4 (100%)"
    rows = {r[0]: r for r in table(render(cohort), "Check 1: reading the case")}
    # 1 point of 4 on the first check: which question was right is not known
    assert rows["same-pattern"][2] == "not known"
