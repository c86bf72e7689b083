"""Hostile files against `coachlab check` and `coachlab import-twee`: each exits 1 with a one-line
problem naming the file (and the line where there is one), a fix, and no traceback."""
import os
import random
import re
from pathlib import Path

import pytest
import yaml

from coachlab import cli

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINIMAL = (FIXTURES / "scenarios" / "minimal.yaml").read_text(encoding="utf-8")
STORY = (FIXTURES / "twee" / "interview.twee").read_text(encoding="utf-8")
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))

YAML_CASES = {
    "alias_bomb": (BOMB, 1, "anchor"),
    "alias_in_scenario": (MINIMAL.replace("summary:", "summary: &s") + "x: *s\n", None, "anchor"),
    "python_tag": (MINIMAL.replace("title: The stalled task", "title: !!python/object/apply:os.system [ls]"),
                   None, "!!python/object/apply:os.system"),
    "two_documents": (MINIMAL + "---\nid: again\n", None, "second YAML document"),
    "tab_indent": (MINIMAL.replace("\n  trust:", "\n\ttrust:", 1), None, "tab"),
    "deep_flow": ("id: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nest"),
    "deep_flow_below_libyaml_limit": ("id: " + "[" * 900 + "]" * 900 + "\n", 1, "nested"),
    "deep_block": "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n",
    "nul_bytes": (MINIMAL.replace("summary:", "summary: \x00"), None, "NUL"),
    "control_char": (MINIMAL.replace("summary:", "summary: \x07"), None, "U+0007"),
    "binary_junk": (bytes(random.Random(7).randrange(256) for _ in range(4000)), None, "UTF-8"),
    "utf16": ("id: x\n".encode("utf-16"), 1, "UTF-16"),
    "bom_inside": (MINIMAL.replace("summary:", "\ufeffsummary:"), 5, "U+FEFF"),
    "next_line_mark": (MINIMAL.replace("summary: Sam's", "summary: Sam\x85's"), 5, "U+0085"),
    "line_separator": (MINIMAL.replace("summary: Sam's", "summary: Sam\u2028's"), 5, "U+2028"),
    "enormous_line": ("id: minimal\ntitle: " + "x" * 3_000_000 + "\nsummary: [\n", None, "YAML"),
    "yes_as_text": (MINIMAL.replace("text: The task is stuck.", "text: no"), None, "quote it"),
    "number_as_text": (MINIMAL.replace("title: The stalled task", "title: 1.0"), None, "quote it"),
    "complex_key": ("? [a, b]\n: c\n", 1, "key"),
    "list_top": ("- a\n- b\n", 1, "mapping"),
    "only_comment": ("# nothing here\n", None, "empty"),
    "merge_key": ("id: minimal\n<<: {title: x}\n", None, "'<<'"),
}


