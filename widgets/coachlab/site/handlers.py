"""The site's request handlers, and the gate every route passes: only this machine's host names,
only a browser holding the token (except the login page), refusals answered with a page in the
course's look and logged in one line.

Voila's own routes stay, behind the same gate; the site adds a landing page, module pages limited
to the course's modules (checked again on every request), course files that cannot leave the
course folder, no directory listings, and a page-close route that frees the page's kernel.
"""
from __future__ import annotations

import contextlib
import inspect
import ipaddress
import json
import logging
import os
import re
import stat
from http.client import responses
from pathlib import Path
from typing import cast
from urllib.parse import quote

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from tornado import web
from voila.static_file_handler import AllowListFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from ..store import data_folder
from .kernels import WarmKernelManager
from .landing import entries, landing_html
from .modules import within

IMAGE = re.compile(r"[^?#]+\.(png|jpe?g|gif|svg)", re.IGNORECASE)
TEMPLATE_ASSET = re.compile(r"[A-Za-z0-9_-]+/static(/[^/\\\x00]+)+")
MAX_LOGGED_PATH = 160

# What a learner reads on a refusal: plain words and a way back, never a server's internals.
ERROR_TEXT = {
    403: ("This page cannot be opened here",
          "The course only opens on this computer, from the address the site printed when it started."),
    404: ("There is no such page in the course",
          "The address may be mistyped, or the page may have been renamed."),
}
OTHER_ERROR = ("Something went wrong", "Reload the page; if it happens again, restart the site.")


class SiteGate(JupyterHandler):
    """Put in front of every route's handler (see `gated`): the Host check, the login, and errors
    as a page in the course's look with one log line (no traceback) for each refusal."""

    public = False  # the login page: Host check only
    refusal = ""

    def check_host(self) -> bool:
        """Only this machine's names (DNS rebinding); jupyter_server's check, without its extra log line."""
        host = self.request.host_name.strip("[]")
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = host in self.settings.get("local_hostnames", ["localhost"])
        if not ok:
            self.refusal = f"Host {host[:60]!r} is not this machine"
        return ok

    async def prepare(self, *args, **kwargs):
        if not self.check_host():
            raise web.HTTPError(403)
        result = super().prepare(*args, **kwargs)  # jupyter_server's: authenticates (some routes redirect)
        if inspect.isawaitable(result):
            await result
        if self._finished or self.public or self.current_user is not None:
            return
        self.refusal = "not logged in"
        if self.request.method in ("GET", "HEAD") and not self.request.headers.get("Upgrade"):
            url = self.get_login_url()
            self.redirect(url + ("&" if "?" in url else "?") + "next=" + quote(self.request.uri or "/", safe=""))
            return
        raise web.HTTPError(403)

    def log_exception(self, typ, value, tb):
        if isinstance(value, web.HTTPError):  # a refusal, not a fault: its reason goes in the request's log line
            self.refusal = self.refusal or value.get_message() or ""
            return
        super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs) -> None:
        if isinstance(self, APIHandler) or self.request.path.startswith(f"{self.base_url}api/"):
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"message": responses.get(status_code, "Error"), "reason": None}))
            return
        title, text = ERROR_TEXT.get(status_code, OTHER_ERROR)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        page = self.settings["jinja2_env"].get_template("error.html")
        self.finish(page.render(status_code=status_code, title=title, text=text, base_url=self.base_url))


_gated: dict[tuple[type, bool], type] = {}


def gated(handler: type, public: bool = False) -> type:
    """*handler* behind the site's gate (the same class for the same handler)."""
    key = (handler, public)
    if key not in _gated:
        name = f"Gated{handler.__name__}"
        _gated[key] = type(name, (SiteGate, handler), {"public": public, "__doc__": handler.__doc__})
    return _gated[key]


def log_request(log: logging.Logger, handler: web.RequestHandler) -> None:
    """One line per refused or failed request (with the reason), and successful ones at debug level
    (the application's ``log_function``, with its logger bound)."""
    status = handler.get_status()
    path = handler.request.path
    if len(path) > MAX_LOGGED_PATH:
        path = path[:MAX_LOGGED_PATH] + f"…({len(handler.request.path)} characters)"
    line = (f"{status} {handler.request.method} {path} ({handler.request.remote_ip}) "
            f"{1000 * handler.request.request_time():.0f} ms")
    reason = getattr(handler, "refusal", "")
    if status < 400:
        log.debug(line)
    elif status < 500:
        log.warning(line + (f": {reason}" if reason else ""))
    else:
        log.error(line)


