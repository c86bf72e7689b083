"""Run the site in a child process and talk to it: for tests, benchmarks and screenshots (test code,
not part of the coachlab package).

``SiteProcess`` starts ``python -m coachlab.site`` (or ``coachlab site``) on a free loopback
port, waits until the landing page answers, and stops the server and its kernels on exit.
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

URL_LINE = re.compile(r"^Coaching Lab site: (http://127\.0\.0\.1:(\d+)/\?token=(\S+))")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SiteProcess:
    """A running site: ``url``, ``base``, ``token``, ``get(path)``, ``kernel_ids()``, ``log``."""

    def __init__(self, course: str | Path | None = None, data: str | Path | None = None, *,
                 command: list[str] | None = None, extra: list[str] = (), env: dict | None = None,
                 log_path: str | Path | None = None, timeout: float = 90):
        self.port = free_port()
        if command is None:
            command = [sys.executable, "-m", "coachlab.site"] + (["--course", str(course)] if course else [])
        self.argv = [*command, "--port", str(self.port), "--no-browser", *extra]
        self.env = {**os.environ, **(env or {})}
        if data is not None:
            self.env["COACHLAB_DATA"] = str(data)
        self.env.setdefault("PYTHONUNBUFFERED", "1")
        self.log_path = Path(log_path) if log_path else None
        self.timeout = timeout
        self.lines: list[str] = []
        self.proc: subprocess.Popen | None = None

    # lifecycle ------------------------------------------------------------------

    def __enter__(self) -> SiteProcess:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        found = threading.Event()

        def pump():
            with open(self.log_path or os.devnull, "w", encoding="utf-8") as sink:
                for line in self.proc.stdout:
                    self.lines.append(line)
                    sink.write(line)
                    sink.flush()
                    m = URL_LINE.match(line)
                    if m and not found.is_set():
                        self.url, self.port, self.token = m.group(1), int(m.group(2)), m.group(3)
                        found.set()

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + self.timeout
        while not found.wait(0.2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                time.sleep(0.2)  # let the output pump take the last lines
                raise RuntimeError(f"the site did not start (exit status {self.proc.poll()}):\n{self.log}")
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + self.timeout
        while self.get("/")[0] != 200:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"the site's landing page did not answer:\n{self.log}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server (it shuts its kernels down), then any kernel left behind."""
        if not self.proc or self.proc.poll() is not None:
            return
        kernels = self.kernel_pids()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        for pid in kernels:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    @property
    def log(self) -> str:
        return "".join(self.lines)

    # talking to it --------------------------------------------------------------

    def get(self, path: str, *, auth: bool = True, headers: dict | None = None,
            method: str = "GET", timeout: float = 120) -> tuple[int, dict, bytes]:
        """Send *path* exactly as written (no normalisation); returns status, headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if auth:
            hdrs.setdefault("Authorization", f"token {self.token}")
        try:
            conn.request(method, path, headers=hdrs, body=None)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 60) -> None:
        """Wait until *text* has appeared *count* times in the server's output."""
        deadline = time.monotonic() + timeout
        while self.log.count(text) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} did not appear {count} time(s) in the site's output:\n{self.log}")
            time.sleep(0.1)

    # kernels ----------------------------------------------------------------------

    def warm_kernels(self) -> tuple[set[str], set[str]]:
        """Kernel ids the pool has made ready, and those it has handed to a page (from the log)."""
        ready = set(re.findall(r"warm kernel ([0-9a-f-]{36}) ready", self.log))
        used = set(re.findall(r"using warm kernel ([0-9a-f-]{36})", self.log))
        return ready, used

    def wait_for_warm_kernel(self, timeout: float = 60) -> set[str]:
        """Wait until the pool holds a warm kernel no page has taken; returns the waiting ids."""
        deadline = time.monotonic() + timeout
        while True:
            ready, used = self.warm_kernels()
            if ready - used:
                return ready - used
            if time.monotonic() > deadline:
                raise TimeoutError(f"no warm kernel within {timeout} s:\n{self.log}")
            time.sleep(0.1)

    def ready_pages(self) -> dict[str, str]:
        """Module pages run ahead of time and not yet handed out or dropped: kernel id by module (from the log)."""
        made = re.findall(r"ready page of (\S+) \(kernel ([0-9a-f-]{36})\) made", self.log)
        gone = set(re.findall(r"ready page of \S+ \(kernel ([0-9a-f-]{36})\) dropped", self.log))
        gone |= set(re.findall(r"using ready page of \S+ \(kernel ([0-9a-f-]{36})\)", self.log))
        stopped = set(re.findall(r"Kernel shutdown: ([0-9a-f-]{36})", self.log))
        return {module: kid for module, kid in made if kid not in gone | stopped}

    def wait_for_ready_page(self, module: str, timeout: float = 90, other_than: str = "") -> str:
        """Wait until *module* has a ready page (one whose kernel is not *other_than*); returns its kernel id."""
        deadline = time.monotonic() + timeout
        while True:
            kid = self.ready_pages().get(module)
            if kid and kid != other_than:
                return kid
            if time.monotonic() > deadline:
                raise TimeoutError(f"no ready page of {module} within {timeout} s:\n{self.log}")
            time.sleep(0.1)

    def kernel_processes(self) -> dict[str, object]:
        """The server's kernel processes by kernel id (from their connection file names)."""
        import psutil

        found = {}
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return {}
        for child in children:
            try:
                cmd = " ".join(child.cmdline())
            except psutil.Error:
                continue
            m = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
            if m:
                found[m.group(1)] = child
        return found

    def kernel_ids(self) -> set[str]:
        return set(self.kernel_processes())

    def kernel_pids(self) -> list[int]:
        return [p.pid for p in self.kernel_processes().values()]

    def rss_bytes(self) -> int:
        """Resident memory of the server and all its kernels."""
        import psutil

        total = 0
        try:
            procs = [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total


def kernel_id_of(page_html: str) -> str:
    """The kernel id a rendered module page is connected to."""
    m = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page_html)
    if not m:
        raise ValueError("no kernel id in the page")
    return m.group(1)
