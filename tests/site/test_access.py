"""Only a browser holding the site's token, on this machine, gets in."""
import os
from pathlib import Path

import pytest

PAGES = ["/", "/voila/render/00_welcome.ipynb"]


@pytest.mark.parametrize("path", PAGES)
def test_without_the_token_the_page_sends_you_to_log_in(course_site, path):
    """Without the token, is the learner sent to the login page and shown nothing of the course?"""
    status, headers, body = course_site.get(path, auth=False)
    assert status == 302 and headers["location"].startswith("/login")
    assert b"Coaching Lab" not in body


def test_a_wrong_token_is_refused(course_site):
    status, headers, _ = course_site.get("/", auth=False, headers={"Authorization": "token not-the-token"})
    assert status == 302 and headers["location"].startswith("/login")


def test_the_token_in_the_address_lets_the_browser_in(course_site):
    """Does opening the printed address (token in the query) give the landing page?"""
    status, _, body = course_site.get(f"/?token={course_site.token}", auth=False)
    assert status == 200 and b"Modules" in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "192.168.1.5"])
def test_requests_for_other_host_names_are_refused(course_site, host):
    """Is a page fetched under another host name refused (a DNS-rebinding attack), token or not?"""
    status, _, body = course_site.get("/", headers={"Host": host})
    assert status == 403 and b"Modules" not in body


def test_the_server_listens_on_loopback_only(course_site):
    import psutil

    listening = [c.laddr for c in psutil.Process(course_site.proc.pid).net_connections("inet") if c.status == "LISTEN"]
    assert listening and all(addr.ip == "127.0.0.1" for addr in listening)


def test_kernels_talk_to_the_server_over_private_unix_sockets(course_site):
    """Are the kernels' channels Unix sockets in Voila's private folder, not TCP ports others could reach?

    (ipykernel still binds one loopback port of its own, for output from forked subprocesses; it
    accepts only messages signed with a random per-kernel key.)
    """
    import json
    import stat

    waiting = course_site.wait_for_warm_kernel() | {course_site.wait_for_ready_page("00_welcome.ipynb")}
    kernels = [p for kid, p in course_site.kernel_processes().items() if kid in waiting]  # started, not starting
    assert len(kernels) == 2
    for process in kernels:
        [connection_file] = [a for a in process.cmdline() if a.endswith(".json")]
        info = json.loads(Path(connection_file).read_text())
        assert info["transport"] == "ipc"
        folder = os.path.dirname(connection_file)
        assert stat.S_IMODE(os.stat(folder).st_mode) & 0o077 == 0  # no access for others
        sockets = {c.laddr for c in process.net_connections("unix") if c.laddr}
        assert {f"{info['ip']}-{info[name]}" for name in ("shell_port", "iopub_port", "control_port")} <= sockets
