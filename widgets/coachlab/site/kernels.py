"""Warm kernels for the site: module pages run ahead of time, and a pool of started kernels with the
course's imports done.

A ready page (``ready_pages.py``) is a kernel that has already run a module, with the page rendered:
it opens about as fast as a static page. Voila's own ``--preheat_kernel`` does the same, but would
hand out a page whose widgets restored the answers as they were when it ran; a ready page is handed
out only while the answers files it read are unchanged, else dropped and made again. The pool keeps
one ready page per module (``ready_pages`` of them, starting with the module the learner is most
likely to open next), and ``pool_size`` kernels that only started and imported, for any page without
a ready one: the notebook then runs when the page is requested, against the answers saved at that moment.

A pooled kernel is started before the request, so it lacks the per-request variables Voila sets
for a kernel started on request (QUERY_STRING, SCRIPT_NAME...): course notebooks do not use them.

A closed page frees its kernel at once (``release``, called when the page's closing request
arrives); kernels of pages that vanished without one (a crash, a lost connection) are culled by
jupyter_server's idle culler (``cull_idle_timeout``/``cull_interval``); the pooled kernels, idle
by design, and the kernels of ready pages are exempt from both.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import time
from typing import Any

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Integer, Unicode

from .ready_pages import FILES_READ, ReadyPage, course_files, kernel_env, parse_reads, renderer_for

WARMUP = """
def __coachlab_warm():
    import importlib, pkgutil
    names = ["ipywidgets", "coachlab", "coachlab.course", "coachlab.widgets"]
    import sys
    try:
        import coachlab.widgets as w
        names += [f"coachlab.widgets.{m.name}" for m in pkgutil.iter_modules(w.__path__)]
    except Exception as e:
        print(f"coachlab warm-up: coachlab.widgets could not be listed: {e!r}", file=sys.stderr)
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as e:  # the page then imports it itself and shows the error where it happens
            print(f"coachlab warm-up: {name} could not be imported: {e!r}", file=sys.stderr)
__coachlab_warm()
del __coachlab_warm
"""


RETRY_AFTER = 60.0  # seconds before the pool tries again to make a ready page that failed
STALE = "its answers or course files changed since it ran"

# How a page's kernel starts: ipykernel as its launcher starts it (without the working folder on
# the import path), minus the debugger. Learners cannot run code, so a debugger serves nobody, and
# importing debugpy is about a third of a kernel's start-up, which twenty learners arriving at
# once pay twenty times.
LAUNCH = ("import sys; sys.path[:] = [p for p in sys.path if p]; sys.modules['debugpy'] = None; "
          "from ipykernel import kernelapp; kernelapp.launch_new_instance()")


class SiteKernelSpecManager(KernelSpecManager):
    """Kernel specs as installed, with ipykernel's launcher replaced by `LAUNCH`."""

    def get_kernel_spec(self, kernel_name):
        spec = super().get_kernel_spec(kernel_name)
        if spec.argv[1:3] == ["-m", "ipykernel_launcher"]:
            spec.argv = [spec.argv[0], "-c", LAUNCH, *spec.argv[3:]]
        return spec


