"""The Reflection widget: labelled prompts, length guidance, autosave and restore."""
from __future__ import annotations

from html import escape

import ipywidgets as w
from traitlets import Dict, Unicode

from ..content.lessondata import Prompt, ReflectionSpec
from ..views.render import local_time, reflection_html, word_count
from ..store import AnswerStore
from .common import STYLE, status_html, store_notice


class PromptField(w.VBox):
    """One prompt: the question, a labelled text area, and a word count against the guidance."""

    value = Unicode()

    def __init__(self, prompt: Prompt, min_words: int = 0, max_words: int | None = None, value: str = ""):
        self.prompt, self.min_words, self.max_words = prompt, min_words, max_words
        self.area = w.Textarea(
            value=value, description=prompt.label, placeholder=prompt.placeholder or "Write here…",
            continuous_update=True, layout=w.Layout(width="100%"),
            style={"description_width": "9em"})
        self.count = w.HTML()
        super().__init__([w.HTML(f"<p class='coachlab-question'><strong>{escape(prompt.question)}</strong></p>"),
                          self.area, self.count], layout=w.Layout(margin="0 0 1em 0"))
        w.link((self.area, "value"), (self, "value"))
        self.observe(self._count, "value")
        self._count()

    def _count(self, _=None) -> None:
        n = word_count(self.value)
        goal = (f"about {self.min_words}–{self.max_words} words" if self.max_words
                else f"at least {self.min_words} words" if self.min_words else "")
        note = ""
        if self.max_words and n > self.max_words:
            note = " — longer than suggested; that is fine if every sentence earns its place"
        elif n and n < self.min_words:
            note = " — a little more detail will help you later"
        self.count.value = f"<small>{n} word{'s' * (n != 1)}{f' (suggested: {goal})' if goal else ''}{note}</small>"


class Reflection(w.VBox):
    """A reflection exercise whose answers save as the learner types and come back on re-run."""

    answers = Dict()
    status = Unicode()

    def __init__(self, spec: ReflectionSpec, store: AnswerStore, key: str | None = None):
        self.spec, self.store = spec, store
        self.key = key or f"reflection/{spec.id}"
        record = store.record(self.key)
        saved = (record or {}).get("value", {}).get("answers", {})
        self.fields = {p.id: PromptField(p, spec.min_words, spec.max_words, saved.get(p.id, ""))
                       for p in spec.prompts}
        self.status_line = w.HTML()
        header = [w.HTML(f"{STYLE}<h3>{escape(spec.title)}</h3>")]
        if spec.intro:
            header.append(w.HTML(f"<p>{escape(spec.intro)}</p>"))
        if spec.framework:
            header.append(w.HTML(f"<p><small>Structure: {escape(spec.framework)}</small></p>"))
        notice = store_notice(store)
        super().__init__(header + ([notice] if notice else []) + list(self.fields.values()) + [self.status_line],
                         layout=w.Layout(max_width="52em"))
        self.add_class("coachlab-widget")
        self.add_class("coachlab-reflection")
        self.answers = {pid: f.value for pid, f in self.fields.items()}
        self.observe(lambda c: setattr(self.status_line, "value", status_html(c["new"])), "status")
        self.status = (f"Restored your answer saved {local_time(record['saved_at'])}." if record
                       else "Your answers save automatically as you type.")
        for field in self.fields.values():
            field.observe(self._edited, "value")

    def _edited(self, _change) -> None:
        self.answers = {pid: f.value for pid, f in self.fields.items()}
        try:
            record = self.store.put(self.key, {"answers": self.answers})
        except OSError as e:
            self.status = f"Not saved: {e.strerror or e}. Your text is still here; copy it somewhere safe."
            return
        self.status = f"Saved {local_time(record['saved_at'])}."

    def to_html(self) -> str:
        """The saved answers as read-only HTML (for exports and graders)."""
        record = self.store.record(self.key)
        answers = (record or {}).get("value", {}).get("answers", {})
        return reflection_html(self.spec, answers, record["saved_at"] if record else None)
