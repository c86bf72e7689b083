"""``coachlab mark``: the marking page, served on 127.0.0.1 behind a token, for one facilitator.

A small tornado application (tornado ships with Jupyter): one page, its script and style from this
package (nothing from the internet), and a JSON API over `MarkingSession` and `CommentBank`.
Every route asks for the login: the token printed at start (``/?token=...`` sets a signed,
HttpOnly, SameSite=Strict cookie for this run) or an ``Authorization: token ...`` header. Requests
naming another host are refused (DNS rebinding), changes need tornado's XSRF token, and a strict
Content-Security-Policy keeps the page to its own script.
"""
from __future__ import annotations

import hmac
import json
import logging
import secrets
import time
import webbrowser
from dataclasses import asdict
from pathlib import Path

from tornado import web

from ..content.errors import CourseDataError
from .mark_bank import BankError, CommentBank, bank_path
from .mark_queue import MAX_COMMENT, MarkingSession

PAGE_DIR = Path(__file__).with_name("mark_page")
REREAD_AFTER = 10.0  # seconds: how often a submission graded but not in the gradebook yet is looked for again
log = logging.getLogger(__name__)
ASSETS = {"mark.js": "text/javascript", "mark.css": "text/css"}
COOKIE = "coachlab_mark"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
KEYS = [("0 to 9", "choose the level worth that many points (saved at once)"),
        ("n or →", "next learner"), ("p or ←", "previous learner"), ("u", "next learner not marked yet"),
        ("c", "write in the comment box"), ("Ctrl+Enter", "in the comment box: save, then next learner"),
        ("Esc", "leave a text box (the comment is saved)"), ("b", "find a comment in the bank"),
        ("Enter", "in the bank search: insert the first comment found"), ("s", "save the mark and comment"),
        ("?", "go to this list of keys")]


def same(given: str, token: str) -> bool:
    """Constant-time comparison that takes any text (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode())


class Base(web.RequestHandler):
    """Host check, then login, for every route; no caching, no framing, no foreign script."""

    def initialize(self, marking: Marking):
        self.marking = marking

    def set_default_headers(self):
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")

    def prepare(self):
        if self.request.host.lower() not in self.marking.hosts:
            raise web.HTTPError(400, "unknown host")
        if not self.logged_in():
            raise web.HTTPError(403)

    def logged_in(self) -> bool:
        header = self.request.headers.get("Authorization", "")
        if header.startswith("token ") and same(header[6:].strip(), self.marking.token):
            return True
        return self.get_signed_cookie(COOKIE) == self.marking.run_id.encode()

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        text = {403: "Not logged in: open the address that `coachlab mark` printed (it holds the token).",
                400: "Open the marking page through 127.0.0.1 or localhost."}.get(status_code, self._reason)
        self.finish(text)


class PageHandler(Base):
    """``/``: the marking page; ``/?token=...`` logs in and comes back without the token."""

    def prepare(self):
        token = self.get_query_argument("token", None)
        host_ok = self.request.host.lower() in self.marking.hosts
        if token is not None and host_ok and same(token, self.marking.token):
            self.set_signed_cookie(COOKIE, self.marking.run_id, expires_days=None, httponly=True, samesite="Strict")
            return self.redirect("./")  # relative: works behind a proxy prefix too
        super().prepare()

    def get(self):
        _ = self.xsrf_token  # sets the _xsrf cookie the page's script sends back
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(self.marking.page())


class AssetHandler(Base):
    """The page's own script and style."""

    def get(self, name):
        if name not in ASSETS:
            raise web.HTTPError(404)
        self.set_header("Content-Type", f"{ASSETS[name]}; charset=utf-8")
        self.finish((PAGE_DIR / name).read_bytes())


class NoIcon(Base):
    """``/favicon.ico``: none (browsers ask for it)."""

    def get(self):
        self.set_status(204)
        self.finish()


class Api(Base):
    def body(self) -> dict:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the request is not JSON") from None
        if not isinstance(data, dict):
            raise web.HTTPError(400, "the request is not a JSON object")
        return data

    def reply(self, data, status: int = 200):
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data))

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": self._reason}))


class QueueHandler(Api):
    """``GET /api/questions/<cell>``: the learners in marking order, with their marks so far."""

    def get(self, cell):
        session = self.marking.session
        try:
            order = session.order(cell)
        except KeyError as e:
            raise web.HTTPError(404, reason=str(e.args[0])) from None
        marks = session.marks(cell)
        self.reply({"order": [{"code": code, "score": marks.get(code, (None, False))[0],
                               "changed": marks.get(code, (None, False))[1]} for code in order]})


class ItemHandler(Api):
    """``GET/PUT /api/questions/<cell>/<code>``: one learner's answer and mark; PUT saves the mark."""

    def get(self, cell, code):
        self.reply(self._item(lambda: self.marking.session.item(cell, code)))

    def put(self, cell, code):
        data = self.body()
        score, comment = data.get("score"), data.get("comment", "")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            raise web.HTTPError(400, reason="the score must be a number or null")
        if not isinstance(comment, str):
            raise web.HTTPError(400, reason="the comment must be text")
        self.reply(self._item(lambda: self.marking.session.save(cell, code, score, comment)))

    def _item(self, get) -> dict:
        try:
            item = get()
        except KeyError as e:
            raise web.HTTPError(404, reason=str(e.args[0])) from None
        except ValueError as e:
            raise web.HTTPError(400, reason=str(e)) from None
        except Exception as e:  # e.g. the gradebook is locked by another program for too long
            why = f"the gradebook could not be used ({type(e).__name__}): try again"
            raise web.HTTPError(503, reason=why) from None
        data = asdict(item)
        if not self.marking.names:  # blind: the page never learns who wrote it
            del data["learner"], data["name"]
        return data