class LandingHandler(JupyterHandler):
    """``/``: the modules with the learner's progress."""

    def initialize(self, site):
        self.site = site

    @web.authenticated
    def get(self):
        _ = self.xsrf_token  # reading it sets the _xsrf cookie the module pages send back when they close
        html = landing_html(entries(self.site.modules, self.site.course), self.base_url, str(data_folder()))
        getattr(self.kernel_manager, "fill_pool", lambda: None)()  # answers may have changed: ready pages made again
        self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.finish(html)


class HomeRedirectHandler(JupyterHandler):
    """Voila's file tree: replaced by the landing page."""

    @web.authenticated
    def get(self, *_):
        self.redirect(self.base_url)


class NotFoundHandler(JupyterHandler):
    """A route the site does not offer (such as Voila's contents API, which lists folders)."""

    def get(self, *_):
        raise web.HTTPError(404)

    head = post = put = patch = delete = options = get


def module_file(course: Path, name: str, modules: set[str]) -> Path | None:
    """The notebook of module *name*, if it is still a plain file of the course right now
    (not a symlink swapped in since the site started, not a folder, not gone)."""
    if name not in modules:
        return None
    path = course / name
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode) or not within(course, path):
        return None
    return path


class ModuleHandler(TornadoVoilaHandler):
    """``/voila/render/<module>.ipynb``: one of the course's modules, run by Voila; nothing else."""

    def initialize(self, **kwargs):
        self.site = kwargs.pop("site")
        super().initialize(**kwargs)

    @web.authenticated
    async def get(self, path=None):
        if path and module_file(self.site.course, path, self.site.module_files):
            _ = self.xsrf_token  # sets the _xsrf cookie the page's closing request carries (see ClosePageHandler)
            # (the site's pool waits while pages open; a plain Jupyter server's kernel manager has no pool)
            with getattr(self.kernel_manager, "page_rendering", contextlib.nullcontext)():
                ready = await self._ready_page(path)
                if ready is not None:
                    self.set_header("Content-Type", "text/html")
                    self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
                    return self.finish(ready)
                return await super().get(path)
        if path and IMAGE.fullmatch(path) and self._course_file(path):
            # an image a module's text refers to, relative to the page: Voila serves it from files/
            return self.redirect(f"{self.base_url}voila/files/{quote(path)}")
        if path in self.site.module_files:
            self.refusal = "the module file is no longer a plain file of the course"
        raise web.HTTPError(404)

    async def _ready_page(self, path: str) -> str | None:
        """The module's page run ahead of time, if the site's pool has one still current (see ``ready_pages.py``)."""
        take = getattr(self.kernel_manager, "take_ready_page", None)
        page = await take(path) if take else None
        return page.html if page else None

    def _course_file(self, path: str) -> bool:
        parts = path.split("/")
        if any(p in ("", ".", "..") or p.startswith((".", "_")) or "\x00" in p for p in parts) or "\\" in path:
            return False
        target = self.site.course.joinpath(*parts)
        try:
            return target.is_file() and within(self.site.course, target)
        except (OSError, ValueError):  # a name too long for the file system, say
            return False


class ClosePageHandler(APIHandler):
    """``POST /voila/api/shutdown/<kernel>``: a module page was closed (Voila's page sends this, with
    the _xsrf cookie's value, when it unloads). The kernel stops once its page has gone and its
    last messages are handled (see ``WarmKernelManager.release``), not in the middle of a save."""

    @web.authenticated
    async def post(self, kernel_id):
        if kernel_id not in self.kernel_manager:
            raise web.HTTPError(404)
        cast(WarmKernelManager, self.kernel_manager).release(kernel_id)
        self.set_status(204)
        self.finish()


class CourseFileHandler(AllowListFileHandler):
    """``/voila/files/...``: allowlisted files (images) of the course, never through a symlink
    that leads out of the course folder."""

    def validate_absolute_path(self, root, absolute_path):
        if "\x00" in absolute_path:
            raise web.HTTPError(404)
        real_root = os.path.realpath(root)
        if os.path.commonpath([real_root, os.path.realpath(absolute_path)]) != real_root:
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)


class TemplateAssetHandler(TemplateStaticFileHandler):
    """Voila's template assets, with malformed paths answered 404 instead of a server error."""

    def parse_url_path(self, path):
        if not TEMPLATE_ASSET.fullmatch(path) or {".", ".."} & set(path.split("/")):
            raise web.HTTPError(404)
        try:
            return super().parse_url_path(path)
        except (ValueError, AssertionError) as e:
            raise web.HTTPError(404) from e

    @classmethod
    def get_absolute_path(cls, root, path):
        try:
            return super().get_absolute_path(root, path)
        except (ValueError, AssertionError) as e:
            raise web.HTTPError(404) from e
