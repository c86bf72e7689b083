"""A real Coaching Lab JupyterHub on 127.0.0.1, for the hub tests and benchmarks/hub.py: installed by
deploy/jupyterhub/install.sh into a throwaway prefix, its people created as system users by
`coachlab hub add-users`, and everything removed afterwards, even on failure: the hub and every
process it started, the users, their homes, the groups, the prefix and data folders, and the debrief
service's account if this run created it. Set COACHLAB_HUB_TEST_PREFIX to an existing install to
reuse its venv and proxy (faster while developing).
"""
from __future__ import annotations

import csv
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hubtools import HubUser, wait_until

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "jupyterhub"


def unusable() -> str | None:
    """Why a real hub cannot run here, or None."""
    if os.geteuid() != 0:
        return "the hub tests create system users: run them as root"
    if not shutil.which("npm"):
        return "the hub's proxy comes from npm: install npm"
    if subprocess.run(["/usr/bin/python3", "-c", "import venv, ensurepip"], capture_output=True).returncode:
        return "/usr/bin/python3 with venv is needed (apt-get install python3-venv)"
    return None


def free_ports(n: int) -> int:
    """A first port such that it and the n-1 after it are free on 127.0.0.1."""
    for _ in range(200):
        first = 20000 + secrets.randbelow(30000)
        socks = []
        try:
            for port in range(first, first + n):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


class Hub:
    """The running hub: its settings, people and passwords, and how to reach it."""

    def __init__(self, root: Path, prefix: Path, suffix: str, learners: int, cull_timeout: int):
        self.root, self.prefix, self.srv = root, prefix, root / "srv"
        self.suffix = suffix
        self.learners = [f"l{suffix}-{i}" for i in range(1, learners + 1)]
        self.facilitator = f"f{suffix}-fac"
        self.port = free_ports(4)
        self.env = {**os.environ, "COACHLAB_HUB_PREFIX": str(prefix), "COACHLAB_HUB_SRV": str(self.srv),
                    "COACHLAB_HUB_LEARNERS": f"c{suffix}-learners", "COACHLAB_HUB_FACILITATORS": f"c{suffix}-fac",
                    "COACHLAB_HUB_PORT": str(self.port), "COACHLAB_HUB_CULL_TIMEOUT": str(cull_timeout)}
        self.url = f"http://127.0.0.1:{self.port}"
        self.roster = root / "roster.csv"
        self.passwords: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        self.log = root / "hub.log"

    @property
    def course_root(self) -> Path:
        return self.prefix / "course-root"

    @property
    def cohort(self) -> Path:
        return self.srv / "cohort"

    def coachlab(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.prefix / "venv" / "bin" / "coachlab"), *args], env=self.env, text=True,
                              capture_output=True, check=check, timeout=120)

    def user(self, name: str) -> HubUser:
        return HubUser(self.url, name, self.passwords[name])

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    def start(self) -> None:
        with open(self.log, "w") as log:
            self.process = subprocess.Popen([str(DEPLOY / "run-hub.sh")], env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

        def up():
            if self.process.poll() is not None:
                raise AssertionError(f"the hub stopped:\n{self.log.read_text()[-3000:]}")
            try:
                import requests
                return requests.get(self.url + "/hub/login", timeout=5).status_code == 200
            except OSError:
                return False
        wait_until(up, 120, "the hub answering its login page")

    def stop(self) -> None:
        """Stop the hub, its proxy, services and servers. JupyterHub alone takes about a minute (it stops
        each service with SIGINT, then SIGTERM, 10 s apart), so every process it started gets SIGTERM too."""
        if not self.process or self.process.poll() is not None:
            return
        import psutil

        family = psutil.Process(self.process.pid).children(recursive=True)
        for p in [psutil.Process(self.process.pid), *family]:
            try:
                p.terminate()
            except psutil.NoSuchProcess:
                pass
        _, alive = psutil.wait_procs(family, timeout=30)
        for p in alive:
            p.kill()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def existing_groups() -> set[str]:
    return {line.split(":")[0] for line in Path("/etc/group").read_text().splitlines() if line}


@contextmanager
def running_hub(learners: int, cull_timeout: int = 3600) -> Iterator[Hub]:
    """A hub with *learners* learners and one facilitator, removed with all it made on leaving."""
    suffix = secrets.token_hex(2)
    root = Path(tempfile.mkdtemp(prefix=f"coachlab-hub-test-{suffix}-"))
    root.chmod(0o755)  # the venv inside must be readable by the learners
    reuse = os.environ.get("COACHLAB_HUB_TEST_PREFIX")
    prefix = Path(reuse) if reuse else root / "opt"
    debrief_user_existed = _exists("coachlab-debrief")
    groups_before = existing_groups()
    h = Hub(root, prefix, suffix, learners, cull_timeout)
    try:
        installed = subprocess.run([str(DEPLOY / "install.sh")], env=h.env, text=True, capture_output=True,
                                   timeout=900)
        assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-3000:]
        h.install_output = installed.stdout
        h.roster.write_text("username,role,name\n" + "".join(f"{n},learner,Learner {i}\n"
                                                             for i, n in enumerate(h.learners, 1))
                            + f"{h.facilitator},facilitator,Fay Facilitator\n")
        added = h.coachlab("hub", "add-users", str(h.roster))
        h.add_output = added.stdout
        with open(h.root / "roster-passwords.csv") as f:
            h.passwords = {r["username"]: r["password"] for r in csv.DictReader(f)}
        h.start()
        yield h
    finally:
        h.stop()
        for name in [*h.learners, h.facilitator]:
            if _exists(name):
                _end_processes(name)
                uid = str(pwd.getpwnam(name).pw_uid)  # anything they left in the shared temporary folders
                subprocess.run(["find", "/tmp", "/var/tmp", "/dev/shm", "-xdev", "-uid", uid, "-delete"],
                               check=False, capture_output=True)
                subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
        if not debrief_user_existed and _exists("coachlab-debrief"):
            _end_processes("coachlab-debrief")
            subprocess.run(["userdel", "coachlab-debrief"], check=False, capture_output=True)
        for group in (h.env["COACHLAB_HUB_LEARNERS"], h.env["COACHLAB_HUB_FACILITATORS"], "coachlab-debrief"):
            if group not in groups_before and group in existing_groups():
                subprocess.run(["groupdel", group], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _end_processes(name: str) -> None:
    subprocess.run(["pkill", "-KILL", "-u", name], check=False)
    wait_until(lambda: subprocess.run(["pgrep", "-u", name], capture_output=True).returncode != 0, 30,
               f"the processes of {name} ending")


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