class BankHandler(Api):
    """``GET/POST /api/bank``: the comment bank; POST adds or edits; ``DELETE /api/bank/<key>``."""

    def get(self, key=None):
        self.reply(self._bank(self.marking.bank.comments))

    def post(self, key=None):
        data = self.body()
        replaces = data.get("replaces")
        self.reply(self._bank(lambda: self.marking.bank.put(str(data.get("key", "")), str(data.get("text", "")),
                                                            str(replaces) if replaces else None)))

    def delete(self, key=None):
        self.reply(self._bank(lambda: self.marking.bank.delete(key or "")))

    def _bank(self, change) -> dict:
        try:
            comments = change()
        except BankError as e:
            raise web.HTTPError(400, reason=str(e)) from None
        return {"comments": [asdict(c) for c in comments], "notice": self.marking.bank.notice}


class NotFound(Base):
    def prepare(self):
        super().prepare()
        raise web.HTTPError(404)


class Marking:
    """What the server serves: one marking session, its comment bank, the login and the page."""

    def __init__(self, session: MarkingSession, *, names: bool = False, token: str | None = None):
        self._session, self._folders, self._read_at = session, session.submission_folders(), time.monotonic()
        self.names = names
        self.token = token or secrets.token_urlsafe(24)
        self.run_id = secrets.token_urlsafe(16)
        self.bank = CommentBank(bank_path(session.root, session.assignment))
        self.hosts: set[str] = set()

    @property
    def session(self) -> MarkingSession:
        """The marking session, read again when ``coachlab grade`` has graded submissions since: a question
        opened afterwards (or the page reloaded) lists those learners too."""
        folders = self._session.submission_folders()
        waiting = not folders <= set(self._session.learners)
        if folders != self._folders or (waiting and time.monotonic() - self._read_at > REREAD_AFTER):
            old = self._session
            try:
                self._session = MarkingSession(old.root, old.assignment, marker=old.marker)
            except CourseDataError as e:  # keep marking what was read; the next request tries again
                log.warning("the gradebook could not be read again: %s", e)
            self._folders, self._read_at = folders, time.monotonic()
        return self._session

    def app(self) -> web.Application:
        args = {"marking": self}
        return web.Application([
            (r"/", PageHandler, args),
            (r"/assets/([a-z.]+)", AssetHandler, args),
            (r"/favicon.ico", NoIcon, args),
            (r"/api/questions/([^/]+)", QueueHandler, args),
            (r"/api/questions/([^/]+)/([^/]+)", ItemHandler, args),
            (r"/api/bank", BankHandler, args),
            (r"/api/bank/([^/]+)", BankHandler, args),
        ], default_handler_class=NotFound, default_handler_args=args, xsrf_cookies=True,
            cookie_secret=secrets.token_bytes(32))

    def listen(self, port: int) -> int:
        """Serve on 127.0.0.1:*port* (0: any free port); returns the port."""
        from tornado.httpserver import HTTPServer
        from tornado.netutil import bind_sockets

        sockets = bind_sockets(port, "127.0.0.1")
        HTTPServer(self.app(), max_body_size=1 << 20).add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        return port

    def page(self) -> str:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        env = Environment(loader=FileSystemLoader(PAGE_DIR), autoescape=select_autoescape(default=True))
        s = self.session
        questions = [{"cell": name, "title": q.rubric.title, "max": q.rubric.max_score,
                      "levels": [asdict(lv) for lv in q.rubric.levels], "scheme": q.rubric.mark_scheme}
                     for name, q in s.questions.items()]
        config = {"assignment": s.assignment, "questions": questions, "names": self.names,
                  "maxComment": MAX_COMMENT, "count": len(s.learners)}
        # JSON inside <script type="application/json">: no "</" may end the element early
        data = json.dumps(config).replace("</", "<\\/").replace("<!--", "<\\!--")
        return env.get_template("mark.html.j2").render(assignment=s.assignment, questions=questions,
                                                       names=self.names, notes=s.notes, keys=KEYS,
                                                       count=len(s.learners), config=data)


def serve(course_dir: str | Path, assignment: str, *, port: int = 8868, names: bool = False,
          open_browser: bool = True) -> int:
    """Serve the marking page until interrupted; returns the exit status."""
    from tornado.ioloop import IOLoop

    marking = Marking(MarkingSession(course_dir, assignment), names=names)
    try:
        port = marking.listen(port)
    except OSError as e:
        print(f"Cannot serve on 127.0.0.1:{port} ({e.strerror}): pass --port with a free port, or --port 0.")
        return 1
    url = f"http://127.0.0.1:{port}/?token={marking.token}"
    s = marking.session
    print(f"Marking {assignment}: {len(s.learners)} submission(s), "
          f"{len(s.questions)} question(s) marked by hand, "
          + ("names shown (keep the screen private)" if names else "anonymous codes"), flush=True)
    for note in s.notes:
        print(f"Note: {note}", flush=True)
    print(f"Coaching Lab marking: {url}\n(stop with Ctrl+C)", flush=True)
    if open_browser:
        webbrowser.open(url, new=2)
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        pass
    return 0
