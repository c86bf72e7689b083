"""Start the course in JupyterLab on this machine, with defaults that need no configuration."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .store import data_folder


def course_folder() -> Path:
    """The `course/` folder of the checkout this package is installed from."""
    here = Path(__file__).resolve().parents[2] / "course"
    if not here.is_dir():
        raise SystemExit("Cannot find the course/ folder: run this from a clone of the Coaching Lab repository.")
    return here


def start_lab(port: int = 8888, open_browser: bool = True) -> int:
    """Run JupyterLab on 127.0.0.1 at the welcome notebook; returns its exit status."""
    from jupyterlab.labapp import LabApp

    folder = course_folder()
    print(f"Coaching Lab: the course is in {folder}")
    print(f"Your answers are saved in {data_folder()} (set COACHLAB_DATA to change this).")
    print("Open the address printed below (it holds a one-time key); stop with Ctrl+C.\n", flush=True)
    argv = [f"--ServerApp.root_dir={folder}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--ServerApp.open_browser={open_browser}",
            "--LabApp.default_url=/lab/tree/00_welcome.ipynb"]
    # Learners need none of nbgrader's facilitator tools here; left on, they log errors about the course root.
    argv += [f"--ServerApp.jpserver_extensions=nbgrader.server_extensions.{name}=False"
             for name in ("formgrader", "assignment_list", "course_list", "validate_assignment")]
    if os.geteuid() == 0:  # containers and Binder often run as root
        argv.append("--ServerApp.allow_root=True")
    LabApp.launch_instance(argv=argv)
    return 0


if __name__ == "__main__":
    sys.exit(start_lab())
