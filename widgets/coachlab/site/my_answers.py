"""The learner's own answers on the site: the plan to keep, a download of everything, and deleting.

Behind the same gate as every page (this machine's names and the learner's token); deleting needs
the form's xsrf value and a ticked confirmation, so another site cannot delete by sending the
learner's browser here.
"""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import jinja2
from jupyter_server.base.handlers import JupyterHandler
from markupsafe import Markup
from tornado import web

from ..learner_data import LESSON_NAME, course_lessons, delete_answers, export_answers, summary
from ..store import data_folder
from .landing import TEMPLATES

# Its own environment, so that the pages render the same in the standalone site and inside a
# learner's server under JupyterHub (whose Jinja environment is the Jupyter server's).
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
_env.globals["coachlab_css"] = Markup((TEMPLATES / "static" / "coachlab.css").read_text(encoding="utf-8"))


class MyPlanHandler(JupyterHandler):
    """``/my-plan``: the plan to keep, as one self-contained page (``?download=1`` to save it)."""

    def initialize(self, site):
        self.site = site

    @web.authenticated
    def get(self):
        page = summary(course_lessons(self.site.course), data_folder())
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if self.get_argument("download", ""):
            self.set_header("Content-Disposition", "attachment; filename=my-coaching-plan.html")
        html = page.html
        if not self.get_argument("download", ""):  # on the site, a way back and a way to keep it
            html = html.replace("<main>", f"<main><p><a href='{self.base_url}'>All modules</a> · "
                                f"<a href='{self.base_url}my-plan?download=1'>Download this page</a> · "
                                "print it with your browser's Print command</p>", 1)
        self.finish(html)


class MyAnswersHandler(JupyterHandler):
    """``/my-answers``: links to keep the answers, and the form to delete them."""

    def initialize(self, site):
        self.site = site

    def render_page(self, deleted: list[str] | None = None) -> None:
        page = _env.get_template("my_answers.html")
        self.set_header("Cache-Control", "no-store")
        self.finish(page.render(base_url=self.base_url, modules=self.site.modules, xsrf=self.xsrf_token.decode(),
                                deleted=deleted))

    @web.authenticated
    def get(self):
        self.render_page()


class DeleteAnswersHandler(MyAnswersHandler):
    """``POST /my-answers/delete``: one module's answers, or every answer, once confirmed."""

    @web.authenticated
    def post(self):
        module = self.get_body_argument("module", "")
        if self.get_body_argument("confirm", "") != "yes":
            raise web.HTTPError(400, "deleting needs the confirmation ticked")
        known = {m.lesson for m in self.site.modules}
        if module and (module not in known or not LESSON_NAME.fullmatch(module)):
            raise web.HTTPError(404)
        gone = delete_answers(module or None, self.site.course, data_folder())
        self.render_page([p.name for p in gone])


class ExportAnswersHandler(JupyterHandler):
    """``/my-answers/export.zip``: every answers file and the summary, as a download."""

    def initialize(self, site):
        self.site = site

    @web.authenticated
    def get(self):
        with tempfile.TemporaryDirectory(prefix="coachlab-export-") as tmp:
            out = Path(tmp) / "answers.zip"
            export_answers(out, self.site.course, data_folder())
            data = out.read_bytes()
        self.set_header("Content-Type", "application/zip")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Disposition",
                        f"attachment; filename=coachlab-answers-{datetime.now():%Y-%m-%d}.zip")
        self.finish(data)
