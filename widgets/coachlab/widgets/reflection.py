"""The Reflection widget: labelled prompts, length guidance, autosave and restore."""
from __future__ import annotations

from html import escape

import ipywidgets as w
from traitlets import Dict, Unicode

from ..content.lessondata import Prompt, ReflectionSpec
from ..views.render import reflection_html, word_count
from ..store import AnswerStore, record_key
from .autosave import Autosaving


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


class Reflection(Autosaving):
    """A reflection exercise whose answers save as the learner types and come back on re-run."""

    answers = Dict()

    def __init__(self, spec: ReflectionSpec, store: AnswerStore, key: str | None = None):
        self.spec = spec
        record = self._open(store, key or record_key("reflection", spec.id))
        saved = (record or {}).get("value", {}).get("answers", {})
        self.fields = {p.id: PromptField(p, spec.min_words, spec.max_words, saved.get(p.id, ""))
                       for p in spec.prompts}
        framework = f"<p><small>Structure: {escape(spec.framework)}</small></p>" if spec.framework else ""
        self._frame(spec.title, spec.intro, list(self.fields.values()), "coachlab-reflection", framework)
        self._collect()
        for pid, field in self.fields.items():
            self._bind(("answers", pid), field.area, field.prompt.label)
            field.observe(self._collect, "value")
        self._restored(record, "Your answers save automatically as you type.")

    def _collect(self, _change=None) -> None:
        self.answers = {pid: f.value for pid, f in self.fields.items()}

    def to_html(self) -> str:
        """The saved answers as read-only HTML (for exports and graders)."""
        record = self.store.record(self.key)
        answers = (record or {}).get("value", {}).get("answers", {})
        return reflection_html(self.spec, answers, record["saved_at"] if record else None)
