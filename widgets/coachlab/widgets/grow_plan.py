"""The GrowPlan widget: a GROW plan (Whitmore: Goal, Reality, Options, Will) built on earlier answers.

Above the plan it shows, read-only, the earlier saved answers the lesson names in ``draw_from``
(a reflection's answers, a plan's stages, a self-assessment's ratings, ...), or where to answer
them when they are missing. The four stages save as the learner types.
"""
from __future__ import annotations

from html import escape
from collections.abc import Callable

import ipywidgets as w
from traitlets import Dict

from ..views.practice_html import earlier_answer_html, grow_plan_html
from ..content.practicedata import DrawFrom, GrowSpec, GrowStage
from ..store import AnswerStore, record_key
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
        self._stores: dict[str, AnswerStore] = {}  # one per lesson drawn from: its notices name every record skipped
        record = self._open(store, key or record_key("grow", spec.id))
        saved = (record or {}).get("value", {}).get("stages", {})
        self.fields = {s.key: StageField(s, saved.get(s.key, "")) for s in spec.stages}
        self.earlier = w.HTML(self._earlier_html())
        whose = (f"<p><strong>Whose plan:</strong> {escape(spec.subject)}</p>"
                 if spec.subject and spec.subject != "you" else "")
        body = [w.HTML(whose), self.earlier] + list(self.fields.values())
        self._frame(spec.title, spec.intro, body, "coachlab-grow")
        self._collect()
        for k, field in self.fields.items():
            self._bind(("stages", k), field.area, field.stage.label)
            field.area.observe(self._collect, "value")
        self._restored(record, "Your plan saves as you type.")

    def sources(self) -> list[tuple[DrawFrom, dict | None]]:
        """Each earlier answer named in the data, with its saved record (None if not answered)."""
        found = []
        for source in self.spec.draw_from:
            if source.lesson not in self._stores:
                self._stores[source.lesson] = self._also_reads(self._open_store(source.lesson))
            try:
                record = self._stores[source.lesson].record(source.key)
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
        """Read the plan and the earlier answers again (after answering in another tab or notebook)."""
        super().refresh()
        self.earlier.value = self._earlier_html()
        self._show_notices()

    def _collect(self, _change=None) -> None:
        self.stages = {k: f.area.value for k, f in self.fields.items()}

    def write(self, **stages: str) -> None:
        """Type into stages by key (goal, reality, options, will), as a learner would."""
        for k, text in stages.items():
            self.fields[k].area.value = text

    def to_html(self) -> str:
        """The plan, with the earlier answers it builds on, as read-only HTML."""
        saved = (self.store.get(self.key) or {}).get("stages", {})
        return grow_plan_html(self.spec, saved, self.sources(), self._labels)
