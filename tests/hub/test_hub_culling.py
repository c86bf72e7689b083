"""A server stopped by the idle culler gives its memory back and loses nothing: after a new login (in
the site-only profile) the learner's progress and reflection are all there, and the site keeps its
lock-down (no Lab, no terminals, no contents API, no code from the browser)."""
import os
import subprocess
import time

import psutil
from hubtools import HubUser, message, wait_until, welcome_status
from workshop import ASSIGNMENT, WELCOME, marker


def the_hubs_culler_token(hub) -> str:
    for p in psutil.Process(hub.process.pid).children(recursive=True):
        if "jupyterhub_idle_culler" in " ".join(p.cmdline()):
            return p.environ()["JUPYTERHUB_API_TOKEN"]
    raise AssertionError("the hub runs no idle culler")


def test_a_culled_server_keeps_every_answer_and_the_site_stays_locked(workshop, hub):
    name = hub.learners[0]
    learner = workshop["users"][name]
    if not learner.running():
        learner.spawn("lab")
    uid = hub.home(name).stat().st_uid
    assert [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]
    # the hub's own culler (one hour here), run with a short timeout under the hub's own service token
    culler = subprocess.Popen([str(hub.prefix / "venv" / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                               f"--url=http://127.0.0.1:{hub.port + 1}/hub/api", "--timeout=5", "--cull-every=2"],
                              env={**os.environ, "JUPYTERHUB_API_TOKEN": the_hubs_culler_token(hub)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        wait_until(lambda: not learner.running(), 90, f"the culler stopping {name}'s server", every=1)
        # its memory is given back: no process of the learner is left
        wait_until(lambda: not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid], 30,
                   f"{name}'s processes ending")
        workshop.setdefault("figures", {})["cull_seconds"] = time.monotonic() - started
    finally:
        culler.terminate()
        culler.wait(30)

    again = HubUser(hub.url, name, hub.passwords[name])  # a new browser: a new login
    assert again.login().url.endswith("/hub/home")
    again.spawn("site")
    assert welcome_status(again) == "in-progress"
    assert again.get("").url.rstrip("/").endswith(f"/user/{name}")  # the landing page is the server's home
    _, kernel_id = again.open_module(WELCOME)
    with again.kernel(kernel_id) as k:
        texts = [s.get("value") for s in k.widgets().values() if s.get("_model_name") == "TextareaModel"]
        assert marker(name) in texts
        ran = hub.home(name) / "code-from-the-browser-ran"
        run = k.send(message("execute_request", {"code": f"open({str(ran)!r}, 'w')",
                                                 "silent": False, "store_history": False, "user_expressions": {},
                                                 "allow_stdin": False, "stop_on_error": True}))
        info = k.send(message("kernel_info_request", {}))
        got = k.replies(3)
    assert any(m["parent_header"].get("msg_id") == info for m in got)
    assert not any(m["parent_header"].get("msg_id") == run for m in got)
    assert not ran.exists()
    assert (hub.home(name) / ASSIGNMENT / "coachlab_answers.json").exists()
    for path, refused in [("lab", 404), ("tree", 404), ("terminals/1", 404), ("api/terminals", 404),
                          ("api/contents", 403), (f"files/{WELCOME}", 403), (f"nbconvert/html/{WELCOME}", 403)]:
        assert again.get(path).status_code == refused, path
