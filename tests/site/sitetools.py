"""Helpers of the site tests: a repository with planted secrets, an HTML reader, a kernel channel."""
from __future__ import annotations

import json
import shutil
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

from websockets.sync.client import connect

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "course"
SECRET = "PLANTED-SECRET-7f3a"


def plant(root: Path) -> Path:
    """A repository layout with the real course and secrets around it; returns its course folder.

    Secrets: a solutions/ notebook and image, an exercises/ release, a file beside course/, a
    hidden file and an answer key inside course/, and symlinks from course/ to the outside.
    """
    course = root / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "solutions" / "ps1").mkdir(parents=True)
    (root / "exercises" / "ps1").mkdir(parents=True)
    notebook = ('{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], '
                f'"source": ["### BEGIN SOLUTION\\nanswer = \\"{SECRET}\\"\\n### END SOLUTION"]}}], '
                '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    (root / "solutions" / "ps1" / "ps1.ipynb").write_text(notebook)
    (root / "exercises" / "ps1" / "ps1.ipynb").write_text(notebook)
    (root / "solutions" / "ps1" / "key.png").write_bytes(SECRET.encode())
    (root / "outside.png").write_bytes(SECRET.encode())
    (course / ".hidden.png").write_bytes(SECRET.encode())
    (course / "data" / "answer_key.yaml").write_text(f"key: {SECRET}\n")
    (course / "images").mkdir(exist_ok=True)
    (course / "images" / "public.png").write_bytes(b"\x89PNG public course image")
    (course / "key.png").symlink_to(root / "solutions" / "ps1" / "key.png")
    (course / "solutions_link").symlink_to(root / "solutions", target_is_directory=True)
    (course / "98_leak.ipynb").symlink_to(root / "solutions" / "ps1" / "ps1.ipynb")
    return course


class Page(HTMLParser):
    """Links (href, text), the landing page's module entries, and the visible text of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.modules: list[dict] = []
        self.text: list[str] = []
        self._href = None
        self._link_text: list[str] = []
        self._in_module = False
        self._status_depth = 0
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self._href, self._link_text = a.get("href"), []
        if tag == "li" and "cl-module" in (a.get("class") or ""):
            self._in_module = True
            self.modules.append({"class": a["class"], "text": [], "href": None, "status": []})
        if tag == "span" and self._in_module and (self._status_depth or "cl-status" in (a.get("class") or "").split()):
            self._status_depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "a" and self._href is not None:
            text = " ".join("".join(self._link_text).split())
            self.links.append((self._href, text))
            if self._in_module and self.modules[-1]["href"] is None:
                self.modules[-1]["href"] = self._href
            self._href = None
        if tag == "span" and self._status_depth:
            self._status_depth -= 1
        if tag == "li" and self._in_module:
            self.modules[-1]["text"] = " ".join("".join(self.modules[-1]["text"]).split())
            self.modules[-1]["status"] = " ".join("".join(self.modules[-1]["status"]).split())
            self._in_module = False

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._link_text.append(data)
        if self._in_module:
            self.modules[-1]["text"].append(data)
            if self._status_depth:
                self.modules[-1]["status"].append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def message(msg_type: str, content: dict, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "test-session",
                       "username": "learner", "version": "5.3", "date": "2024-01-01T00:00:00Z"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


class KernelChannel:
    """A websocket to ``/api/kernels/<id>/channels``, authenticated with the site's token."""

    def __init__(self, site, kernel_id: str):
        self._connection = connect(
            f"ws://127.0.0.1:{site.port}/api/kernels/{kernel_id}/channels?session_id=test-session",
            additional_headers={"Authorization": f"token {site.token}"}, max_size=None)

    def __enter__(self):
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc):
        self._connection.__exit__(*exc)

    def send(self, msg: dict) -> str:
        self.ws.send(json.dumps(msg))
        return msg["header"]["msg_id"]

    def messages(self, seconds: float):
        """Messages from the kernel as they arrive, until *seconds* have passed without the caller stopping."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                yield json.loads(self.ws.recv(timeout=max(0.05, end - time.monotonic())))
            except TimeoutError:
                return

    def replies_until(self, msg_type: str, parent: str, seconds: float = 30) -> list[dict]:
        """Every message received up to and including the *msg_type* reply to *parent*."""
        got = []
        for m in self.messages(seconds):
            got.append(m)
            if m["msg_type"] == msg_type and m["parent_header"].get("msg_id") == parent:
                return got
        raise TimeoutError(f"no {msg_type} for {parent} within {seconds} s")

    def wait_for(self, msg_type: str, parent: str, seconds: float = 20) -> dict:
        for m in self.messages(seconds):
            if m["msg_type"] == msg_type and m["parent_header"].get("msg_id") == parent:
                return m
        raise TimeoutError(f"no {msg_type} for {parent} within {seconds} s")

    def wait_for_comm(self, comm_id: str, method: str, seconds: float = 30) -> dict:
        """The next message on comm *comm_id* whose data has this *method*."""
        for m in self.messages(seconds):
            if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id \
                    and m["content"]["data"].get("method") == method:
                return m
        raise TimeoutError(f"no {method} on comm {comm_id} within {seconds} s")

    def wait_for_update(self, test, seconds: float = 30) -> dict:
        """The next widget update whose state passes *test*."""
        for m in self.messages(seconds):
            data = m["content"].get("data", {}) if m["msg_type"] == "comm_msg" else {}
            if data.get("method") == "update" and test(data.get("state", {})):
                return m
        raise TimeoutError(f"no matching widget update within {seconds} s")

    def widget_states(self) -> list[dict]:
        """The state of every widget in the kernel, asked for as the widget manager does."""
        comms = self.wait_for("comm_info_reply", self.send(message("comm_info_request", {"target_name": "jupyter.widget"})))
        ids = list(comms["content"]["comms"])
        for cid in ids:
            self.send(message("comm_msg", {"comm_id": cid, "data": {"method": "request_state"}}))
        states, end = {}, time.monotonic() + 30
        while len(states) < len(ids) and time.monotonic() < end:
            try:
                m = json.loads(self.ws.recv(timeout=1))
            except TimeoutError:
                continue
            if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update":
                states[m["content"]["comm_id"]] = m["content"]["data"]["state"]
        return list(states.values())


def wait_until(condition, seconds: float, what: str = "the condition"):
    """Poll *condition* every 0.1 s until it is true (returns its value) or *seconds* pass (fails)."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)
    return value


class Learner:
    """A browser's side of the site over plain HTTP: logged in with the printed address (so it
    holds the login and _xsrf cookies, as a browser does), then pages, and the request a module
    page sends when it closes."""

    def __init__(self, site):
        import requests

        self.site, self.http = site, requests.Session()
        response = self.http.get(site.url, timeout=120)
        assert response.status_code == 200 and "_xsrf" in self.http.cookies

    def open_module(self, name: str = "00_welcome.ipynb") -> str:
        """Open a module page; returns the id of its kernel."""
        from siteprocess import kernel_id_of

        response = self.http.get(f"{self.site.base}/voila/render/{name}", timeout=180)
        assert response.status_code == 200, response.status_code
        return kernel_id_of(response.text)

    def close_page(self, kernel_id: str, xsrf: str | None = None) -> int:
        """What Voila's page sends on unload: a form with the _xsrf cookie's value, by sendBeacon."""
        value = self.http.cookies["_xsrf"] if xsrf is None else xsrf
        response = self.http.post(f"{self.site.base}/voila/api/shutdown/{kernel_id}", files={"_xsrf": (None, value)},
                                  headers={"Origin": self.site.base}, timeout=60)
        return response.status_code
