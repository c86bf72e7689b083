"""A base for the practice widgets: a titled box that saves to the store and says so in a status line."""
from __future__ import annotations

from html import escape
from typing import Any, Callable

import ipywidgets as w
from traitlets import Unicode

from ..views.render import local_time, paragraphs
from ..store import AnswerStore
from .common import STYLE, status_html, store_notice

class Autosaving(w.VBox):
    """A practice widget's frame: title, intro, store notice, body and an announced status line."""

    status = Unicode()

    def _frame(self, store: AnswerStore, key: str, title: str, intro: str, body: list, css: str) -> None:
        """Build the box (call once from the subclass's __init__, after reading the store)."""
        self.store, self.key = store, key
        self.status_line = w.HTML()
        head = [w.HTML(f"{STYLE}<h3>{escape(title)}</h3>{paragraphs(intro) if intro else ''}")]
        notice = store_notice(store)
        super().__init__(head + ([notice] if notice else []) + body + [self.status_line],
                         layout=w.Layout(max_width="52em"))
        self.add_class("coachlab-widget")
        self.add_class("coachlab-practice")
        self.add_class(css)
        self.observe(lambda c: setattr(self.status_line, "value", status_html(c["new"])), "status")

    def _restored(self, record: dict | None, fresh: str = "Your answers save automatically as you go.") -> None:
        self.status = f"Restored your answers saved {local_time(record['saved_at'])}." if record else fresh

    def _save(self, change: Callable[[Any], Any]) -> dict | None:
        """Save ``change(old_value)``; on a disk error keep everything on screen and say it was not saved."""
        try:
            record = self.store.update(self.key, change)
        except OSError as e:
            self.status = f"Not saved: {e.strerror or e}. Your text is still here; copy it somewhere safe."
            return None
        self.status = f"Saved {local_time(record['saved_at'])}."
        return record
