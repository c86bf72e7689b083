"""The site's own request handlers, put in front of Voila's: the landing page, module pages
limited to the course's modules, course files that cannot leave the course folder, and no
directory listings."""
from __future__ import annotations

import os
import re
from urllib.parse import quote

from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from voila.static_file_handler import AllowListFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from ..store import data_folder
from .landing import entries, landing_html
from .modules import within

IMAGE = re.compile(r"[^?#]+\.(png|jpe?g|gif|svg)", re.IGNORECASE)
TEMPLATE_ASSET = re.compile(r"[A-Za-z0-9_-]+/static/[^\\]+")


class LandingHandler(JupyterHandler):
    """``/``: the modules with the learner's progress."""

    def initialize(self, site):
        self.site = site

    @web.authenticated
    def get(self):
        html = landing_html(entries(self.site.modules, self.site.course), self.base_url, str(data_folder()))
        self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.finish(html)


class HomeRedirectHandler(JupyterHandler):
    """Voila's file tree: replaced by the landing page."""

    @web.authenticated
    def get(self, *_):
        self.redirect(self.base_url)


class NotFoundHandler(JupyterHandler):
    """A route the site does not offer (such as Voila's contents API, which lists folders)."""

    def prepare(self):
        raise web.HTTPError(404)


class ModuleHandler(TornadoVoilaHandler):
    """``/voila/render/<module>.ipynb``: one of the course's modules, run by Voila; nothing else."""

    def initialize(self, **kwargs):
        self.site = kwargs.pop("site")
        super().initialize(**kwargs)

    @web.authenticated
    async def get(self, path=None):
        if path in self.site.module_files:
            return await super().get(path)
        if path and IMAGE.fullmatch(path) and self._course_file(path):
            # an image a module's text refers to, relative to the page: Voila serves it from files/
            return self.redirect(f"{self.base_url}voila/files/{quote(path)}")
        raise web.HTTPError(404)

    def _course_file(self, path: str) -> bool:
        parts = path.split("/")
        if any(p in ("", ".", "..") or p.startswith((".", "_")) for p in parts) or "\\" in path:
            return False
        target = self.site.course.joinpath(*parts)
        return target.is_file() and within(self.site.course, target)


class CourseFileHandler(AllowListFileHandler):
    """``/voila/files/...``: allowlisted files (images) of the course, never through a symlink
    that leads out of the course folder."""

    def validate_absolute_path(self, root, absolute_path):
        real_root = os.path.realpath(root)
        if os.path.commonpath([real_root, os.path.realpath(absolute_path)]) != real_root:
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)


class TemplateAssetHandler(TemplateStaticFileHandler):
    """Voila's template assets, with malformed paths answered 404 instead of a server error."""

    def parse_url_path(self, path):
        if not TEMPLATE_ASSET.fullmatch(path) or ".." in path.split("/"):
            raise web.HTTPError(404)
        try:
            return super().parse_url_path(path)
        except (ValueError, AssertionError) as e:
            raise web.HTTPError(404) from e
