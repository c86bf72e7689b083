"""Module pages run ahead of time: a kernel that has already run a module, and the page as HTML.

Voila's own ``--preheat_kernel`` does this, and a page then opens about as fast as a static one;
but the page stays as it was when the kernel warmed: a learner who answered since would get their
older answers back, and the next keystroke would save over the newer ones. A ready page here also
keeps every answers file its widgets read, with the version of each just before it was read
(:func:`coachlab.store.files_read`, asked of the kernel once the module has run), and is handed out
only while all of them are unchanged (:meth:`ReadyPage.current`). A page whose answers changed since
is dropped: that request runs the module afresh, and the pool runs it ahead again for the next visit.
"""
from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voila.notebook_renderer import NotebookRenderer
from voila.utils import get_page_config

from ..store import file_version

Version = tuple[int, int, int] | None

# Asked of a kernel after its module has run: the answers files it read (see ReadyPage).
FILES_READ = "__import__('json').dumps(__import__('coachlab.store', fromlist=['files_read']).files_read())"


@dataclass
class ReadyPage:
    """A module page rendered in advance by its own running kernel."""

    module: str  # the notebook's API path, e.g. "02_jerome.ipynb"
    kernel_id: str
    html: str
    reads: dict[str, Version] = field(default_factory=dict)

    def current(self) -> bool:
        """True while every file the page was made from (answers, notebook, course data) is as it was then."""
        return all(file_version(path) == version for path, version in self.reads.items())


def course_files(root: str | Path, module: str) -> dict[str, Version]:
    """The module's notebook and the course's data files (prompts, scenarios), with their versions now:
    a page made ready before an author edited one of them is not handed out either."""
    root = Path(root)
    files = [root / module, *sorted((root / "data").rglob("*.y*ml"))]
    return {os.path.abspath(f): file_version(f) for f in files}


def parse_reads(text: str) -> dict[str, Version]:
    """What the kernel answered to `FILES_READ` (the repr of a JSON string) as paths and versions."""
    reads = json.loads(ast.literal_eval(text))
    return {path: tuple(v) if v else None for path, v in reads.items()}


def renderer_for(app: Any, module: str) -> NotebookRenderer:
    """The renderer Voila itself uses for a page, set up as Voila's preheating sets it up."""
    settings = app.app.settings
    page_config = get_page_config(base_url=app.base_url, settings=settings, log=app.log,
                                  voila_configuration=app.voila_configuration)
    return NotebookRenderer(
        voila_configuration=app.voila_configuration, traitlet_config=app.config, notebook_path=module,
        template_paths=app.template_paths, config_manager=app.config_manager,
        contents_manager=app.contents_manager, base_url=app.base_url, kernel_spec_manager=app.kernel_spec_manager,
        page_config=page_config, mathjax_config=settings.get("mathjax_config"), mathjax_url=settings.get("mathjax_url"))


def kernel_env(app: Any, module: str) -> dict[str, str]:
    """The environment of a kernel that runs *module* ahead of time (what Voila gives a page's kernel
    that it can know before the request)."""
    return {**os.environ, "VOILA_PREHEAT": "False", "VOILA_BASE_URL": app.base_url,
            "VOILA_SERVER_URL": app.app.settings.get("server_url", "/"), "SCRIPT_NAME": f"{app.base_url}voila/render/{module}",
            "PATH_INFO": "", "QUERY_STRING": ""}
