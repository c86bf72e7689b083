"""The Voila application behind ``coachlab site``: course/ only, our template, warm kernels,
idle culling, a token, and the site's handlers in front of Voila's."""
from __future__ import annotations

import functools
import os
import secrets
import sys
import webbrowser
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jinja2
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.auth.logout import LogoutHandler
from markupsafe import Markup
from traitlets.config import Config
from voila.app import Voila
from voila.exporter import VoilaExporter

from .my_answers import DeleteAnswersHandler, ExportAnswersHandler, MyAnswersHandler, MyPlanHandler
from .handlers import (ClosePageHandler, CourseFileHandler, HomeRedirectHandler, LandingHandler, ModuleHandler,
                       NotFoundHandler, TemplateAssetHandler, gated, log_request)
from .kernels import SiteKernelSpecManager, WarmKernelManager
from .landing import entries, resume
from .modules import Module, discover_modules

SHARE = Path(__file__).parent / "share"
TEMPLATE = "coachlab"
TEMPLATE_DIR = SHARE / "voila" / "templates" / TEMPLATE
# Voila loads every installed JupyterLab extension into a page by default (nbgrader's, the
# notebook app's...): the course needs only the widget manager.
EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8"]


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory and shared between pages. Voila builds a new Jinja
    environment for every page it renders, so without this each page compiles its dozen templates
    again: about half of the server's processor time per page. Keyed by template and source
    checksum, so an edited template is compiled afresh."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


def share_compiled_templates(cache: jinja2.BytecodeCache) -> None:
    """Give every environment Voila's page exporter builds the one *cache* (Voila offers no setting)."""
    if getattr(VoilaExporter, "_coachlab_cache", None) is not None:
        return
    build = VoilaExporter.environment.fget

    def environment(self):
        env = build(self)
        env.bytecode_cache = cache
        return env

    VoilaExporter.environment = property(environment)
    VoilaExporter._coachlab_cache = cache


@dataclass
class SiteOptions:
    """How to serve the course; the defaults are what ``coachlab site`` uses."""

    course: Path
    port: int = 8866
    open_browser: bool = True
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    pool_size: int = 1
    ready_pages: int = 8  # modules kept run ahead of time, the likeliest next first (-1: all)
    cull_idle_timeout: int = 900  # seconds a kernel with no page connected may stay idle
    cull_interval: int = 60

    def url(self, port: int | None = None) -> str:
        """The address to open, with the token that lets the browser in."""
        return f"http://127.0.0.1:{port or self.port}/?token={self.token}"


def voila_config(options: SiteOptions, modules: list[Module]) -> Config:
    """The traitlets configuration of the site's Voila application."""
    c = Config()
    c.Voila.ip = "127.0.0.1"
    c.Voila.port = options.port
    c.Voila.root_dir = str(options.course)
    c.Voila.open_browser = True  # our launch_browser decides, and always prints the address
    c.Voila.token = options.token
    c.Voila.config_file_paths = []  # no stray voila.json in the working folder changes the site
    v = c.VoilaConfiguration
    v.template = TEMPLATE
    v.theme = "light"
    v.strip_sources = True
    v.show_tracebacks = False
    v.allow_template_override = "NO"
    v.allow_theme_override = "NO"
    v.preheat_kernel = False  # see kernels.py: our pool warms kernels without running notebooks early
    v.multi_kernel_manager_class = WarmKernelManager
    v.kernel_spec_manager_class = SiteKernelSpecManager
    v.extension_allowlist = EXTENSIONS
    v.file_allowlist = [r".*\.(png|jpe?g|gif|svg)"]  # images a module shows; never its data or code
    v.file_denylist = [r".*\.(ipynb|py|ya?ml|json)", r"(.*/)?[._].*"]  # nor hidden or private files
    v.resources = {"coachlab": {"modules": [asdict(m) for m in modules]}}
    # Kernels talk to the server over Unix sockets in Voila's private connection folder: no TCP
    # port another local user could reach, and no port clash when many kernels start at once
    # (over TCP, two kernels starting together can draw the same free port and one dies).
    c.KernelManager.transport = "ipc"
    c.WarmKernelManager.pool_size = options.pool_size
    c.WarmKernelManager.ready_pages = options.ready_pages
    c.MappingKernelManager.cull_idle_timeout = options.cull_idle_timeout
    c.MappingKernelManager.cull_interval = options.cull_interval
    c.MappingKernelManager.cull_connected = False  # an open page keeps its kernel
    c.MappingKernelManager.cull_busy = False
    return c