class WarmKernelManager(AsyncMappingKernelManager):
    """A mapping kernel manager that hands out pre-started, pre-imported kernels when it has one."""

    pool_size = Integer(1, config=True, help="Warm kernels kept ready (0: start each kernel on request).")
    pool_kernel_name = Unicode("python3", config=True, help="Kernel spec of the pooled kernels.")
    pool_path = Unicode("", config=True, help="API path (working folder) of the pooled kernels.")
    ready_pages = Integer(8, config=True, help="Module pages kept run ahead of time, one kernel each (about 60 MB), "
                          "starting with the module the learner is likely to open next (-1: every module; 0: none).")
    ready_timeout = Float(120.0, config=True, help="Seconds a module may take to run ahead of time; one that takes "
                          "longer (a cell that never ends) is rendered on request instead, and tried again later.")
    warmup_code = Unicode(WARMUP, config=True, help="Code run silently in a pooled kernel once it is up.")
    fill_delay = Float(1.0, config=True, help="Seconds without a page being opened before the pool warms its next "
                       "kernel, so that the pages being opened do not share the processor with it.")
    release_quiet = Float(1.0, config=True, help="Seconds a closed page's kernel must be idle, with no page "
                          "connected, before it stops: the page's last messages (a final save) are handled first.")
    release_timeout = Float(20.0, config=True, help="Seconds after which a closed page's kernel stops even if it "
                            "is still busy or connected.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ready: list[str] = []
        self._pages: dict[str, ReadyPage] = {}  # module -> its ready page
        self._failed: dict[str, float] = {}  # module -> when making its ready page last failed
        self._releasing: set[str] = set()
        self._warming = 0
        self._rendering = 0  # module pages being opened right now
        self._last_page = 0.0  # when the last one was opened (time.monotonic())
        self._filler: asyncio.Future | None = None
        self._closing = False

    # handing out ------------------------------------------------------------

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):  # type: ignore[override]  # jupyter_client types the async manager's methods as sync
        """A warm kernel when one fits (same spec and folder), else a kernel started now."""
        fits = kernel_id is None and (path or "") == self.pool_path and \
            kwargs.get("kernel_name", self.pool_kernel_name) == self.pool_kernel_name
        while fits and self._ready:
            kid = self._ready.pop(0)
            if kid in self and await ensure_async(self.get_kernel(kid).is_alive()):
                self.log.info("Coaching Lab: using warm kernel %s", kid)
                self.fill_pool()
                return kid
        kid = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        self.fill_pool()
        return kid

    async def take_ready_page(self, module: str) -> ReadyPage | None:
        """The ready page of *module* if there is one and its answers are still those on disk
        (else None: the page is then rendered on request)."""
        page = self._pages.pop(module, None)
        if page is None:
            return None
        self.fill_pool()
        if page.kernel_id not in self or not await ensure_async(self.get_kernel(page.kernel_id).is_alive()):
            return None
        if not page.current():
            self._drop(page, STALE)
            return None
        self.log.info("Coaching Lab: using ready page of %s (kernel %s)", module, page.kernel_id)
        return page

    def likely_modules(self) -> list[str]:
        """The modules to keep ready, the likeliest next first (the site knows the learner's progress)."""
        order = getattr(self.parent, "likely_modules", None)
        modules = order() if callable(order) else []
        return modules if self.ready_pages < 0 else modules[:self.ready_pages]

    @contextlib.contextmanager
    def page_rendering(self):
        """Around a module page's rendering: the pool waits for the pages being opened."""
        self._rendering += 1
        try:
            yield
        finally:
            self._rendering -= 1
            self._last_page = time.monotonic()

    # filling ------------------------------------------------------------------

    def fill_pool(self) -> None:
        """Refill the pool in the background: one kernel at a time, and only while no page is being
        opened (and for ``fill_delay`` seconds after the last one), so that warming kernels for later
        never slows the learners arriving now (twenty arriving at once would otherwise also wait for
        twenty kernels warming behind them)."""
        if not self._closing and self._filler is None:
            self._filler = asyncio.ensure_future(self._fill())

    def _next_job(self) -> tuple[str, str] | None:
        """What the pool should prepare next: the likeliest module's ready page, then the warm kernels,
        then the other ready pages. Ready pages whose answers changed, or no longer wanted, go first."""
        now = time.monotonic()
        wanted = [m for m in self.likely_modules() if now - self._failed.get(m, -RETRY_AFTER) >= RETRY_AFTER]
        for module, page in list(self._pages.items()):
            if module not in wanted or not page.current():
                del self._pages[module]
                self._drop(page, STALE if module in wanted else "not needed")
        missing = [m for m in wanted if m not in self._pages]
        if missing and missing[0] == wanted[0]:
            return "page", missing[0]
        if len(self._ready) < self.pool_size:
            return "kernel", ""
        return ("page", missing[0]) if missing else None

    async def _fill(self) -> None:
        try:
            while not self._closing:
                while self._rendering or time.monotonic() - self._last_page < self.fill_delay:
                    await asyncio.sleep(0.2)
                    if self._closing:
                        return
                job = self._next_job()
                if job is None:
                    return
                await (self._make_page(job[1]) if job[0] == "page" else self._warm_one())
        finally:
            self._filler = None

    def _drop(self, page: ReadyPage, why: str) -> None:
        """Stop the kernel of a ready page taken out of the pool (in the background)."""
        self.log.info("Coaching Lab: ready page of %s (kernel %s) dropped: %s", page.module, page.kernel_id, why)
        asyncio.ensure_future(self.shutdown_kernel(page.kernel_id, now=True))

    async def _make_page(self, module: str) -> None:
        """Run *module* in a new kernel and keep the rendered page (see ``ready_pages.py``)."""
        kid = None
        began = time.monotonic()
        try:
            app: Any = self.parent  # the site's Voila application
            sources = course_files(app.root_dir, module)
            renderer = renderer_for(app, module)
            await renderer.initialize()
            kid = await super().start_kernel(kernel_name=renderer.notebook.metadata.kernelspec.name,
                                             path=os.path.dirname(module),  # type: ignore[arg-type]  # an API path is a str
                                             env=kernel_env(app, module))
            html = await asyncio.wait_for(renderer.generate_content_str(kid, self.get_kernel(kid)), self.ready_timeout)
            reply = await self._run_silently(kid, "", timeout=self.ready_timeout, expressions={"reads": FILES_READ})
            reads = {**sources, **parse_reads(reply["user_expressions"]["reads"]["data"]["text/plain"])}
            if self._closing or module in self._pages:
                return  # the finally clause stops this one
            self._pages[module] = ReadyPage(module, kid, html, reads)
            self.log.info("Coaching Lab: ready page of %s (kernel %s) made in %.1f s", module, kid,
                          time.monotonic() - began)
            kid = None
        except Exception as e:  # a module that fails to run ahead is rendered on request, as without a pool
            self.log.warning("Coaching Lab: the page of %s could not be made ready (%s)", module,
                             f"it ran longer than {self.ready_timeout:g} s" if isinstance(e, TimeoutError) else e)
            self._failed[module] = time.monotonic()  # not tried again for RETRY_AFTER seconds
        finally:
            if kid is not None and kid in self:
                await self.shutdown_kernel(kid, now=True)

    async def _warm_one(self) -> None:
        kid = None
        self._warming = 1
        try:
            env = {**os.environ, "VOILA_PREHEAT": "False", "VOILA_BASE_URL": "/", "VOILA_SERVER_URL": "/"}
            kid = await super().start_kernel(kernel_name=self.pool_kernel_name, path=self.pool_path, env=env)  # type: ignore[arg-type]  # jupyter_client types the async manager's methods as sync
            await self._run_silently(kid, self.warmup_code)
            if self._closing:
                return  # the finally clause shuts it down
            self._ready.append(kid)
            self.log.info("Coaching Lab: warm kernel %s ready", kid)
            kid = None
        except Exception as e:  # a kernel that fails to warm is not offered; pages start their own
            self.log.warning("Coaching Lab: a warm kernel could not be prepared (%s)", e)
            await asyncio.sleep(self.fill_delay)  # and the next try is not a tight loop
        finally:
            self._warming = 0
            if kid is not None and kid in self:
                await self.shutdown_kernel(kid, now=True)

    async def _run_silently(self, kernel_id: str, code: str, timeout: float = 120,
                            expressions: dict[str, str] | None = None) -> dict:
        """Run *code* (and evaluate *expressions*) in the kernel, unseen by any page; the reply's content."""
        client = self.get_kernel(kernel_id).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=timeout)  # type: ignore[misc]  # jupyter_client types the async manager's methods as sync
            msg_id = client.execute(code, silent=True, store_history=False, user_expressions=expressions or {})
            while True:
                reply = await client.get_shell_msg(timeout=timeout)  # type: ignore[misc]  # jupyter_client types the async manager's methods as sync
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply["content"]
        finally:
            client.stop_channels()

    # releasing, culling and shutting down -------------------------------------------

    def release(self, kernel_id: str) -> None:
        """A page has closed: stop its kernel once the page's last messages are handled."""
        if kernel_id in self and not self._pooled(kernel_id) and kernel_id not in self._releasing:
            self._releasing.add(kernel_id)
            asyncio.ensure_future(self._release(kernel_id))

    async def _release(self, kernel_id: str) -> None:
        deadline = time.monotonic() + self.release_timeout
        try:
            while kernel_id in self and time.monotonic() < deadline:
                kernel: Any = self.get_kernel(kernel_id)  # jupyter_server adds last_activity, execution_state
                quiet = time.time() - kernel.last_activity.timestamp()
                if (not self._kernel_connections.get(kernel_id) and kernel.execution_state == "idle"
                        and quiet >= self.release_quiet):
                    break
                await asyncio.sleep(max(0.1, self.release_quiet - quiet))
            if kernel_id in self:
                self.log.info("Coaching Lab: page closed, stopping its kernel %s", kernel_id)
                await self.shutdown_kernel(kernel_id)
        except Exception as e:  # the culler stops it later
            self.log.warning("Coaching Lab: the kernel of a closed page could not be stopped (%s)", e)
        finally:
            self._releasing.discard(kernel_id)
            self.fill_pool()  # the page's answers may have changed: its module's ready page is made again

    # culling and shutting down -------------------------------------------------

    def _pooled(self, kernel_id: str) -> bool:
        """A kernel waiting in the pool: warm, or behind a ready page."""
        return kernel_id in self._ready or any(p.kernel_id == kernel_id for p in self._pages.values())

    async def cull_kernel_if_idle(self, kernel_id):
        """Cull as jupyter_server does, but never a kernel waiting in the pool."""
        if self._pooled(kernel_id):
            return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):  # type: ignore[override]  # jupyter_client types the async manager's methods as sync
        if kernel_id in self._ready:
            self._ready.remove(kernel_id)
        for module in [m for m, p in self._pages.items() if p.kernel_id == kernel_id]:
            del self._pages[module]
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def shutdown_all(self, *args, **kwargs):  # type: ignore[override]  # jupyter_client types the async manager's methods as sync
        self._closing = True
        self._ready.clear()
        self._pages.clear()
        return await super().shutdown_all(*args, **kwargs)
