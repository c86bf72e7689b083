"""A cohort's course folder: where its gradebook and submissions live, and its nbgrader settings.

The folder sits outside the repository (it holds learners' reflections). Its ``nbgrader_config.py``
is written on first use and points at this clone's ``solutions/`` and ``exercises/``; the machine's
own nbgrader settings (e.g. the exchange of a JupyterHub) are read first, as nbgrader reads them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..content.errors import CourseDataError, Problem

CONFIG_FILE = "nbgrader_config.py"
COURSE_ROOT_ENV = "COACHLAB_COURSE_ROOT"  # an installed course (solutions/, exercises/), e.g. on a hub
CONFIG_TEMPLATE = '''"""nbgrader settings of one Coaching Lab cohort: gradebook, submissions and feedback live here.

Written by `coachlab grade` on its first run in this folder. Keep the folder private: it holds
the learners' submitted reflections. Edit the exchange settings below to match your site; run
nbgrader commands (formgrader, release_assignment, db student import) from this folder.
"""
from pathlib import Path

from coachlab.grading.settings import apply

c = get_config()  # noqa: F821 (provided by nbgrader)
apply(c, root=Path(__file__).parent, solutions={solutions!r}, exercises={exercises!r})
c.CourseDirectory.course_id = "coachlab"
# The exchange folder through which learners fetch and submit (it must exist and be writable by all):
# c.Exchange.root = "/srv/nbgrader/exchange"
'''


@dataclass
class Course:
    """A cohort's course folder and the nbgrader objects that work on it."""

    root: Path
    config: object
    solutions: Path
    exercises: Path
    warnings: list[str] = field(default_factory=list)

    @property
    def db_url(self) -> str:
        return self.config.CourseDirectory.get("db_url") or f"sqlite:///{self.root / 'gradebook.db'}"

    @property
    def course_id(self) -> str:
        return self.config.CourseDirectory.course_id


def find_repo() -> Path | None:
    """Where the course's solutions/ and exercises/ are: ``$COACHLAB_COURSE_ROOT`` when set (an installed
    course, as on a hub; then nothing else is looked at), else the clone this package runs from (an
    editable install)."""
    if os.environ.get(COURSE_ROOT_ENV):
        repo = Path(os.environ[COURSE_ROOT_ENV])
        return repo if (repo / "solutions").is_dir() and (repo / "exercises").is_dir() else None
    repo = Path(__file__).resolve().parents[3]
    return repo if (repo / "solutions").is_dir() and (repo / "exercises").is_dir() else None


def open_course(course_dir: str | Path) -> Course:
    """Load (writing it on first use) the nbgrader configuration of the course folder *course_dir*."""
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_dir).expanduser().resolve()
    repo = find_repo()
    if repo is not None and root.is_relative_to(repo):
        raise CourseDataError(Problem(str(root), None, "the course folder is inside the Coaching Lab repository",
                                      "keep learners' submissions out of git: pass --course-dir with a folder "
                                      "outside the repository"))
    root.mkdir(parents=True, exist_ok=True)
    if not (root / CONFIG_FILE).exists():
        if repo is None:
            raise CourseDataError(Problem(str(root / CONFIG_FILE), None, "no nbgrader configuration, and the "
                                          "course's solutions/ and exercises/ cannot be found",
                                          "install Coaching Lab from a clone (pip install -e .), or write this file "
                                          "with apply(c, root=..., solutions=..., exercises=...)"))
        (root / CONFIG_FILE).write_text(CONFIG_TEMPLATE.format(solutions=str(repo / "solutions"),
                                                               exercises=str(repo / "exercises")), encoding="utf-8")
    config = site_config()
    config.merge(PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config())
    config.CourseDirectory.root = str(root)
    solutions = root / config.CourseDirectory.source_directory
    exercises = root / config.CourseDirectory.release_directory
    return Course(root, config, solutions, exercises)


def site_config():
    """The nbgrader settings of this machine and user (e.g. the exchange of a JupyterHub), as nbgrader
    reads them: every nbgrader_config.py on Jupyter's config path, the most specific last."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    for folder in reversed(jupyter_config_path()):
        if (Path(folder) / CONFIG_FILE).is_file():
            config.merge(PyFileConfigLoader(CONFIG_FILE, path=folder).load_config())
    return config
