"""`coachlab debrief ASSIGNMENT --course-dir DIR --out FILE [--names]`."""
from debrieftools import ASSIGNMENT, NAMES, table

from coachlab.cli import main


def test_cli_writes_the_report(course, tmp_path, capsys):
    """Does the command exit 0, write the report, and print the counts?"""
    out = tmp_path / "out" / "report.html"
    assert main(["debrief", ASSIGNMENT, "--course-dir", str(course), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert table(page, "Endings reached in")[-1] == ["no ending reached", "3 of 7 (43%)"]
    assert not any(last in page for _, last in NAMES.values())
    printed = capsys.readouterr().out
    assert f"Wrote {out}: 8 learners, 7 submitted, 1 not submitted, 4 problems (anonymous codes)" in printed


def test_cli_names(course, tmp_path):
    """With --names, does the written report show the learners' names?"""
    out = tmp_path / "named.html"
    assert main(["debrief", ASSIGNMENT, "--course-dir", str(course), "--out", str(out), "--names"]) == 0
    assert "Ana Kowzelmann" in out.read_text(encoding="utf-8")


def test_cli_codes_stable_between_runs(course, tmp_path):
    """Are the anonymous codes the same in two runs (the salt is kept in the course folder)?"""
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    main(["debrief", ASSIGNMENT, "--course-dir", str(course), "--out", str(a)])
    main(["debrief", ASSIGNMENT, "--course-dir", str(course), "--out", str(b)])
    codes = [[r[0] for r in table(p.read_text(), "One row per learner")] for p in (a, b)]
    assert codes[0] == codes[1] and len(set(codes[0])) == 8


def test_cli_unknown_assignment(course, tmp_path, capsys):
    """Does an unknown assignment exit 1 with the assignments to choose from, writing nothing?"""
    out = tmp_path / "x.html"
    assert main(["debrief", "no_such_case", "--course-dir", str(course), "--out", str(out)]) == 1
    assert "no assignment 'no_such_case'" in capsys.readouterr().out
    assert not out.exists()


def test_cli_missing_course_folder(tmp_path, capsys):
    """Does a course folder that does not exist exit 1 with a hint?"""
    assert main(["debrief", ASSIGNMENT, "--course-dir", str(tmp_path / "nope")]) == 1
    assert "no such course folder" in capsys.readouterr().out