class CourseSite(Voila):
    """Voila serving one course folder as the Coaching Lab site."""

    name = "coachlab-site"

    def setup(self, options: SiteOptions) -> None:
        """Remember the site's options and read its modules (call before ``initialize``)."""
        self.options = options
        self.course = Path(options.course).resolve()
        self.modules = discover_modules(self.course)
        self.module_files = {m.file for m in self.modules}
        share_compiled_templates(CompiledTemplates())

    def likely_modules(self) -> list[str]:
        """The module files, starting with the one the landing page offers next (then those after it):
        the order in which the pool makes pages ready."""
        files = [m.file for m in self.modules]
        offered = resume(entries(self.modules, self.course))
        if offered is None:
            return files
        at = files.index(offered.module.file)
        return files[at:] + files[:at]

    def init_settings(self):
        settings = super().init_settings()
        settings["allow_remote_access"] = False  # refuse other Host names (DNS rebinding)
        settings["local_hostnames"] = ["localhost"]
        # The server's own pages (login, logout, errors) in the course's look, from our template
        # folder first; they carry the stylesheet inline, so the login page needs no other route.
        env = settings["jinja2_env"]
        env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATE_DIR)), env.loader])
        env.globals["coachlab_css"] = Markup((TEMPLATE_DIR / "static" / "coachlab.css").read_text(encoding="utf-8"))
        settings["log_function"] = functools.partial(log_request, self.log)
        settings["default_handler_class"] = gated(NotFoundHandler)
        # The _xsrf cookie is read by the page's script (so not httponly) and sent back only by
        # pages of this site.
        settings["xsrf_cookie_kwargs"] = {"path": self.base_url, "samesite": "Strict"}
        return settings

    def init_handlers(self):
        """The site's routes, then Voila's; every one behind the gate (Host check and login), the
        login and logout pages behind the Host check only."""
        voila_handler = dict(template_paths=self.template_paths, config=self.config,
                             voila_configuration=self.voila_configuration)
        ours = [
            (r"/", LandingHandler, {"site": self}),
            (r"/my-plan", MyPlanHandler, {"site": self}),
            (r"/my-answers", MyAnswersHandler, {"site": self}),
            (r"/my-answers/delete", DeleteAnswersHandler, {"site": self}),
            (r"/my-answers/export\.zip", ExportAnswersHandler, {"site": self}),
            (r"/voila/api/shutdown/(.*)", ClosePageHandler),
            (r"/voila/tree(/.*)?", HomeRedirectHandler),
            (r"/voila/api/contents(/.*)?", NotFoundHandler),
            (r"/voila/render/(.*)", ModuleHandler, {"site": self, **voila_handler}),
            (r"/voila/files/(.*)", CourseFileHandler, {
                "allowlist": self.voila_configuration.file_allowlist,
                "denylist": self.voila_configuration.file_denylist, "path": str(self.course)}),
            (r"/voila/templates/(.*)", TemplateAssetHandler),
        ]
        routes = []
        for pattern, handler, *kwargs in ours + super().init_handlers():
            public = issubclass(handler, (LoginFormHandler, LogoutHandler))
            routes.append((pattern, gated(handler, public), *kwargs))
        return routes

    def start(self):
        from tornado.ioloop import IOLoop

        IOLoop.current().add_callback(lambda: self.kernel_manager.fill_pool())
        super().start()

    def launch_browser(self):
        url = self.options.url(self.port)
        print(f"Coaching Lab site: {url}", flush=True)
        if self.options.open_browser:
            webbrowser.open(url, new=2)


def serve(options: SiteOptions) -> int:
    """Serve the course until interrupted; returns the exit status."""
    course = Path(options.course)
    if not course.is_dir():
        print(f"There is no course folder at {course}.", file=sys.stderr)
        return 1
    # Voila finds templates on the Jupyter data path: ours comes first.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), os.environ.get("JUPYTER_PATH")) if p)
    app = CourseSite()
    app.setup(options)
    app.update_config(voila_config(options, app.modules))
    app.initialize(argv=[])
    app.start()
    return 0
