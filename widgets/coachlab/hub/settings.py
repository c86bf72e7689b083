"""Where the hub's parts live on one machine, and the names of its groups: one place for the install
script, ``coachlab hub``, ``jupyterhub_config.py`` and the tests. Each can be moved with an environment
variable (the tests use that to build a throwaway hub)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HubSettings:
    """Paths and names of a Coaching Lab hub."""

    prefix: Path = Path("/opt/coachlab-hub")  # software, read-only for all: venv, proxy, the course
    srv: Path = Path("/srv/coachlab-hub")      # data: hub state (0700), exchange, cohort (facilitators)
    learners_group: str = "coachlab-learners"
    facilitators_group: str = "facilitators"
    ip: str = "127.0.0.1"
    port: int = 8000
    cull_timeout: int = 3600  # seconds a server may stay idle before the culler stops it

    @classmethod
    def from_env(cls) -> HubSettings:
        """The defaults, each replaced by its ``COACHLAB_HUB_*`` environment variable when set."""
        e = os.environ.get
        d = cls()
        return cls(prefix=Path(e("COACHLAB_HUB_PREFIX", str(d.prefix))), srv=Path(e("COACHLAB_HUB_SRV", str(d.srv))),
                   learners_group=e("COACHLAB_HUB_LEARNERS", d.learners_group),
                   facilitators_group=e("COACHLAB_HUB_FACILITATORS", d.facilitators_group),
                   ip=e("COACHLAB_HUB_IP", d.ip), port=int(e("COACHLAB_HUB_PORT", str(d.port))),
                   cull_timeout=int(e("COACHLAB_HUB_CULL_TIMEOUT", str(d.cull_timeout))))

    @property
    def venv(self) -> Path:
        return self.prefix / "venv"

    @property
    def course_root(self) -> Path:
        """The installed course: course/ and exercises/ for all, solutions/ for facilitators only."""
        return self.prefix / "course-root"

    @property
    def proxy(self) -> Path:
        return self.prefix / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def state(self) -> Path:
        """The hub's database, cookie secret and proxy token: root only (0700)."""
        return self.srv / "state"

    @property
    def exchange(self) -> Path:
        return self.srv / "exchange"

    @property
    def cohort(self) -> Path:
        """The facilitators' course folder: gradebook, submissions, feedback, grades (root:facilitators)."""
        return self.srv / "cohort"

    @property
    def debrief(self) -> Path:
        """The debrief dashboard's folder (root:facilitators)."""
        return self.srv / "debrief"

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}/"
