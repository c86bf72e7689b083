"""Start the course in JupyterLab on this machine, with defaults that need no configuration.

The learner works in a copy of the course notebooks inside their own answers folder, never in the
checkout: JupyterLab's autosave and checkpoints then change no tracked file, and an update of the
course reaches the copy on the next start without losing what the learner changed (their own version
is set aside under another name, never overwritten).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from .store import data_folder

# Learners need none of nbgrader's facilitator tools in a workshop's JupyterLab, and no pop-up asking
# to fetch news from the internet (the course works offline).
HIDDEN_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:validate-assignment",
                      "@jupyter/nbgrader:menu", "@jupyterlab/apputils-extension:announcements")
COPY_SUFFIXES = (".ipynb", ".yaml", ".yml", ".png", ".svg", ".jpg", ".jpeg", ".gif")
STAMP = ".coachlab-course.json"


def course_folder() -> Path:
    """The `course/` folder of the checkout this package is installed from."""
    here = Path(__file__).resolve().parents[2] / "course"
    if not here.is_dir():
        raise SystemExit("Cannot find the course/ folder: run this from a clone of the Coaching Lab repository.")
    return here


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def learner_copy(course: Path, dest: Path) -> list[str]:
    """Bring *dest* up to date with *course*; returns notes on learner files set aside.

    A file is copied when it is missing or when the course's version changed since the last copy. A
    copy the learner changed is renamed ``NAME.mine-YYYYMMDD-HHMMSS.EXT`` first, and named in a note.
    """
    dest.mkdir(parents=True, exist_ok=True)
    try:
        shipped = json.loads((dest / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        shipped = {}
    notes: list[str] = []
    for src in sorted(course.rglob("*")):
        rel = src.relative_to(course)
        if (not src.is_file() or src.is_symlink() or src.suffix.lower() not in COPY_SUFFIXES
                or any(part.startswith(".") for part in rel.parts)):
            continue
        target, want = dest / rel, _digest(src)
        if target.is_file():
            have = _digest(target)
            if have == want or shipped.get(str(rel)) == want:
                shipped[str(rel)] = want
                continue  # up to date, or the learner's own edit of the current version: keep it
            if have != shipped.get(str(rel)):
                aside = target.with_name(f"{target.stem}.mine-{datetime.now():%Y%m%d-%H%M%S}{target.suffix}")
                target.rename(aside)
                notes.append(f"The course updated {rel}; your changed copy is kept as {aside.name}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        shipped[str(rel)] = want
    (dest / STAMP).write_text(json.dumps(shipped, indent=1, sort_keys=True), "utf-8")
    return notes


def lab_config_dir(dest: Path) -> Path:
    """A Jupyter config folder whose page config hides the facilitator tools and the news pop-up."""
    labconfig = dest / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    page = {"disabledExtensions": dict.fromkeys(HIDDEN_LAB_PLUGINS, True)}
    (labconfig / "page_config.json").write_text(json.dumps(page, indent=1), "utf-8")
    return dest


def start_lab(port: int = 8888, open_browser: bool = True) -> int:
    """Run JupyterLab on 127.0.0.1 at the welcome notebook; returns its exit status."""
    from jupyterlab.labapp import LabApp

    home = data_folder()
    folder = home / "course"
    for note in learner_copy(course_folder(), folder):
        print(note)
    config = lab_config_dir(home / "jupyter-config")
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(config), *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))])
    print(f"Coaching Lab: your copy of the course is in {folder}")
    print(f"Your answers are saved in {home} (set COACHLAB_DATA to change this).")
    print("Open the address printed below (it holds a one-time key); stop with Ctrl+C.\n", flush=True)
    argv = [f"--ServerApp.root_dir={folder}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--ServerApp.open_browser={open_browser}",
            "--LabApp.default_url=/lab/tree/00_welcome.ipynb"]
    # Left on, nbgrader's server extensions log errors about a course root that is not there.
    argv += [f"--ServerApp.jpserver_extensions=nbgrader.server_extensions.{name}=False"
             for name in ("formgrader", "assignment_list", "course_list", "validate_assignment")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and Binder often run as root
        argv.append("--ServerApp.allow_root=True")
    LabApp.launch_instance(argv=argv)
    return 0


if __name__ == "__main__":
    sys.exit(start_lab())
