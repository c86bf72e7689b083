"""The JupyterLab path: learners work in their own copy, the checkout is never written, updates keep edits."""
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coachlab.launch import HIDDEN_LAB_PLUGINS, learner_copy

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "course"


def test_copy_holds_every_notebook_and_data_file(tmp_path):
    """Does the copy hold the notebooks and their data, so `lesson("…")` finds its YAML beside them?"""
    assert learner_copy(COURSE, tmp_path / "c") == []
    for src in COURSE.rglob("*"):
        if src.is_file() and ".ipynb_checkpoints" not in src.parts:
            assert (tmp_path / "c" / src.relative_to(COURSE)).read_bytes() == src.read_bytes()


def test_update_sets_a_changed_copy_aside(tmp_path):
    """When the course changes a notebook the learner also changed, is theirs kept under another name?"""
    course, dest = tmp_path / "course", tmp_path / "copy"
    course.mkdir()
    (course / "a.ipynb").write_text("v1")
    (course / "b.ipynb").write_text("v1")
    learner_copy(course, dest)
    (dest / "a.ipynb").write_text("mine")       # the learner's edit, then a course update of both
    (course / "a.ipynb").write_text("v2")
    (course / "b.ipynb").write_text("v2")
    [note] = learner_copy(course, dest)
    assert "a.ipynb" in note
    [aside] = dest.glob("a.mine-*.ipynb")
    assert aside.read_text() == "mine" and (dest / "a.ipynb").read_text() == "v2"
    assert (dest / "b.ipynb").read_text() == "v2" and not list(dest.glob("b.mine-*"))
    (dest / "a.ipynb").write_text("mine again")  # an edit of the current version is kept as it is
    assert learner_copy(course, dest) == [] and (dest / "a.ipynb").read_text() == "mine again"


def test_symlinks_and_hidden_files_are_not_copied(tmp_path):
    """Can a link in course/ pull a file from elsewhere into the learner's copy? (It must not.)"""
    course = tmp_path / "course"
    course.mkdir()
    (tmp_path / "secret.yaml").write_text("key: 1")
    (course / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (course / ".hidden.yaml").write_text("x")
    learner_copy(course, tmp_path / "copy")
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == [".coachlab-course.json"]


def _tracked_state() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--", "course"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout


def _wait_for(url: str, headers: dict, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _every_file(folder: Path) -> dict[str, int]:
    """Every file below *folder*, ignored ones included (checkpoints), with its modification time."""
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_lab_saves_nothing_into_the_checkout(tmp_path):
    """Started as a learner would, does JupyterLab save into the learner's copy, never into course/,
    and does its page hide nbgrader's facilitator menus and the news pop-up?"""
    before, files_before = _tracked_state(), _every_file(COURSE)
    env = {**os.environ, "COACHLAB_DATA": str(tmp_path / "data"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    port = 18000 + os.getpid() % 1000
    proc = subprocess.Popen([sys.executable, "-m", "coachlab.cli", "lab", "--no-browser", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        token, deadline, seen = None, time.monotonic() + 60, []
        while token is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            seen.append(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/\S*token=([0-9a-f]+)", line)
            port, token = (int(m.group(1)), m.group(2)) if m else (port, None)
        assert token, "".join(seen)
        auth = {"Authorization": f"token {token}"}
        _wait_for(f"http://127.0.0.1:{port}/api/status", auth)
        nb = json.loads((COURSE / "00_welcome.ipynb").read_text())
        nb["cells"][0]["source"] = "# changed by the learner\n"
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/00_welcome.ipynb", method="PUT",
                                     data=json.dumps({"type": "notebook", "content": nb}).encode(),
                                     headers={**auth, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.status == 200
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/00_welcome.ipynb/checkpoints",
                                     method="POST", headers=auth)
        urllib.request.urlopen(req, timeout=30).close()
        copy = tmp_path / "data" / "course" / "00_welcome.ipynb"
        assert "changed by the learner" in copy.read_text()
        assert (tmp_path / "data" / "course" / ".ipynb_checkpoints" / "00_welcome-checkpoint.ipynb").is_file()
        assert _tracked_state() == before and _every_file(COURSE) == files_before
        with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/lab", headers=auth),
                                    timeout=30) as r:
            page = r.read().decode()
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        assert set(HIDDEN_LAB_PLUGINS) <= set(config["disabledExtensions"])
        assert "@jupyter/nbgrader:assignment-list" not in config["disabledExtensions"]  # learners fetch and submit
    finally:
        proc.terminate()
        proc.wait(timeout=30)
