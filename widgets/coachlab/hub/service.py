"""The debrief dashboard as a JupyterHub service: ``coachlab hub debrief-service``.

The hub starts this command as its ``debrief`` service, as the system user ``coachlab-debrief``
(a member of the facilitators' group, so it can read the cohort folder). It writes the dashboard
notebook of ``coachlab debrief --dashboard`` and hands over to ``jupyterhub-singleuser``, which
serves it with Voila behind the hub's OAuth: only holders of ``access:services!service=debrief``
(the facilitators' role) get in, and nothing listens without that login.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..debrief.dashboard import NOTEBOOK, write_notebook
from .settings import HubSettings

PROFILES = Path(__file__).parent / "profiles"


def assignments(settings: HubSettings) -> list[str]:
    """The course's graded assignments, as released (exercises/)."""
    folder = settings.course_root / "exercises"
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def run_dashboard(settings: HubSettings) -> int:
    """Write the dashboard notebook and replace this process with the single-user server serving it."""
    if "JUPYTERHUB_SERVICE_URL" not in os.environ:
        print("coachlab hub debrief-service is started by the hub (it needs the hub's service settings).",
              file=sys.stderr)
        return 2
    found = assignments(settings)
    folder = settings.debrief
    write_notebook(folder, settings.cohort, found[0] if found else "jerome_case")
    server = shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent)) or "jupyterhub-singleuser"
    argv = [server, f"--config={PROFILES / 'debrief.json'}", f"--ServerApp.root_dir={folder}",
            f"--ServerApp.default_url=/voila/render/{NOTEBOOK}"]
    os.chdir(folder)
    os.execv(server, argv)
    return 0  # not reached