def run(capsys, *args) -> tuple[int, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "Traceback" not in out and "bug in coachlab" not in out, out[:2000]
    return code, out


def problem_lines(out: str) -> list[str]:
    return [x for x in out.splitlines()
            if x and not x.startswith((" ", "wrote ")) and not re.match(r"\d+ files? checked", x)]


@pytest.mark.parametrize("name", YAML_CASES)
def test_hostile_yaml_is_refused_with_file_line_and_fix(tmp_path, capsys, name):
    """Does check exit 1 naming the file, the line (where there is one) and a fix?"""
    case = YAML_CASES[name]
    content, line, fragment = case if isinstance(case, tuple) else (case, None, "")
    path = tmp_path / "minimal.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out = run(capsys, "check", str(path))
    assert code == 1
    lines = problem_lines(out)
    assert lines and all(x.startswith(str(path)) for x in lines), out[:2000]
    assert "    fix: " in out
    assert fragment.lower() in out.lower(), out[:2000]
    if line is not None:
        assert lines[0].startswith(f"{path}:{line}: ")


def test_huge_file_is_refused_before_reading(tmp_path, capsys):
    """Is a file over the size limit refused at once, naming the limit?"""
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:
        f.truncate(40 * 2**20)  # sparse: no disk is used
    code, out = run(capsys, "check", str(path))
    assert code == 1 and f"{path}: the file is 40.0 MB" in out


def _wrong_types(data, at=()):
    """Every path into *data*, to put a wrong type there."""
    yield at
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _wrong_types(v, at + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _wrong_types(v, at + (i,))


def test_wrong_types_everywhere_in_the_schema(tmp_path, capsys):
    """Does a wrong type at any place of a scenario give problems naming the file, never a crash?"""
    data = yaml.safe_load(MINIMAL)
    paths = list(_wrong_types(data))[1:]
    for n, at in enumerate(paths):
        wrong = [[1], {"k": [2]}, True, None, 7][n % 5]
        copy = yaml.safe_load(MINIMAL)
        parent = copy
        for part in at[:-1]:
            parent = parent[part]
        parent[at[-1]] = wrong
        path = tmp_path / "minimal.yaml"
        path.write_text(yaml.safe_dump(copy), encoding="utf-8")
        code, out = run(capsys, "check", str(path))
        lines = problem_lines(out)
        assert all(x.startswith(str(path)) for x in lines), (at, out)
        assert code == (1 if lines else 0), (at, out)


TWEE_CASES = {
    "alias_bomb_in_coachlab": STORY.replace("id: stalled-migration",
                                            "id: stalled-migration\n" + BOMB.replace("\n", "\nx")[:-1]),
    "deep_json_header": STORY.replace(":: Start", ':: Start {"a":' + "[" * 100000 + "]" * 100000 + "}", 1),
    "deep_story_data": STORY.replace(":: StoryData\n", ":: StoryData\n" + "[" * 100000 + "]" * 100000 + "\n", 1),
    "brackets_line": STORY.replace("Sam asks", "[[" * 200000 + " Sam asks", 1),
    "binary": bytes(random.Random(3).randrange(256) for _ in range(5000)),
    "nul": STORY.replace("Sam asks", "Sam\x00 asks"),
    "python_tag_in_coachlab": STORY.replace("id: stalled-migration", "id: !!python/name:os.system ''"),
    "tab_in_coachlab": STORY.replace("\nobjectives:", "\n\tobjectives:", 1),
    "empty": "",
}


@pytest.mark.parametrize("name", TWEE_CASES)
def test_hostile_twee_is_refused_with_file_and_fix(tmp_path, capsys, name):
    """Does import-twee exit 1 naming the .twee file and a fix, and write nothing?"""
    src = tmp_path / "story.twee"
    content = TWEE_CASES[name]
    src.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out = run(capsys, "import-twee", str(src), "-o", str(tmp_path / "story.yaml"))
    assert code == 1 and not (tmp_path / "story.yaml").exists()
    lines = problem_lines(out)
    assert lines and all(x.startswith(str(src)) for x in lines if not x.startswith(f"{src}: warning")), out[:2000]
    assert "    fix: " in out


def test_yaml_slip_in_the_coachlab_passage_is_at_its_own_line(tmp_path, capsys):
    """Is a YAML error inside the CoachLab passage reported at its line in the .twee file?"""
    text = STORY.replace("\nobjectives:", "\nobjectives: [unclosed\nx:", 1)
    src = tmp_path / "story.twee"
    src.write_text(text, encoding="utf-8")
    code, out = run(capsys, "import-twee", str(src))
    expected = text[:text.index("x:\n")].count("\n") + 1
    assert code == 1 and re.search(rf"{re.escape(str(src))}:{expected}: CoachLab passage: YAML syntax error", out), out


# --- the file system --------------------------------------------------------------------------

def test_check_file_system_cases(tmp_path, capsys):
    """A missing path, a symlink loop and an empty folder: each one line naming it, exit 1."""
    loop = tmp_path / "loop.yaml"
    os.symlink(loop, loop)
    empty = tmp_path / "empty"
    empty.mkdir()
    for target, fragment in [(tmp_path / "nope.yaml", "no such file"), (loop, "symbolic link"),
                             (empty, "no .yaml or .yml files found")]:
        code, out = run(capsys, "check", str(target))
        assert code == 1 and out.startswith(f"{target}: ") and fragment in out, out


def test_a_pipe_is_refused_not_read(tmp_path, capsys):
    """Would reading a FIFO block for ever? It is named as not a regular file, in a folder too."""
    fifo = tmp_path / "minimal.yaml"
    os.mkfifo(fifo)
    for command in (["check", str(tmp_path)], ["import-twee", str(fifo)], ["preview", str(fifo)]):
        code, out = run(capsys, *command)
        assert code == 1 and f"{fifo}: is not a regular file" in out, out


def test_check_follows_no_symlink_loop_in_a_folder(tmp_path, capsys):
    """Does a folder holding a link to itself and a dangling .yaml link still finish, naming the link?"""
    (tmp_path / "minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "again")
    os.symlink(tmp_path / "gone.yaml", tmp_path / "dangling.yaml")
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 1 and f"{tmp_path / 'dangling.yaml'}: file not found" in out and "2 files checked" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path, capsys):
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL)
    path.chmod(0)
    code, out = run(capsys, "check", str(path))
    assert code == 1 and "permission denied" in out


def test_import_twee_file_system_cases(tmp_path, capsys):
    """Directory as source, -o to a folder, to a missing folder and onto the source: refused, one line each."""
    src = tmp_path / "story.twee"
    src.write_text(STORY, encoding="utf-8")
    loop = tmp_path / "loop.twee"
    os.symlink(loop, loop)
    cases = [([str(tmp_path)], str(tmp_path), "is a folder"),
             ([str(loop)], str(loop), "symbolic link"),
             ([str(tmp_path / "none.twee")], str(tmp_path / "none.twee"), "file not found"),
             ([str(src), "-o", str(tmp_path)], str(tmp_path), "is a folder"),
             ([str(src), "-o", str(tmp_path / "no" / "x.yaml")], str(tmp_path / "no" / "x.yaml"), "does not exist"),
             ([str(src), "-o", str(src)], str(src), "overwrite the Twee source")]
    for args, named, fragment in cases:
        code, out = run(capsys, "import-twee", *args)
        assert code == 1 and out.startswith(f"{named}: ") and fragment in out, (args, out)
    assert src.read_text(encoding="utf-8") == STORY
