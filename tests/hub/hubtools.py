"""Helpers of the hub tests and benchmark: a person using the hub over HTTP (login form, spawn, their
own server's pages and APIs) and a kernel channel through the hub's proxy, as a browser would."""
from __future__ import annotations

import json
import re
import time
import uuid

import requests
from websockets.sync.client import connect

PATIENCE = 300  # seconds a browser waits for a page: a loaded 2-core machine answers 20 logins at once slowly
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


def message(msg_type: str, content: dict, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": uuid.uuid4().hex,
                       "username": "", "version": "5.3", "date": "2024-01-01T00:00:00Z"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


class HubUser:
    """One person in a browser: a cookie jar, a login, their server under /user/<name>/."""

    def __init__(self, base: str, name: str, password: str):
        self.base, self.name, self.password = base.rstrip("/"), name, password
        self.http = requests.Session()

    @property
    def prefix(self) -> str:
        return f"/user/{self.name}/"

    def login(self, password: str | None = None) -> requests.Response:
        """Post the hub's login form; the response after redirects (the spawn page, or the login page again)."""
        self.http.get(self.base + "/hub/login", timeout=PATIENCE)
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        return self.http.post(self.base + "/hub/login?next=%2Fhub%2Fhome",
                              data={"username": self.name, "password": password or self.password, "_xsrf": xsrf},
                              timeout=PATIENCE)

    def spawn(self, profile: str | None = None, timeout: float = 150) -> float:
        """Start this person's server (with a profile, as the form would) and wait until it answers; seconds."""
        start = time.monotonic()
        query = f"?profile={profile}" if profile else ""
        self.http.get(f"{self.base}/hub/spawn/{self.name}{query}", timeout=PATIENCE)
        while time.monotonic() - start < timeout:
            # a page, not an API: the server's first page sends the browser through the hub's OAuth
            r = self.http.get(self.base + self.prefix, timeout=PATIENCE)
            if r.status_code == 200 and r.url.startswith(self.base + self.prefix):
                return time.monotonic() - start
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}'s server did not start within {timeout} s")

    def running(self) -> bool:
        r = self.http.get(self.base + self.prefix + "api/kernels", timeout=30, allow_redirects=False)
        return r.status_code == 200

    def get(self, path: str, **kwargs) -> requests.Response:
        """GET a path of the hub (``/hub/...``, ``/services/...``) or, if relative, of this person's server."""
        url = self.base + (path if path.startswith("/") else self.prefix + path)
        return self.http.get(url, timeout=kwargs.pop("timeout", PATIENCE), **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        xsrf = self.http.cookies.get("_xsrf", path=self.prefix.rstrip("/")) or \
            self.http.cookies.get("_xsrf", path=self.prefix) or ""
        url = self.base + (path if path.startswith("/") else self.prefix + path)
        return self.http.post(url, headers={"X-XSRFToken": xsrf}, timeout=kwargs.pop("timeout", PATIENCE), **kwargs)

    def open_module(self, notebook: str) -> tuple[str, str]:
        """A module page of their site: its HTML and the id of the kernel it runs in."""
        r = self.get(f"voila/render/{notebook}")
        r.raise_for_status()
        m = KERNEL_ID.search(r.text)
        if not m:
            raise AssertionError(f"no kernel in {notebook} for {self.name}: {r.status_code} {r.text[:300]}")
        return r.text, m.group(1)

    def new_kernel(self) -> str:
        r = self.post("api/kernels", json={"name": "python3"})
        r.raise_for_status()
        return r.json()["id"]

    def kernel(self, kernel_id: str) -> Channel:
        return Channel(self, kernel_id)


class Channel:
    """A kernel's websocket through the hub's proxy, authenticated by the person's cookies."""

    def __init__(self, user: HubUser, kernel_id: str):
        cookies = "; ".join(f"{c.name}={c.value}" for c in user.http.cookies
                            if c.path in ("/", user.prefix, user.prefix.rstrip("/")))
        url = user.base.replace("http", "ws", 1) + f"{user.prefix}api/kernels/{kernel_id}/channels"
        self._connection = connect(url, additional_headers={"Cookie": cookies, "Origin": user.base},
                                   max_size=None, open_timeout=60)

    def __enter__(self) -> Channel:
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc):
        self._connection.__exit__(*exc)

    def send(self, msg: dict) -> str:
        self.ws.send(json.dumps(msg))
        return msg["header"]["msg_id"]

    def _next(self, end: float) -> dict | None:
        try:
            return json.loads(self.ws.recv(timeout=max(0.05, end - time.monotonic())))
        except TimeoutError:
            return None

    def run(self, code: str, timeout: float = 120) -> str:
        """Run *code*; its printed output (raises on an error or a refusal)."""
        msg_id = self.send(message("execute_request", {"code": code, "silent": False, "store_history": False,
                                                       "user_expressions": {}, "allow_stdin": False,
                                                       "stop_on_error": True}))
        out, end, replied, idle = [], time.monotonic() + timeout, False, False
        while time.monotonic() < end and not (replied and idle):  # the two come on two channels, in any order
            m = self._next(end)
            if m is None or m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream":
                out.append(m["content"]["text"])
            elif m["msg_type"] == "error":
                raise AssertionError("\n".join(m["content"]["traceback"])[-3000:])
            elif m["msg_type"] == "execute_reply":
                replied = True
            elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                idle = True
        if replied and idle:
            return "".join(out)
        raise TimeoutError(f"no reply to the code within {timeout} s")

    def replies(self, seconds: float) -> list[dict]:
        got, end = [], time.monotonic() + seconds
        while time.monotonic() < end:
            m = self._next(end)
            if m is not None:
                got.append(m)
        return got

    def wait_for(self, msg_type: str, parent: str, seconds: float = 60) -> dict:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            m = self._next(end)
            if m and m["msg_type"] == msg_type and m["parent_header"].get("msg_id") == parent:
                return m
        raise TimeoutError(f"no {msg_type} within {seconds} s")

    def widgets(self) -> dict[str, dict]:
        """Every widget of the kernel, by comm id, with its state (as the page's widget manager asks)."""
        reply = self.wait_for("comm_info_reply", self.send(message("comm_info_request",
                                                                   {"target_name": "jupyter.widget"})))
        ids = list(reply["content"]["comms"])
        for cid in ids:
            self.send(message("comm_msg", {"comm_id": cid, "data": {"method": "request_state"}}))
        states: dict[str, dict] = {}
        end = time.monotonic() + 60
        while len(states) < len(ids) and time.monotonic() < end:
            m = self._next(end)
            if m and m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update":
                states[m["content"]["comm_id"]] = m["content"]["data"]["state"]
        return states

    def set_value(self, comm_id: str, value) -> None:
        """Change a widget's value as typing or clicking in the page does."""
        self.send(message("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"value": value},
                                                                    "buffer_paths": []}}))


def welcome_status(user: HubUser) -> str:
    """The status class of the welcome module on the person's landing page (e.g. "in-progress")."""
    page = user.get("coachlab/").text
    start = page.index('voila/render/00_welcome.ipynb">Welcome')
    item = page[page.rindex("<li", 0, start):start]
    return item.split("cl-status-")[1].split('"')[0]


def wait_until(predicate, timeout: float, what: str, every: float = 0.5):
    """Poll *predicate* until it returns something true; that value, or TimeoutError naming *what*."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = predicate()
        if got:
            return got
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {timeout} s")
