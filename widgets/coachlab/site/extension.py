"""The site inside a learner's own Jupyter server: a server extension for ``jupyterhub-singleuser``.

Under JupyterHub each learner runs their own server, so the landing page reads their own answers and
Voila runs modules in their own kernels. The routes are the site's (``handlers.py``), mounted under
the server's ``base_url``; the hub's login replaces the site's token, so no token or host settings
live here. The site's warm-kernel pool is not used: under a hub it would keep an idle kernel per
learner (50 learners, 50 idle kernels); a module's kernel starts on request instead.

``CoachlabSite.site_only`` (the hub's "site only" profile) keeps the standalone site's lock-down:
the landing page is ``/``, kernels accept only the widgets' messages, and the contents, files,
terminals and nbconvert APIs answer 403 (no raw notebook, no code from the browser).
"""
from __future__ import annotations

import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.utils import url_path_join
from traitlets import Bool, Unicode
from traitlets.config import Configurable
from voila.configuration import VoilaConfiguration
from voila.paths import ROOT, collect_static_paths, collect_template_paths
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler
from voila.utils import get_voila_labextensions_path

from .app import SHARE, SiteOptions, voila_config
from .handlers import (CourseFileHandler, HomeRedirectHandler, LandingHandler, ModuleHandler, NotFoundHandler,
                       TemplateAssetHandler)
from .modules import Module, discover_modules
from .my_answers import DeleteAnswersHandler, ExportAnswersHandler, MyAnswersHandler, MyPlanHandler

# What a module page's widgets send; anything else (execute_request...) is dropped, as Voila does.
WIDGET_MESSAGES = ["comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request",
                   "shutdown_request"]
COURSE_ENV = "COACHLAB_COURSE_ROOT"


class CoachlabSite(Configurable):
    """Settings of the Coaching Lab site inside a Jupyter server."""

    course_dir = Unicode("", config=True, help="The course folder (the modules, course/*.ipynb). Default: "
                         "$COACHLAB_COURSE_ROOT/course. It must lie under the server's root_dir.")
    site_only = Bool(False, config=True, help="Serve the site alone: landing page at the server's root, "
                     "widget messages only, no contents, files, terminals or nbconvert API (the hub's 'site only' "
                     "profile).")


@dataclass
class CourseIndex:
    """What the site's handlers ask of ``site``: the course folder and its modules (read once, at load)."""

    course: Path
    modules: list[Module]
    prefix: str  # the course folder's API path under the server's root_dir, e.g. "course/"
    module_files: set[str] = field(init=False)

    def __post_init__(self):
        self.module_files = {m.file for m in self.modules}


class HubModuleHandler(ModuleHandler):
    """A module page: the site's checks, then Voila with the path as the server's contents see it."""

    async def get_generator(self, path=None):
        async for chunk in super().get_generator(path=self.site.prefix + path):
            yield chunk


def _jupyter_server_extension_points():
    return [{"module": "coachlab.site.extension"}]


def course_folder(settings: CoachlabSite) -> Path:
    """The course folder from the settings, else from ``$COACHLAB_COURSE_ROOT``."""
    if settings.course_dir:
        return Path(settings.course_dir).expanduser().resolve()
    root = os.environ.get(COURSE_ENV)
    if not root:
        raise ValueError(f"Coaching Lab: set CoachlabSite.course_dir or ${COURSE_ENV} to find the course")
    return (Path(root) / "course").resolve()


def _load_jupyter_server_extension(serverapp) -> None:
    settings = CoachlabSite(parent=serverapp)
    course = course_folder(settings)
    root = Path(serverapp.root_dir).expanduser().resolve()
    if not course.is_relative_to(root):
        raise ValueError(f"Coaching Lab: the course folder {course} is outside the server's root_dir {root}")
    rel = course.relative_to(root).as_posix()
    index = CourseIndex(course, discover_modules(course), "" if rel == "." else rel + "/")

    # Voila finds templates on the Jupyter data path: ours comes first.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), os.environ.get("JUPYTER_PATH")) if p)
    vc = voila_config(SiteOptions(course=course), index.modules)
    voila = VoilaConfiguration(config=vc)
    template_paths = collect_template_paths(["voila", "nbconvert"], voila.template)
    static_paths = collect_static_paths(["voila", "nbconvert"], voila.template)

    web_app = serverapp.web_app
    env = Environment(loader=FileSystemLoader(template_paths), extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(  # type: ignore[attr-defined]
        gettext.translation("nbui", localedir=os.path.join(ROOT, "i18n"), fallback=True), newstyle=False)
    web_app.settings["voila_jinja2_env"] = env
    # Voila's page asks for MathJax at settings["mathjax_url"] (jupyter-server-mathjax sets it to its local
    # copy), else at cdnjs: without a local copy, none (the course has no formulas).
    web_app.settings.setdefault("mathjax_url", None)

    base = web_app.settings["base_url"]
    voila_handler = {"template_paths": template_paths, "config": vc, "voila_configuration": voila}
    routes: list[tuple[str, type, dict]] = [
        (r"/coachlab/?", LandingHandler, {"site": index}),
        (r"/voila/?", HomeRedirectHandler, {}),
        (r"/voila/tree(/.*)?", HomeRedirectHandler, {}),
        (r"/voila/api/contents(/.*)?", NotFoundHandler, {}),
        (r"/voila/render/(.*)", HubModuleHandler, {"site": index, **voila_handler}),
        (r"/voila/files/(.*)", CourseFileHandler, {"allowlist": voila.file_allowlist,
                                                    "denylist": voila.file_denylist, "path": str(course)}),
        (r"/voila/templates/(.*)", TemplateAssetHandler, {}),
        (r"/voila/static/(.*)", MultiStaticFileHandler, {"paths": static_paths}),
        (r"/voila/labextensions/(.*)", FileFindHandler,
         {"path": get_voila_labextensions_path(voila.extra_labextensions_path), "no_cache_paths": ["/"]}),
        (r"/voila/api/shutdown/(.*)", VoilaShutdownKernelHandler, {}),
        (r"/my-plan", MyPlanHandler, {"site": index}),
        (r"/my-answers", MyAnswersHandler, {"site": index}),
        (r"/my-answers/delete", DeleteAnswersHandler, {"site": index}),
        (r"/my-answers/export\.zip", ExportAnswersHandler, {"site": index}),
    ]
    if settings.site_only:
        routes.insert(0, (r"/?", LandingHandler, {"site": index}))
        serverapp.kernel_manager.allowed_message_types = WIDGET_MESSAGES
    web_app.add_handlers(".*$", [(url_path_join(base, pattern), handler, kw) for pattern, handler, kw in routes])
    serverapp.log.info("Coaching Lab site: %d modules from %s%s", len(index.modules), course,
                       " (site only)" if settings.site_only else "")

