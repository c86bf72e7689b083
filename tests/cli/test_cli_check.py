"""Tests of the `coachlab` command line: check and import-twee."""
from pathlib import Path

import pytest

from coachlab import cli
from coachlab.content.errors import CourseDataError, Problem

FIXTURES = Path(__file__).parents[1] / "fixtures"
SCENARIOS = FIXTURES / "scenarios"


def test_clean_file_is_ok(capsys):
    """Does a clean file print an ok line and a summary, and exit 0?"""
    path = SCENARIOS / "minimal.yaml"
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}: ok", "1 file checked, 0 problems"]


def test_problem_is_printed_with_line_and_fix(capsys):
    """Is a problem printed as file:line: message with an indented fix, with exit status 1?"""
    path = SCENARIOS / "broken" / "unknown_target.yaml"
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}:34: choice 'wait' leads to unknown node 'god-end'",
                   "    fix: did you mean 'good-end'? Otherwise add a node 'god-end' under nodes",
                   "1 file checked, 1 problem"]


def test_directory_is_searched_recursively(capsys):
    """Does a directory argument check every .yaml file under it, and count files and problems?"""
    assert cli.main(["check", str(SCENARIOS)]) == 1
    out = capsys.readouterr().out
    n_files = len(list(SCENARIOS.rglob("*.yaml")))
    assert f"{SCENARIOS / 'minimal.yaml'}: ok" in out
    assert "several.yaml:26: choice 'tell' has no feedback" in out
    assert out.splitlines()[-1].startswith(f"{n_files} files checked, ")
    assert "Traceback" not in out


def test_yml_files_and_other_files_in_a_directory(tmp_path, capsys):
    """Are .yml files checked and other files in a directory left alone?"""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "minimal.yml").write_text((SCENARIOS / "minimal.yaml").read_text())
    (tmp_path / "notes.txt").write_text("not a scenario")
    assert cli.main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 file checked, 0 problems"


def test_broken_data_never_gives_a_traceback(tmp_path, capsys):
    """Do unreadable, empty, binary and odd YAML files give problems and exit 1, not a traceback?"""
    (tmp_path / "binary.yaml").write_bytes(b"\x00\xff\xfe garbage")
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "key.yaml").write_text("? [a, b]\n: c\n")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    assert cli.main(["check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert captured.out.splitlines()[-1].startswith("4 files checked, ")


def test_missing_path_is_a_problem(tmp_path, capsys):
    """Is a path that does not exist reported and counted as a problem?"""
    assert cli.main(["check", str(tmp_path / "nope.yaml")]) == 1
    out = capsys.readouterr().out
    assert "nope.yaml: no such file or directory" in out and "0 files checked, 1 problem" in out


def test_usage_error_returns_status(capsys):
    """Does a missing subcommand give argparse's usage status 2 instead of raising?"""
    assert cli.main([]) == 2
    assert "usage: coachlab" in capsys.readouterr().err


def test_import_twee_writes_a_checked_scenario(tmp_path, capsys):
    """Does import-twee write the YAML, print its path, and exit 0 when the result is clean?"""
    out = tmp_path / "stalled-migration.yaml"
    assert cli.main(["import-twee", str(FIXTURES / "twee" / "interview.twee"), "-o", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {out}"]
    assert cli.main(["check", str(out)]) == 0


def test_import_twee_problems_are_printed(tmp_path, capsys, monkeypatch):
    """Does a CourseDataError from the importer become printed problems and exit 1?"""
    import coachlab.scenario.twee as twee

    def broken(src, out=None, warnings=None):
        raise CourseDataError(Problem(str(src), 3, "link to missing passage 'Nowhere'", "add the passage"))

    monkeypatch.setattr(twee, "import_twee_file", broken)
    assert cli.main(["import-twee", str(tmp_path / "story.twee")]) == 1
    out = capsys.readouterr().out
    assert "story.twee:3: link to missing passage 'Nowhere'\n    fix: add the passage" in out


def test_import_twee_reports_rule_problems_in_the_result(tmp_path, capsys, monkeypatch):
    """Is a written scenario that breaks a rule reported after the path, with exit 1?"""
    import coachlab.scenario.twee as twee

    def writes_broken(src, out=None, warnings=None):
        out.write_text((SCENARIOS / "broken" / "unknown_speaker.yaml").read_text())
        return out

    monkeypatch.setattr(twee, "import_twee_file", writes_broken)
    out = tmp_path / "out.yaml"
    assert cli.main(["import-twee", str(tmp_path / "story.twee"), "-o", str(out)]) == 1
    assert f"{out}:17: line 1 of node 'start' is spoken by unknown character 'kim'" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["check", "import-twee"])
def test_every_command_has_help(command, capsys):
    """Does every subcommand answer --help with status 0?"""
    assert cli.main([command, "--help"]) == 0
    assert f"coachlab {command}" in capsys.readouterr().out
