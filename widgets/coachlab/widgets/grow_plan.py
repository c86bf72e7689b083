"""The GrowPlan widget: a GROW plan (Whitmore: Goal, Reality, Options, Will) built on earlier answers.

Above the plan it shows, read-only, the earlier saved answers the lesson names in ``draw_from``
(a reflection's answers, a plan's stages, a self-assessment's ratings, ...), or where to answer
them when they are missing. The four stages save as the learner types.
"""
from __future__ import annotations

from html import escape
from typing import Callable

import ipywidgets as w
from traitlets import Dict

from ..views.practice_html import earlier_answer_html, grow_plan_html
from ..content.practicedata import DrawFrom, GrowSpec, GrowStage
from ..store import AnswerStore
from .autosave import Autosaving


class StageField(w.VBox):
    """One GROW stage: its question and a text area labelled with the stage's name."""

    def __init__(self, stage: GrowStage, value: str = ""):
        self.stage = stage
        self.area = w.Textarea(value=value, description=stage.label, placeholder=stage.placeholder or "Write here…",
                               layout=w.Layout(width="100%", min_height="6em"), style={"description_width": "7em"})
        super().__init__([w.HTML(f"<p class='coachlab-question'><strong>{escape(stage.question)}</strong></p>"),
                          self.area], layout=w.Layout(margin="0 0 1em 0"))


class GrowPlan(Autosaving):
    """A GROW plan that saves as the learner types, shown under the earlier answers it builds on."""

    stages = Dict()

    def __init__(self, spec: GrowSpec, store: AnswerStore, key: str | None = None,
                 open_store: Callable[[str], AnswerStore] = AnswerStore.for_lesson,
                 labels: Callable[[DrawFrom], dict[str, str]] = lambda source: {}):
        self.spec, self._open_store, self._labels = spec, open_store, labels
        key = key or f"grow/{spec.id}"
        record = store.record(key)
        saved = (record or {}).get("value", {}).get("stages", {})
        self.fields = {s.key: StageField(s, saved.get(s.key, "")) for s in spec.stages}
        self.earlier = w.HTML(self._earlier_html())
        whose = (f"<p><strong>Whose plan:</strong> {escape(spec.subject)}</p>"
                 if spec.subject and spec.subject != "you" else "")
        body = [w.HTML(whose), self.earlier] + list(self.fields.values())
        self._frame(store, key, spec.title, spec.intro, body, "coachlab-grow")
        self.stages = {k: f.area.value for k, f in self.fields.items()}
        self._restored(record, "Your plan saves as you type.")
        for field in self.fields.values():
            field.area.observe(self._edited, "value")

    def sources(self) -> list[tuple[DrawFrom, dict | None]]:
        """Each earlier answer named in the data, with its saved record (None if not answered)."""
        found = []
        for source in self.spec.draw_from:
            try:
                record = self._open_store(source.lesson).record(source.key)
            except OSError:
                record = None
            found.append((source, record))
        return found

    def _earlier_html(self) -> str:
        sources = self.sources()
        if not sources:
            return ""
        return ("<section class='coachlab-earlier-answers' aria-label='What you wrote earlier'>"
                "<h4>What you wrote earlier</h4>" + "".join(earlier_answer_html(s, r, self._labels(s)) for s, r in sources)
                + "</section>")

    def refresh(self) -> None:
        """Read the earlier answers again (after answering one in another notebook)."""
        self.earlier.value = self._earlier_html()

    def _edited(self, _change) -> None:
        self.stages = {k: f.area.value for k, f in self.fields.items()}
        self._save(lambda old: {**(old or {}), "stages": dict(self.stages)})

    def write(self, **stages: str) -> None:
        """Type into stages by key (goal, reality, options, will), as a learner would."""
        for k, text in stages.items():
            self.fields[k].area.value = text

    def to_html(self) -> str:
        """The plan, with the earlier answers it builds on, as read-only HTML."""
        saved = (self.store.get(self.key) or {}).get("stages", {})
        return grow_plan_html(self.spec, saved, self.sources(), self._labels)
