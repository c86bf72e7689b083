"""The landing page: every module with its time, description and the learner's progress.

Rendered by the site's server process on each visit (no kernel, so it is instant and always
current), from the same stylesheet as the module pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..progress import DONE, IN_PROGRESS, NO_EXERCISES, NOT_STARTED, UNREADABLE, Progress, lesson_progress
from .modules import Module

TEMPLATES = Path(__file__).parent / "share" / "voila" / "templates" / "coachlab"
ICONS = {DONE: "✓", IN_PROGRESS: "◐", NOT_STARTED: "○", NO_EXERCISES: "–", UNREADABLE: "⚠"}


@dataclass(frozen=True)
class Entry:
    """A module as the landing page lists it."""

    module: Module
    progress: Progress

    @property
    def icon(self) -> str:
        """A symbol for the status; decorative, the words beside it carry the meaning."""
        return ICONS[self.progress.status]


@dataclass(frozen=True)
class Resume:
    """The module the learner should open next, how to say it, and the exercise to pick up."""

    module: Module
    verb: str
    exercise: str = ""  # the title of the first core exercise not done yet


def minutes_left(listed: list[Entry]) -> int:
    """About how many minutes of the core path are left: each module's core time, less the share done."""
    left = 0.0
    for e in listed:
        minutes, p = e.module.minutes or 0, e.progress
        if p.status == DONE:
            continue
        left += minutes * (1 - p.done / p.total) if p.total else minutes
    return int(round(left / 5) * 5) if left > 5 else int(round(left))


def entries(modules: list[Module], course: Path) -> list[Entry]:
    """Each module with the learner's progress in it, read now from the answer store."""
    return [Entry(m, lesson_progress(m.lesson, course / "data")) for m in modules]


def resume(listed: list[Entry]) -> Resume | None:
    """The first module not yet done: "Continue" it if begun, else "Start" (or "Next")."""
    begun = any(e.progress.status in (DONE, IN_PROGRESS) for e in listed)
    for e in listed:
        if e.progress.status == IN_PROGRESS:
            return Resume(e.module, "Continue where you left off", e.progress.next_title)
        if e.progress.status == NOT_STARTED:
            return Resume(e.module, "Next" if begun else "Start the course")
    return None


_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)


def landing_html(listed: list[Entry], base_url: str = "/", data_folder: str = "") -> str:
    """The landing page as HTML."""
    return _env.get_template("landing.html.j2").render(
        entries=listed, resume=resume(listed), base_url=base_url, data_folder=data_folder,
        minutes_left=minutes_left(listed), all_done=bool(listed) and all(
            e.progress.status in (DONE, NO_EXERCISES) for e in listed))
