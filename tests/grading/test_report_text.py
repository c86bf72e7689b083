"""Is what a learner controls (folder names, link targets, record keys) shown to the facilitator as plain
text: no terminal escape sequence in the summary, no spreadsheet formula in the grades CSV?"""
import csv
from datetime import datetime

from coachlab.grading.report import Report, write_csv


def test_learner_text_cannot_drive_the_terminal_or_the_spreadsheet(tmp_path):
    report = Report("jerome_case", tmp_path)
    hostile = report.learner("=HYPERLINK(\"http://x\")")
    hostile.submitted, hostile.graded_now = True, False
    hostile.problems.append("-2+3 \x1b]0;owned\x07 extra files: \x1b[31mred")
    fine = report.learner("ana")
    fine.submitted, fine.in_gradebook, fine.score, fine.max_score = True, True, 9.0, 13.0
    fine.submitted_at = datetime(2026, 3, 14, 16, 2, 11)
    summary = report.summary()
    assert "\x1b" not in summary and "\x07" not in summary and "?]0;owned?" in summary
    write_csv(report, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="") as f:
        rows = {r["learner"]: r for r in csv.DictReader(f)}
    guarded = "'=HYPERLINK(\"http://x\")"
    assert guarded in rows and rows[guarded]["problems"].startswith("'-2+3 ?]0;owned?")
    assert rows["ana"]["submitted_at"] == "2026-03-14T16:02:11+00:00" and rows["ana"]["score"] == "9"
